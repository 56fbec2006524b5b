import type { ScenarioResult } from '../report/scenario-result';
import { clientMta } from '../mta/registry';

/** A row of the conformance matrix: a behaviour, the catalog scenario that shows it, and its figure. */
export interface Behaviour {
  behaviour: string;
  /** The claim the row tests, in the seeds' words where they have it. */
  claim: string;
  scenario: string;
}

/** The rows, in the order a reader meets the questions. Each scenario routes neutrally (byMx, viaSrv). */
export const BEHAVIOURS: Behaviour[] = [
  { behaviour: 'equal-preference MX share', claim: 'seed 003: MTAs "randomly select from equal preference servers"', scenario: 'mx-equal-preference' },
  { behaviour: 'several A records behind one MX name', claim: 'seed 003: "under the full control of the DNS server"', scenario: 'multiple-a-records' },
  { behaviour: "an MX host's IPv6 address dead, its IPv4 address serving", claim: 'seed 002 (RFC 5321 §5.1): "A or AAAA", each address tried until one succeeds', scenario: 'mx-aaaa-dead' },
  { behaviour: 'backup MX when the primary is dead, primary again when back', claim: 'seed 001: "you will never lose mails"', scenario: 'mx-hot-standby' },
  { behaviour: 'connection refused → next MX host', claim: 'seed 003: "selects another MX record"; RFC 5321 §5.1: the next MX host on failure', scenario: 'fault-mx-pair-refused' },
  { behaviour: 'accepts TCP, never greets → next MX host', claim: 'RFC 5321 §4.5.3.2 timeouts', scenario: 'fault-mx-pair-paused' },
  { behaviour: '421 greeting → next MX host', claim: 'RFC 5321 §3.8', scenario: 'fault-mx-pair-greeting-4xx' },
  { behaviour: '554 greeting → next MX host', claim: 'RFC 5321 §3.1: 554 at the greeting means no SMTP service at that host', scenario: 'fault-mx-pair-greeting-5xx' },
  { behaviour: 'dead MX host (killed) → next MX host', claim: 'seed 003: "non-reachable MX record"', scenario: 'fault-mx-pair-killed' },
  { behaviour: 'SRV priority: next priority when the first dies', claim: 'seed 000 (RFC 6186/2782)', scenario: 'fault-killed' },
  { behaviour: 'SRV weights 75:25', claim: 'seed 000: weights share the load', scenario: 'srv-weights-75-25' },
  { behaviour: 'null MX (MX 0 .) → bounced, never the A record', claim: 'RFC 7505 §3: "MUST NOT" fall back to the A record', scenario: 'null-mx-0' },
  { behaviour: 'MX 10 . (not a null MX) → bounced or queued, never the A record', claim: 'RFC 7505 §3: a null MX is preference 0; RFC 5321 §5.1: no usable MX is an error', scenario: 'null-mx-10' },
  { behaviour: 'all relays down (SRV) → queued, delivered later', claim: 'seed 001: "you will never lose mails"', scenario: 'all-relays-down' },
  { behaviour: 'both MX hosts down → queued, delivered later', claim: 'seed 001: "you will never lose mails"; RFC 5321 §4.5.4.1: queued and retried', scenario: 'all-relays-down-mx' },
  { behaviour: 'primary MX with five addresses, all refusing → backup MX', claim: 'RFC 5321 §5.1: each address in turn until one succeeds (a client MAY limit how many, and SHOULD try at least two)', scenario: 'mx-primary-five-addresses' },
  { behaviour: "recipient domain's DNS fails → fallback relay (given by address)", claim: 'Sendmail op.me FallbackMXhost ("also used if the name server lookup fails", V8.10+); postconf(5) smtp_fallback_relay; Exim fallback_hosts', scenario: 'fallback-relay-dns-failure' },
  { behaviour: 'MX 0 . beside a real MX → delivered or bounced, never lost', claim: 'RFC 7505 §3: a null MX "MUST NOT" stand beside other MX; RFC 5321 §6.1: delivered or returned, never lost', scenario: 'null-mx-beside-real-mx' },
  { behaviour: '554 greeting at the last MX host → queued until it serves', claim: 'seed 001: "you will never lose mails"; RFC 5321 §3.1: a 554 greeting says the host has no service, not that the message is refused', scenario: 'mx-last-host-5xx' },
];

/**
 * What a cell can say, each only on its evidence:
 * - holds: mail went where the row says, within its bound;
 * - holds by the relays: it went there, but the client's log does not tell every try it made;
 * - holds, slower: it went round every fault, only later than the row's bound (set for Postfix's test timing);
 * - fails: mail went elsewhere, was lost, bounced or stayed queued against the row;
 * - not exercised: the client's log shows no try at the broken server, so the row says nothing of it;
 * - cannot: the client has no means to follow the route; error: the run itself broke.
 */
