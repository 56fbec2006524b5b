import type { ClientTiming } from '../model/client-clock';
import { carriedBy, deliveryProblem } from '../mail/message-outcome';
import type { ChaosRecord, ScenarioResult, StepTiming, TopologySummary } from './scenario-result';
import type { Delivery, MessageOutcome } from '../mail/message-outcome';
import { formatTrail, Attempt } from '../mail/attempt-trail';
import type { FailoverTime, HeldThrough } from '../mail/failover-time';
import type { ExpectationResult } from '../scenario/expectations';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

const MAX_ROWS = 30;

/**
 * The end-of-run table: message, carried by, expected, ok; then each expectation with its detail.
 * Bulk runs get one row per step and carrier instead, with the number of messages.
 */
export function formatResult(result: ScenarioResult): string {
  // A client that logs addresses only (OpenSMTPD) is named by address.
  const nameOf = (host: string) => result.identities?.find((server) => server.hostname === host || server.address === host)?.name ?? host;
  const rows = result.messages.map((message) => {
    const relay = carriedBy(message);
    const expected = message.expectCarriedBy;
    const delivered = deliveryProblem(message) === null;
    // A message its step made no claim about is judged by the expectations below, not here.
    const ok = expected ? (delivered && relay !== null && expected.includes(relay) ? 'ok' : 'FAIL') : delivered ? 'ok' : '·';
    const trail = formatTrail(message.attempts ?? [], nameOf);
    const carrier = relay ?? (message.status === 'lost' ? `lost at ${message.lostAt}`
      : message.status === 'duplicated' ? `${message.deliveries.length}×: ${message.deliveries.map((d) => d.carriedBy ?? d.peerAddress).join(' + ')}`
      : message.status);
    return { id: message.id, step: message.step, carrier, expected: expected ? expected.join(' | ') : 'any', ok, trail };
  });
  // The attempt trail is shown when some message needed more than one try: that is where faults show.
  const showTrail = result.messages.some((message) => (message.attempts ?? []).some((attempt) => attempt.result !== 'sent'));
  let printed: string[][];
  if (rows.length <= MAX_ROWS) {
    printed = [['message', 'carried by', 'expected', 'ok', ...(showTrail ? ['attempts'] : [])],
      ...rows.map((row) => [row.id, row.carrier, row.expected, row.ok, ...(showTrail ? [row.trail] : [])])];
  } else {
    const groups = new Map<string, string[]>();
    for (const row of rows) {
      const key = [`step ${row.step + 1}`, row.carrier, row.expected, row.ok].join('\0');
      groups.set(key, [...(groups.get(key) ?? []), row.id]);
    }
    printed = [['step', 'carried by', 'expected', 'ok', 'messages'],
      ...[...groups].map(([key, ids]) => [...key.split('\0'), String(ids.length)])];
  }
  const lines = [table(printed), ''];
  for (const expectation of result.expectations) {
    lines.push(`${expectation.passed ? 'PASS' : 'FAIL'}  ${expectation.description}: ${expectation.detail}`);
    // A failure says what it was judged by, so a reader can check the rule before the MTA.
    if (!expectation.passed && expectation.rule) lines.push(`      judged by ${expectation.rule}`);
  }
  for (const f of result.failovers ?? []) {
    lines.push(faultLine(f));
  }
  for (const h of result.heldThrough ?? []) {
    lines.push(`HELD  ${h.fault} ${h.server} at ${(h.startMs / 1000).toFixed(1)} s: ${h.messages.length} message${h.messages.length === 1 ? '' : 's'} it had accepted before, delivered once it was back (${h.messages.slice(0, 5).join(', ')}${h.messages.length > 5 ? ', ...' : ''})`);
  }
  for (const finding of result.findings) lines.push(`NOTE  ${finding}`);
  if (result.documented) lines.push(`DOCUMENTED  ${result.client?.version ?? 'the client'} fails this as its own documentation says: ${result.documented}`);
  lines.push('', `${result.scenario}: ${result.passed ? 'PASSED' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s`);
  if (result.artifactsDir) lines.push(`container logs saved to ${result.artifactsDir}`);
  return lines.join('\n');
}

/**
 * "FAULT pause server-one at 2.9 s: first mail via server-two 5.02 s later (client's smtp_helo_timeout = 5s)";
 * on a fast clock every time at the client's clock first, the real time beside it.
 */
