import { getContainerRuntimeClient } from 'testcontainers';
import { HARNESS_LABEL } from '../../harness/topology/run-labels';

/** Containers and networks that carry the harness label right now. */
export async function harnessLeftovers(): Promise<{ containers: string[]; networks: string[] }> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const filters = JSON.stringify({ label: [HARNESS_LABEL] });
  const containers = await dockerode.listContainers({ all: true, filters });
  const networks = await dockerode.listNetworks({ filters });
  return { containers: containers.map((c) => c.Names.join(',')), networks: networks.map((n) => n.Name) };
}
