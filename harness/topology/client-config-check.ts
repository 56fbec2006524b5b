import { GenericContainer, Wait } from 'testcontainers';
import type { HarnessImages } from '../engine/image-builder';
import { clientMta } from '../mta/registry';
import { ScenarioInputError } from '../util/errors';
import { runLabels } from './run-labels';
import { activeRuns, removeRun } from './run-cleanup';
import { RunNetwork } from './run-network';
import { topologyMembers, type TopologyPlan } from './topology';

/** Any /24 does: the check runs with no network, and only the files' addresses need filling in. */
const CHECK_PREFIX = '10.213.0';
/** testcontainers' one-shot wait on a container that exited non-zero (it has no error class of its own). */
const ONE_SHOT_FAILED = /^Container failed to start for /;

/**
 * The client's configuration as the run would give it (the site's file with what the harness lays
 * over it, its tables), checked by the client image's own start script in a container with no
 * network, which stops after the MTA's own check (HARNESS_CONFIG_CHECK). A file the MTA refuses is
 * bad input in the MTA's words, before any member of the run starts.
 */
export async function checkClientConfig(plan: TopologyPlan, images: HarnessImages): Promise<void> {
  const members = topologyMembers(plan, images, new RunNetwork(plan.runId, 'none', CHECK_PREFIX));
  const kind = clientMta(members.layout.client.mta);
  const { files, environment } = members.client.freshState();
  const printed: string[] = [];
  activeRuns.add(plan.runId);
  try {
    await new GenericContainer(images.mtas[kind.kind])
      .withName(`${plan.runId}-client-check`)
      .withLabels(runLabels(plan.runId, plan.scenario))
      .withNetworkMode('none')
      .withEnvironment({ ...environment, HARNESS_CONFIG_CHECK: '1' })
      .withCopyContentToContainer(files)
      .withLogConsumer((stream) => stream.on('data', (chunk: Buffer | string) => printed.push(String(chunk))))
      .withWaitStrategy(Wait.forOneShotStartup())
      .withStartupTimeout(60_000)
      .start();
  } catch (error) {
    // Only the check's own non-zero exit is the MTA's refusal; an engine that failed under it is not bad input.
    if (!ONE_SHOT_FAILED.test((error as Error).message)) throw error;
    throw new ScenarioInputError(`${kind.title} refuses the client's configuration: ${wordsOf(printed.join('')) || 'it exited non-zero, saying nothing'}`);
  } finally {
    await removeRun(plan.runId).catch(() => undefined);
    activeRuns.delete(plan.runId);
  }
}

/** What the MTA printed as one line: a log line's time stamp dropped, a line that ends in ":" run on into the next. */
function wordsOf(printed: string): string {
  const lines = printed.split('\n').map((line) => line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? /, '').trim()).filter(Boolean);
  return lines.reduce((text, line) => (text ? `${text}${text.endsWith(':') ? ' ' : '; '}${line}` : line), '');
}
