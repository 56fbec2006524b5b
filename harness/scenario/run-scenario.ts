import { randomBytes } from 'node:crypto';
import { ScenarioInputError } from '../util/errors';
import { ensureEngine } from '../engine/container-engine';
import { EngineLostError, isEngineGone } from '../engine/engine-watch';
import { ensureImages } from '../engine/image-builder';
import type { TopologyPlan } from '../topology/topology';
import type { TopologyPool } from '../topology/topology-pool';
import { withTopology } from '../topology/topology-fixture';
import { checkClientConfig } from '../topology/client-config-check';
import { saveArtifacts } from '../report/artifacts';
import type { ScenarioResult } from '../report/scenario-result';
import { Progress, silentProgress } from '../util/progress';
import type { ScenarioDefinition } from './define-scenario';
import { StoryPlayer } from './story-player';
import { ClientClock } from '../model/client-clock';
import { clientOf, runSpeed } from '../mta/client-choice';
import { clientMta } from '../mta/registry';
import { assertValidScenario, assertZoneLoads } from './validate-scenario';
import { stepEffects } from './step-registry';
import { clientFatals } from './run-verdict';

export interface RunOptions {
  progress?: Progress;
  /** Where logs go when the run fails. Default ./artifacts */
  artifactsRoot?: string;
  /** Keep the containers after the run (debugging). */
  keep?: boolean;
  /** Play on a kept topology of the same shape when the pool has one, and keep this one for the next run. */
  pool?: TopologyPool;
  /** The Debian release the client MTA's image is built from (default the harness's own); DNS, sink and relays stay on the harness's. */
  suite?: string;
}

/** The whole flow: validate, prepare the engine and images, start, play the steps, judge, tear down. */
export async function runScenario(scenario: ScenarioDefinition, options: RunOptions = {}): Promise<ScenarioResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = Date.now();
  assertValidScenario(scenario, scenario?.name ?? 'scenario');
  progress.info(`scenario ${scenario.name}: ${scenario.description}`);
  const clock = new ClientClock(runSpeed(scenario), 0, clientMta(clientOf(scenario).mta).deliveryLatencyMs);
  progress.info(`timing: ${scenario.timing ?? 'test'}, client clock ${clock.speed}×` +
    (clock.scaled ? ` (a figure at the client's clock is good to ±${(clock.precisionMs() / 1000).toFixed(0)} s: a log stamp's second and ${clock.latencyMs} ms of real delivery latency counted ${clock.speed} times)` : ''));
  await ensureEngine(progress);
  // Another release builds only this run's client from it.
  const images = await ensureImages(progress, options.suite ? [clientOf(scenario).mta] : undefined, options.suite);
  await assertZoneLoads(scenario, images.dns);

  const plan = topologyPlanFor(scenario);
  const { runId } = plan;
  const members = scenario.servers.length + (scenario.cachingResolver ? 3 : 2);
  // With a pool, the pool says whether it reused a kept topology or started one.
  progress.info(options.pool ? `run ${runId}: ${members} containers, from a kept topology of this shape if there is one` : `starting ${members} containers for run ${runId}`);
  return withTopology(plan, images, { progress, keep: options.keep, pool: options.pool, artifactsRoot: options.artifactsRoot }, async (acquired, watch) => {
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
      if (!result.passed) result.artifactsDir = await saveArtifacts(topology, result, options.artifactsRoot, runId);
      return result;
    } catch (error) {
      // A dead engine has nothing to save; anything else leaves the logs for the user.
      if (!(error instanceof EngineLostError) && !isEngineGone(error)) {
        await saveArtifacts(topology, undefined, options.artifactsRoot, runId).then((dir) => progress.info(`logs saved to ${dir}`), () => undefined);
      }
      throw error;
    } finally {
      play.close();
    }
  });
}

/**
 * The client's configuration as a run of this scenario would give it, checked by its MTA in a
 * container of its own with no network: a file it refuses is bad input before anything starts.
 */
export async function assertClientConfigLoads(scenario: ScenarioDefinition, progress: Progress = silentProgress): Promise<void> {
  assertValidScenario(scenario, scenario?.name ?? 'scenario');
  await ensureEngine(progress);
  const images = await ensureImages(progress, [clientOf(scenario).mta]);
  await checkClientConfig(topologyPlanFor(scenario), images);
}

/**
 * A client that died on its own file when it first used a setting (Postfix reads a daemon's values
 * only when it starts that daemon: a bad smtp_connect_timeout passes \`postfix status\`, and the smtp
 * client dies on the first delivery): the input is bad, said in the MTA's words from its log.
 */
export function assertClientUsedItsConfig(scenario: ScenarioDefinition, result: Pick<ScenarioResult, 'findings'>): void {
  const [fatal] = clientFatals(result.findings);
  if (fatal) throw new ScenarioInputError(`${clientMta(clientOf(scenario).mta).title} refuses the client's configuration when it first uses it: ${fatal}`);
}

/** The topology a scenario asks for, under a run id of its own. */
export function topologyPlanFor(scenario: ScenarioDefinition): TopologyPlan {
  return {
    runId: `mrh-${scenario.name}-${randomBytes(3).toString('hex')}`,
    scenario: scenario.name,
    domain: scenario.domain,
    zone: scenario.zone,
    reverseZone: scenario.reverseZone,
    servers: scenario.servers,
    client: scenario.client,
    route: scenario.route,
    clientFiles: scenario.clientFiles,
    cachingResolver: scenario.cachingResolver,
    hostNumbers: scenario.hostNumbers,
    ipv6: scenario.ipv6,
    stoppedByAStep: serversRestartedByAStep(scenario),
    downFromTheStart: serversDownFromTheStart(scenario),
    timing: scenario.timing ?? 'test',
    speed: runSpeed(scenario),
  };
}

/**
 * Servers the first steps stop, before anything else happens, and no later step brings back or
 * restarts: a kept topology may hand them over stopped, as those steps would leave them.
 */
function serversDownFromTheStart(scenario: ScenarioDefinition): Set<string> {
  const leading = scenario.steps.findIndex((step) => stepEffects.stops(step).length === 0 || stepEffects.scheduled(step));
  const first = leading < 0 ? scenario.steps : scenario.steps.slice(0, leading);
  const later = leading < 0 ? [] : scenario.steps.slice(leading);
  const back = new Set(later.flatMap((step) => [...stepEffects.bringsUp(step), ...stepEffects.restarts(step)]));
  return new Set(first.flatMap(stepEffects.stops).filter((name) => !back.has(name)));
}

/** Servers a step stops, kills or restarts (chaos among them): their queues stay on disk, to survive as a real server's would. */
function serversRestartedByAStep(scenario: ScenarioDefinition): Set<string> {
  return new Set(scenario.steps.flatMap(stepEffects.restarts));
}
