import { failoverTimes, heldThroughFaults } from '../mail/failover-time';
import type { MessageOutcome } from '../mail/message-outcome';
import type { ClientClock } from '../model/client-clock';
import type { ChaosRecord, ScenarioResult, StepTiming, TopologySummary } from '../report/scenario-result';
import type { ScenarioDefinition } from './define-scenario';
import type { ExpectationResult } from './expectations';
import { documentedFailure, judgeMessages } from './judge-run';
import type { RunEvidence } from './run-evidence';

/** What the story itself recorded as it played: when each step ran, the checks made on the way, the chaos drawn. */
export interface PlayedStory {
  runId: string;
  /** Real epoch ms the run started at; every time in the result is measured from it. */
  startedAtMs: number;
  durationMs: number;
  clock: ClientClock;
  steps: StepTiming[];
  checks: ExpectationResult[];
  chaos: ChaosRecord[];
  topology: TopologySummary;
}

/**
 * The run's result: a pure function of the scenario, the evidence and the story as played, so that
 * what is judged and how is here alone (and a unit test can judge a run again without containers).
 */
export function runVerdict(scenario: ScenarioDefinition, evidence: RunEvidence, story: PlayedStory): ScenarioResult {
  const { messages, identities, faults, connections } = evidence;
  const failovers = failoverTimes(faults, messages, story.startedAtMs, identities, evidence.clientTimeouts, story.clock, connections);
  const heldThrough = heldThroughFaults(faults, messages, story.startedAtMs, identities);
  const stepChecks = [...story.checks, ...relayWitnessCheck(messages, evidence.relayLogs)];
  const expectations = judgeMessages(scenario, messages, identities, stepChecks, failovers, connections);
  const passed = expectations.every((expectation) => expectation.passed);
  const documented = documentedFailure(scenario, evidence.client.mta, passed);
  return {
    scenario: scenario.name,
    description: scenario.description,
    source: scenario.source,
    startedAt: new Date(story.startedAtMs).toISOString(),
    steps: story.steps,
    topology: story.topology,
    runId: story.runId,
    client: { mta: evidence.client.mta, version: evidence.client.version },
    clock: { timing: scenario.timing ?? 'test', speed: story.clock.speed, precisionMs: story.clock.precisionMs() },
    passed,
    ...(documented ? { documented } : {}),
    durationMs: story.durationMs,
    messages,
    expectations,
    identities,
    stepChecks,
    failovers,
    ...(connections.some((session) => session.result) ? { sessions: connections } : {}),
    ...(heldThrough.length ? { heldThrough } : {}),
    ...(story.chaos.length ? { chaos: story.chaos } : {}),
    findings: [...(scenario.notes ?? []), ...evidence.client.warnings.map((warning) => `${CLIENT_FINDING}${warning}`), ...evidence.incidents],
  };
}

const CLIENT_FINDING = 'client: ';

/** The fatal lines of the client's own daemons among a run's findings, in their words (a daemon that died on its configuration). */
export function clientFatals(findings: readonly string[]): string[] {
  return findings.filter((finding) => finding.startsWith(CLIENT_FINDING) && /\bfatal:/.test(finding)).map((finding) => finding.slice(CLIENT_FINDING.length));
}

/**
 * The relays' own logs as witnesses: every message attributed to a relay that logs receipts must
 * be in that relay's log, so a carried-by never rests on the client's word or the headers alone.
 */
export function relayWitnessCheck(messages: MessageOutcome[], relayLogs: RunEvidence['relayLogs']): ExpectationResult[] {
  const carried = messages.flatMap((message) => message.deliveries.flatMap((d) => (d.carriedBy ? [{ relay: d.carriedBy, messageId: message.messageId }] : [])));
  const checked = carried.filter((c) => relayLogs.get(c.relay));
  if (relayLogs.size === 0) return [];
  const unseen = checked.filter((c) => !relayLogs.get(c.relay)!.has(c.messageId));
  return [{
    description: "each carried-by agrees with the relay's own log",
    passed: unseen.length === 0,
    detail: unseen.length ? `not in the relay's log: ${unseen.slice(0, 5).map((c) => `${c.messageId} (${c.relay})`).join(', ')}` : `${checked.length} deliveries found in their relays' logs`,
  }];
}
