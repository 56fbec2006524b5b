import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineLostError, EngineWatch, engineLost, isEngineGone } from '../engine/engine-watch';
import type { HarnessImages } from '../engine/image-builder';
import { ContainerStartError } from '../containers/harness-container';
import { saveRunLogs } from './run-logs';
import { SetupError } from '../util/errors';
import type { Progress } from '../util/progress';
import { activeRuns, removeRun } from './run-cleanup';
import { startTopology, TopologyPlan, TopologyStartError } from './topology';
import type { AcquiredTopology, TopologyPool } from './topology-pool';

export interface TopologyFixtureOptions {
  progress: Progress;
  /** Leave the containers up when the use is over (then `npm run clean`). */
  keep?: boolean;
  /** Take a kept topology of the same shape from here, and give this one back to it. */
  pool?: TopologyPool;
  /** Where a start failure's logs go. */
  artifactsRoot?: string;
  /** How the containers are named when kept, for the sentence that says so. */
  keptNames?: string;
}

/**
 * One run's topology from set-up to teardown, for every command that plays one (a scenario run,
 * the walkthrough): started or taken from a pool, used while the engine is watched, then removed,
 * kept, or given back to the pool. A use that throws leaves nothing a pool would hand out again.
 */
export async function withTopology<T>(plan: TopologyPlan, images: HarnessImages, options: TopologyFixtureOptions, use: (acquired: AcquiredTopology, watch: EngineWatch) => Promise<T>): Promise<T> {
  const { progress, pool } = options;
  activeRuns.add(plan.runId);
  let acquired: AcquiredTopology | undefined;
  let healthy = false;
  const watch = new EngineWatch();
  try {
    acquired = await watch.guard(pool ? pool.acquire(plan, images, progress) : startTopology(plan, images).then((topology) => ({ topology, reused: false })))
      .catch(async (error: unknown) => {
        if (error instanceof EngineLostError) throw error;
        throw error instanceof TopologyStartError ? await explainStartFailure(error, options.artifactsRoot) : error;
      });
    const value = await use(acquired, watch);
    healthy = true;
    return value;
  } catch (error) {
    // Whatever call met a dead engine first, the run says so in one sentence.
    throw isEngineGone(error) ? engineLost((error as Error).message) : error;
  } finally {
    watch.stop();
    // A kept topology goes back to its pool; one whose use threw is removed, as is every other by its label.
    if (await watch.isLost()) {
      progress.info("the engine is gone: its containers stay until 'npm run clean'");
    } else if (pool && acquired) {
      if (healthy) await pool.release(acquired.topology);
      else await pool.remove(acquired.topology);
      progress.info(healthy ? `containers kept for the next run of this shape: ${acquired.topology.runId}` : 'containers and network removed');
    } else if (!options.keep) {
      await removeRun(plan.runId);
      progress.info('containers and network removed');
    } else progress.info(`containers kept (remove with npm run clean): ${options.keptNames ?? plan.runId}`);
    // A pool's kept topology stays listed for Ctrl-C under the id of the run that started it.
    if (!pool || acquired?.topology.runId !== plan.runId) activeRuns.delete(plan.runId);
  }
}

const LAST_LINES = 8;

/** A member did not start: save every container's log before teardown, and quote the member's last lines. */
async function explainStartFailure(error: TopologyStartError, artifactsRoot?: string): Promise<SetupError> {
  const saved = await saveRunLogs(error.runId, artifactsRoot).catch(() => undefined);
  // The engine removes a container that never became ready; what it printed was kept while it started.
  const printed = error.reason instanceof ContainerStartError ? error.reason.printed : [];
  const log = saved?.logs.get(error.member)?.trim().split('\n') ?? printed;
  if (saved && !saved.logs.has(error.member) && printed.length) writeFileSync(join(saved.dir, `${error.member}.log`), printed.join('\n') + '\n');
  const tail = log.slice(-LAST_LINES).map((line) => `  ${line}`).join('\n');
  const where = saved ? ` (logs saved to ${saved.dir})` : '';
  return new SetupError(`${error.message}${where}; its last lines:\n${tail || '  (it printed nothing)'}`);
}
