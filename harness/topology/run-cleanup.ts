import { engineApi } from '../engine/engine-api';
import type { Network, NetworkInspectInfo } from 'dockerode';
import { sleep } from '../util/wait-until';
import { HARNESS_LABEL, RUN_LABEL } from './run-labels';

export interface CleanupReport {
  containers: number;
  networks: number;
  /** Networks the engine still refused to remove after the retries (by name). */
  refused: string[];
}

/** Removes every container, then every network, that carries the label (a run's, or all the harness's). */
export async function removeLabelled(label: string): Promise<CleanupReport> {
  const dockerode = await engineApi();
  const filters = JSON.stringify({ label: [label] });
  const containers = await dockerode.listContainers({ all: true, filters });
  await Promise.all(containers.map(async (info) => {
    const container = dockerode.getContainer(info.Id);
    // A paused container (a relay frozen by a step) force-removed as it is makes dockerd resume a
    // killed process ("cannot resume a stopped container"), and once in CI that left a stale
    // endpoint no retry removed (only a restart of dockerd did): thawed first, it goes as any other.
    if (info.State === 'paused') await container.unpause().catch(() => undefined);
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }));
  const networks = await dockerode.listNetworks({ filters });
  const removed = await Promise.all(networks.map((info) => removeNetwork(dockerode.getNetwork(info.Id))));
  const refused = networks.filter((_, i) => !removed[i]).map((info) => info.Name);
  return { containers: containers.length, networks: networks.length - refused.length, refused };
}

/**
 * A network whose containers were just force-removed may still count their endpoints for a moment
 * (dockerd logs "key modified ... retrying" while it deletes them under load), and then refuses
 * removal ("has active endpoints"): so a refusal is retried for up to 15 s, with any endpoint still
 * listed disconnected by force first. One the engine counts an endpoint too many on (none listed)
 * is refused until dockerd restarts (engine/endpoint-turns.ts): false then.
 */
async function removeNetwork(network: Network): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await network.remove();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return true;
      if (Date.now() > deadline) return false;
      const endpoints = Object.values(((await network.inspect().catch(() => ({}))) as NetworkInspectInfo).Containers ?? {});
      await Promise.all(endpoints.map((endpoint) => network.disconnect({ Container: endpoint.Name, Force: true }).catch(() => undefined)));
      await sleep(250);
    }
  }
}

export const removeRun = (runId: string) => removeLabelled(`${RUN_LABEL}=${runId}`);
export const removeEverything = () => removeLabelled(HARNESS_LABEL);

/** Runs in progress in this process, so that Ctrl-C can tear them down. */
export const activeRuns = new Set<string>();

/**
 * Networks this process has asked the engine for and not yet heard back about. The engine makes
 * one whatever happens to the asker, and a sweep cannot see it before the answer: Ctrl-C waits
 * for these before it sweeps.
 */
const creating = new Set<Promise<unknown>>();
let refusing = false;

/** From Ctrl-C on, nothing new is created: a run that goes on to its next step meets this instead. */
export function refuseNewCreations(): void {
  refusing = true;
}

export function whileCreating<T>(create: () => Promise<T>): Promise<T> {
  if (refusing) return Promise.reject(new Error('interrupted: nothing new is created while the run is torn down'));
  const creation = create();
  creating.add(creation);
  const settled = () => creating.delete(creation);
  creation.then(settled, settled);
  return creation;
}

/** Resolves once nothing asked of the engine is still being created, or at the deadline. */
export async function creationsSettled(deadline: number): Promise<void> {
  while (creating.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...creating]), new Promise((wake) => (timer = setTimeout(wake, Math.max(0, deadline - Date.now()))))]);
    clearTimeout(timer);
  }
}