export function faultLine(f: FailoverTime): string {
  const speed = f.speed ?? 1;
  // When, in the run's own (real) time: the containers' start before the clock began has no client time.
  const at = `${(f.startMs / 1000).toFixed(1)} s`;
  const timeout = f.clientTimeout ? `client's ${f.clientTimeout}` : '';
  if (f.failoverMs === null) return `FAULT ${f.fault} ${f.server} at ${at}: no other relay carried mail that had tried it${timeout ? ` (${timeout})` : ''}`;
  const later = speed === 1
    ? `${(f.failoverMs / 1000).toFixed(2)} s later${timeout ? ` (${timeout})` : ''}`
    : `${((f.clientMs ?? f.failoverMs * speed) / 1000).toFixed(1)} s later at the client's clock (${(f.failoverMs / 1000).toFixed(2)} s here, ${speed}×${timeout ? `; ${timeout}` : ''})`;
  return `FAULT ${f.fault} ${f.server} at ${at}: first mail via ${f.carriedBy} ${later}`;
}

/** One message in the --json document. */
export interface JsonMessage {
  id: string;
  step: number;
  status: MessageOutcome['status'];
  carriedBy: string | null;
  expected: string[] | null;
  received: string[];
  submittedAt: string | null;
  deliveredAt: string | null;
  reverseDns: Delivery['reverseDns'] | null;
  queueId: string | null;
  problem: string | null;
  /** The relay that accepted the message and lost it, when its status is `lost`. */
  lostAt: string | null;
  duplicateReason?: string;
  /** Every host the client tried, in order: `[{ host, address, result, reply, at }]`. */
  attempts: Attempt[];
}

/** The --json document (also one entry of a nightly results.json). */
export interface JsonScenarioResult {
  scenario: string;
  description: string | null;
  source: string | null;
  client?: { mta: string; version: string } | null;
  /** Whose timing the client ran with, and its clock's speed (figures are at that clock). */
  timing?: ClientTiming;
  speed?: number;
  passed: boolean;
  durationMs: number;
  startedAt: string | null;
  steps: StepTiming[];
  topology: TopologySummary | null;
  messages: JsonMessage[];
  expectations: ExpectationResult[];
  failovers: FailoverTime[];
  /** Mail a relay held through its own outage. */
  heldThrough?: HeldThrough[];
  /** Each chaos step's schedule, as its seed drew it: the same seed gives the same schedule. */
  chaos?: ChaosRecord[];
  findings: string[];
  artifactsDir: string | null;
  /** Set when the client had no means for what the scenario asks: not run, neither a pass nor a failure. */
  unsupported?: string;
  /** A failure the client's own documentation foretells, cited: a finding of the night, not a regression. */
  documented?: string;
}

export function jsonResult(result: ScenarioResult): JsonScenarioResult {
  return {
    scenario: result.scenario,
    description: result.description ?? null,
    source: result.source ?? null,
    client: result.client ?? null,
    timing: result.clock?.timing ?? 'test',
    speed: result.clock?.speed ?? 1,
    passed: result.passed,
    durationMs: result.durationMs,
    startedAt: result.startedAt ?? null,
    steps: result.steps ?? [],
    topology: result.topology ?? null,
    messages: result.messages.map((message) => ({
      id: message.id,
      step: message.step,
      status: message.status,
      carriedBy: carriedBy(message),
      expected: message.expectCarriedBy,
      received: message.deliveries[0]?.received ?? [],
      submittedAt: message.submittedAt ?? null,
      deliveredAt: message.deliveries[0]?.deliveredAt ?? null,
      reverseDns: message.deliveries[0]?.reverseDns ?? null,
      queueId: message.queueId,
      problem: deliveryProblem(message),
      lostAt: message.lostAt ?? null,
      ...(message.duplicateReason ? { duplicateReason: message.duplicateReason } : {}),
      attempts: message.attempts ?? [],
    })),
    expectations: result.expectations,
    failovers: result.failovers ?? [],
    ...(result.heldThrough ? { heldThrough: result.heldThrough } : {}),
    ...(result.chaos ? { chaos: result.chaos } : {}),
    findings: result.findings,
    artifactsDir: result.artifactsDir ?? null,
    ...(result.documented ? { documented: result.documented } : {}),
  };
}