export const VERDICTS = ['holds', 'holds by the relays', 'holds, slower', 'fails', 'not exercised', 'cannot', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A cell: the verdict on one client with the figure it rests on. */
export interface MatrixCell {
  verdict: Verdict;
  /** Counts and p-values for a share, time-to-failover for a fault, the failing sentence otherwise. */
  figure: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The figure a cell shows: what was measured, whatever the verdict. */
export function cellFigure(result: ScenarioResult): string {
  const parts: string[] = [];
  for (const expectation of result.expectations) {
    const distribution = expectation.distribution;
    if (!distribution) continue;
    const counts = Object.entries(distribution.observed).map(([name, n]) => `${name} ${n}`).join(' / ');
    const fitting = distribution.models.filter((model) => model.fits).map((model) => model.name);
    parts.push(`${counts}; fits: ${fitting.length ? fitting.join(', ') : 'none'}`);
  }
  for (const failover of result.failovers ?? []) {
    // On a fast clock, at the client's clock: the figure production would see.
    const took = failover.clientMs !== undefined ? failover.clientMs : failover.failoverMs;
    const clock = failover.speed && failover.speed !== 1 ? ` at the client's clock (${failover.speed}×)` : '';
    parts.push(`${failover.fault} ${failover.server}: ${took === null ? 'no failover' : `failover ${seconds(took)}${clock}`}`);
  }
  const failed = result.expectations.find((expectation) => !expectation.passed && !expectation.timeBound && !expectation.byClientLog);
  if (failed && !failed.distribution) parts.push(`${failed.description}: ${failed.detail}${failed.rule ? ` (judged by ${failed.rule})` : ''}`);
  const unlogged = result.expectations.find((expectation) => !expectation.passed && expectation.byClientLog);
  if (unlogged) parts.push(`the client's log does not say so: ${unlogged.description}: ${unlogged.detail}`);
  // Where no share or failover says it: what became of the messages, in the client's words.
  if (!parts.length) {
    const fates = new Map<string, string | undefined>();
    for (const message of result.messages) if (!fates.has(message.status)) fates.set(message.status, message.clientLog?.detail);
    parts.push([...fates].map(([status, detail]) => `${result.messages.filter((m) => m.status === status).length} ${status}${detail && status !== 'delivered' ? ` (${detail})` : ''}`).join(', '));
  }
  return parts.join('; ');
}

/** Settings the client's own warnings say it does not know ("unused parameter: use_srv_lookup=submission"). */
function unknownSettings(result: ScenarioResult): string[] {
  return (result.findings ?? []).filter((finding) => /^client: .*unused parameter/.test(finding)).map((finding) => finding.replace(/^client: /, ''));
}

/**
 * Whether the client met any fault of the run: false only when its log traces tries, none of them at
 * a broken server, and it would have logged one (a client that logs no try it moved on from cannot
 * be said not to have made it).
 */
function metTheFault(result: ScenarioResult): boolean {
  const faults = result.failovers ?? [];
  if (!faults.length) return true;
  const kind = result.client ? clientMta(result.client.mta) : undefined;
  return faults.some((fault) => fault.metBy === undefined || !fault.trailed || fault.metBy > 0 || kind?.unloggedTry?.(fault.fault) !== undefined);
}

/**
 * A cell's verdict is the behaviour's: mail went where the scenario says, given that the client met
 * the fault at all. A time bound gone round only later than the scenario's bound, and tries the
 * client's log leaves unsaid, give verdicts of their own, never a plain "holds" for a run that failed.
 */
export function cellOf(result: ScenarioResult): MatrixCell {
  const failed = result.expectations.filter((expectation) => !expectation.passed);
  const aside = failed.filter((expectation) => expectation.byClientLog);
  const slower = failed.filter((expectation) => expectation.timeBound);
  // What the client said it does not know is never left out of a cell, passed or not.
  const unknown = unknownSettings(result);
  const figure = [unknown.length ? `${result.client?.version ?? 'the client'} says ${unknown.join('; ')}` : '', cellFigure(result)].filter(Boolean).join('; ') +
    slower.map((e) => `; slower than the scenario's ${seconds(e.timeBound!.boundMs)} bound`).join('');
  // A release that lacks a setting the row needs (Postfix 3.7 and use_srv_lookup) has no means to follow it.
  if (failed.length > slower.length + aside.length && unknown.length) return { verdict: 'cannot', figure };
  if (!metTheFault(result)) {
    const faults = (result.failovers ?? []).map((fault) => `${fault.fault} ${fault.server}`).join(', ');
    return { verdict: 'not exercised', figure: `the client's log shows no try at a broken server (${faults}): the row did not make it meet the fault; ${figure}` };
  }
  // A failure the client's own documentation foretells says which sentence.
  if (failed.length > slower.length + aside.length) return { verdict: 'fails', figure: result.documented ? `${figure}; as documented: ${result.documented}` : figure };
  if (slower.length) return { verdict: 'holds, slower', figure };
  return { verdict: aside.length ? 'holds by the relays' : 'holds', figure };
}
