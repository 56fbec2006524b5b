import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureEngine } from '../engine/container-engine';
import { ensureImages } from '../engine/image-builder';
import { startTopology, StartedTopology, TopologyStartError } from '../topology/topology';
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
  let topology: StartedTopology | undefined;
  try {
    progress.info(`starting ${scenario.servers.length + (scenario.cachingResolver ? 3 : 2)} containers for run ${runId}`);
    topology = await startTopology({
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
    }, images).catch(async (error: unknown) => {
      throw error instanceof TopologyStartError ? await explainStartFailure(error, options.artifactsRoot) : error;
    });
    progress.info(`network ${topology.network.subnet}: ${topology.members().map(([name, c]) => `${name} ${c.address}`).join(', ')}`);
    const play = new StoryPlayer(scenario, topology, runId, progress, startedAt);
    try {
      await play.steps();
      progress.info('collecting evidence from the sink and the client');
      const result = await play.verdict(Date.now() - startedAt);
      progress.info('verdict reached');
      if (!result.passed) result.artifactsDir = await saveArtifacts(topology, result, options.artifactsRoot);
      return result;
    } catch (error) {
      await saveArtifacts(topology, undefined, options.artifactsRoot).then(
        (dir) => progress.info(`logs saved to ${dir}`),
        () => undefined,
      );
      throw error;
    } finally {
      play.close();
    }
  } finally {
    // By label, so that a topology that failed halfway is removed too.
    if (!options.keep) {
      await removeRun(runId);
      progress.info('containers and network removed');
    } else progress.info(`containers kept (remove with npm run clean): ${runId}`);
    activeRuns.delete(runId);
  }
}

const LAST_LINES = 8;

/** Servers a step stops, kills or restarts: their queues stay on disk, to survive as a real server's would. */
function serversRestartedByAStep(scenario: ScenarioDefinition): Set<string> {
  return new Set(scenario.steps.flatMap((step) =>
    step.kind === 'stop' || (step.kind === 'fault' && (step.fault === 'kill' || step.fault === 'restart')) ? [step.server] : []));
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
