import { getContainerRuntimeClient } from 'testcontainers';
import { imageTags } from '../../harness/engine/image-builder';
import { RunNetwork } from '../../harness/topology/run-network';
import { removeRun } from '../../harness/topology/run-cleanup';
import { runLabels } from '../../harness/topology/run-labels';

// A run's network that the engine still counts an endpoint on refuses removal ("has active
// endpoints"); the cleanup disconnects what is listed by force and tries again.
describe('removeRun', () => {
  it('should remove a run network that still has an endpoint attached', async () => {
    const runId = `mrh-cleanup-test-${process.pid}`;
    const { dockerode } = (await getContainerRuntimeClient()).container;
    const network = await RunNetwork.create(runId, runLabels(runId, 'cleanup-test'));
    // Not labelled with the run: removeRun removes the network but not this container.
    const outsider = await dockerode.createContainer({ Image: imageTags().base, Cmd: ['sleep', '60'], name: `${runId}-outsider`, HostConfig: { NetworkMode: network.name } });
    try {
      await outsider.start();
      await removeRun(runId);
      const left = await dockerode.listNetworks({ filters: JSON.stringify({ name: [network.name] }) });
      expect(left.map((info) => info.Name)).toEqual([]);
    } finally {
      await outsider.remove({ force: true });
    }
  });
});
