import { getContainerRuntimeClient } from 'testcontainers';
import { HARNESS_LABEL, RUN_LABEL } from './run-labels';

export interface CleanupReport {
  containers: number;
  networks: number;
}

/** Removes every container, then every network, that carries the label (a run's, or all the harness's). */
export async function removeLabelled(label: string): Promise<CleanupReport> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const filters = JSON.stringify({ label: [label] });
  const containers = await dockerode.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((info) => dockerode.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined)),
  );
  const networks = await dockerode.listNetworks({ filters });
  await Promise.all(networks.map((info) => dockerode.getNetwork(info.Id).remove().catch(() => undefined)));
  return { containers: containers.length, networks: networks.length };
}

export const removeRun = (runId: string) => removeLabelled(`${RUN_LABEL}=${runId}`);
export const removeEverything = () => removeLabelled(HARNESS_LABEL);

/** Runs in progress in this process, so that Ctrl-C can tear them down. */
export const activeRuns = new Set<string>();
