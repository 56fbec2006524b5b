import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureEngine } from '../engine/container-engine';
import { EngineLostError, EngineWatch, engineLost, isEngineGone } from '../engine/engine-watch';
import { ensureImages } from '../engine/image-builder';
import { startTopology, TopologyPlan, TopologyStartError } from '../topology/topology';
import type { AcquiredTopology, TopologyPool } from '../topology/topology-pool';
import { activeRuns, removeRun } from '../topology/run-cleanup';
import { saveArtifacts, saveRunLogs } from '../report/artifacts';
import { SetupError } from '../util/errors';
import { ContainerStartError } from '../containers/harness-container';
import type { ScenarioResult } from '../report/scenario-result';
import { Progress, silentProgress } from '../util/progress';
import type { ScenarioDefinition } from './define-scenario';
import { StoryPlayer } from './story-player';
import { assertValidScenario, assertZoneLoads } from './validate-scenario';

export interface RunOptions {
  progress?: Progress;
  /** Where logs go when the run fails. Default ./artifacts */
  artifactsRoot?: string;
  /** Keep the containers after the run (debugging). */
  keep?: boolean;
  /** Play on a kept topology of the same shape when the pool has one, and keep this one for the next run. */
  pool?: TopologyPool;
}

/** The whole flow: validate, prepare the engine and images, start, play the steps, judge, tear down. */
export async function runScenario(scenario: ScenarioDefinition, options: RunOptions = {}): Promise<ScenarioResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = Date.now();
  assertValidScenario(scenario, scenario?.name ?? 'scenario');
  progress.info(`scenario ${scenario.name}: ${scenario.description}`);
  await ensureEngine(progress);
  const images = await ensureImages(progress);
  await assertZoneLoads(scenario, images.dns);

  const runId = `mrh-${scenario.name}-${randomBytes(3).toString('hex')}`;
  activeRuns.add(runId);
  const plan: TopologyPlan = {
    runId,
    scenario: scenario.name,
    domain: scenario.domain,
    zone: scenario.zone,
    reverseZone: scenario.reverseZone,
    servers: scenario.servers,
    client: scenario.client,
    route: scenario.route,
    clientFiles: scenario.clientFiles,
    cachingResolver: scenario.cachingResolver,
    stoppedByAStep: serversRestartedByAStep(scenario),
  };
  const pool = options.pool;
  let acquired: AcquiredTopology | undefined;
  let healthy = false;
  const watch = new EngineWatch();
  try {
    progress.info(`starting ${scenario.servers.length + (scenario.cachingResolver ? 3 : 2)} containers for run ${runId}`);
    acquired = await watch.guard(pool ? pool.acquire(plan, images, progress) : startTopology(plan, images).then((topology) => ({ topology, reused: false })))
      .catch(async (error: unknown) => {
        if (error instanceof EngineLostError) throw error;
        throw error instanceof TopologyStartError ? await explainStartFailure(error, options.artifactsRoot) : error;
      });
    const { topology } = acquired;
    progress.info(acquired.reused
      ? `reused the topology of run ${topology.runId}, reset in ${acquired.resetMs} ms`
      : `network ${topology.network.subnet}: ${topology.members().map(([name, c]) => `${name} ${c.address}`).join(', ')}`);
    const play = new StoryPlayer(scenario, topology, runId, progress, startedAt);
    try {
      await watch.guard(play.steps());
      progress.info('collecting evidence from the sink and the client');
      const result = await watch.guard(play.verdict(Date.now() - startedAt));
      if (acquired.reused && result.topology) result.topology.reused = { startedBy: topology.runId, resetMs: acquired.resetMs ?? 0 };
      progress.info('verdict reached');
      if (!result.passed) result.artifactsDir = await saveArtifacts(topology, result, options.artifactsRoot);
      healthy = true;
      return result;
    } catch (error) {
      // Whatever call met a dead engine first, the run says so in one sentence and saves nothing.
      if (error instanceof EngineLostError || isEngineGone(error)) throw error instanceof EngineLostError ? error : engineLost((error as Error).message);
      await saveArtifacts(topology, undefined, options.artifactsRoot).then(
        (dir) => progress.info(`logs saved to ${dir}`),
        () => undefined,
      );
      throw error;
    } finally {
      play.close();
    }
  } catch (error) {
    throw isEngineGone(error) ? engineLost((error as Error).message) : error;
  } finally {
    watch.stop();
    // A kept topology goes back to its pool; one whose run threw is removed, as is every other by its label.
    if (await watch.isLost()) {
      progress.info("the engine is gone: its containers stay until 'npm run clean'");
    } else if (pool && acquired) {
      if (healthy) await pool.release(acquired.topology);
      else await pool.remove(acquired.topology);
      progress.info(healthy ? `containers kept for the next run of this shape: ${acquired.topology.runId}` : 'containers and network removed');
    } else if (!options.keep) {
      await removeRun(runId);
      progress.info('containers and network removed');
    } else progress.info(`containers kept (remove with npm run clean): ${runId}`);
    // A kept topology stays listed for Ctrl-C under the id of the run that started it.
    if (!pool || acquired?.topology.runId !== runId) activeRuns.delete(runId);
  }
}

const LAST_LINES = 8;

/** Servers a step stops, kills or restarts (chaos among them): their queues stay on disk, to survive as a real server's would. */
function serversRestartedByAStep(scenario: ScenarioDefinition): Set<string> {
  return new Set(scenario.steps.flatMap((step) =>
    step.kind === 'stop' || (step.kind === 'fault' && (step.fault === 'kill' || step.fault === 'restart')) ? [step.server]
    : step.kind === 'chaos' && step.kinds.some((kind) => kind === 'kill' || kind === 'restart') ? step.servers
    : []));
}

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
