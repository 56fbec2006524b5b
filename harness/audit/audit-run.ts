import { carriedBy } from '../mail/message-outcome';
import { countBy } from '../scenario/expectations';
import { assertClientConfigLoads, assertClientUsedItsConfig, runScenario } from '../scenario/run-scenario';
import type { ScenarioResult } from '../report/scenario-result';
import { clientFatals } from '../scenario/run-verdict';
import { inParallel } from '../util/in-parallel';
import type { TopologyPool } from '../topology/topology-pool';
import type { Progress } from '../util/progress';
import type { AuditCell, AuditPlan } from './audit-plan';
import type { FaultEffect } from './audit-faults';

/** One cell as run: what the route predicted beside what the site's client did. */
export interface AuditCellResult {
  relay: string | null;
  fault: AuditCell['fault'];
  /** What the mail handed to the faulted relay meets: routed round, bounced, lost (absent: no fault at one relay). */
  effect?: FaultEffect;
  /** Relays stopped first, so that the client's route reached the faulted one. */
  stopped: string[];
  predicted: string[];
  /** Why the prediction is not the route's plain order, in the client's documented words (a retry hint). */
  because?: string;
  /** Carrier → messages; "queued", "bounced", "lost" and the like for mail no relay carried. */
  carriers: Record<string, number>;
  /** Each message's fate → messages: delivered, queued, bounced, lost, duplicated, missing. */
  fates: Record<string, number>;
  /** Time to go round the fault, at the client's clock; null where nothing went round. */
  clientMs: number | null;
  /** The client's own setting that wait is bounded by, e.g. "smtp_helo_timeout = 300s". */
  clientTimeout?: string;
  /** As predicted; differs; not exercised: the client never tried the faulted relay, so the cell says nothing of it. */
  verdict: 'as predicted' | 'differs' | 'not exercised';
  /** The failed sentences, when it differs. */
  why: string[];
}

export interface AuditResult {
  relays: string[];
  /** The client's timing and clock speed the cells played at ("own": the site's file as written). */
  timing: string;
  speed: number;
  cells: AuditCellResult[];
  /** What an admin should know, in sentences from what was measured (a single point of failure). */
  recommendations: string[];
  /** What reading the files found (a duplicate table key, a malformed list), each a sentence. */
  notes: string[];
  /** Every cell as predicted (or not exercised) and no relay whose fault held the mail while no other could carry it. */
  passed: boolean;
}

/** A time at the client's clock, as the table and the report print it. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cellName = (cell: Pick<AuditCellResult, 'fault' | 'relay'>) => `${cell.fault}${cell.relay ? ` at ${cell.relay}` : ''}`;
const total = (cell: AuditCellResult) => Object.values(cell.fates).reduce((a, b) => a + b, 0);
const undelivered = (cell: AuditCellResult) => total(cell) - (cell.fates.delivered ?? 0);

/**
 * What fails a cell beyond its verdict, as a sentence: a relay whose stop left the route nothing
 * else (with none stopped ahead of it), or a fault the client can see that left mail undelivered
 * while another relay was up. Undefined when neither.
 */
export function cellFinding(cell: AuditCellResult): string | undefined {
  if (cell.fault === 'stop' && cell.predicted.length === 0 && cell.stopped.length === 0) {
    // As predicted, every message waited in the client's queue while it was stopped (checked then), and went through it once back.
    return `${cell.relay} is a single point of failure: while it was stopped, ${cell.verdict === 'as predicted' ? `${total(cell)} of ${total(cell)} messages` : 'the messages'} waited in the client's queue (no other host to hand them to)`;
  }
  if (cell.effect === 'routed round' && cell.predicted.length > 0 && undelivered(cell) > 0) {
    return `${cellName(cell)}: ${undelivered(cell)} of ${total(cell)} messages were not delivered although ${cell.predicted.join(' or ')} was up (${Object.entries(cell.fates).map(([fate, k]) => `${k} ${fate}`).join(', ')})`;
  }
  return undefined;
}

/** One cell's result from its run: the judged step's messages, the fault's failover, the verdict. */
export function cellResult(cell: AuditCell, result: ScenarioResult): AuditCellResult {
  const judged = result.messages.filter((m) => m.step >= cell.judgedStep);
  // The fault's own record is the last at the relay (those stopped first come before it).
  const failover = [...(result.failovers ?? [])].reverse().find((f) => f.server === cell.relay);
  // What the client's own daemons died of under the fault (a next hop it cannot parse) is the cause, in its words.
  const fatal = clientFatals(result.findings).map((line) => `the client's log says ${line}`);
  const why = [...result.expectations.filter((e) => !e.passed).map((e) => `${e.description}: ${e.detail}`), ...(result.passed ? [] : fatal)];
  const unmet = cell.effect === 'routed round' && failover !== undefined && failover.metBy === 0 && (failover.trailed ?? 0) > 0;
  // A relay sharing its tier that no message reached (each went to another of the tier at random) met no mail to lose or refuse.
  const missed = cell.effect !== undefined && cell.effect !== 'routed round' && cell.predicted.length > 1
    && !judged.some((m) => m.status === 'lost' || m.status === 'bounced' || carriedBy(m) === cell.relay);
  return {
    relay: cell.relay ?? null,
    fault: cell.fault,
    ...(cell.effect ? { effect: cell.effect } : {}),
    stopped: cell.stopped,
    predicted: cell.predicted,
    ...(cell.because ? { because: cell.because } : {}),
    carriers: countBy(judged.map((m) => carriedBy(m) ?? m.status)),
    fates: countBy(judged.map((m) => m.status)),
    clientMs: failover ? (failover.clientMs ?? failover.failoverMs) : null,
    ...(failover?.clientTimeout ? { clientTimeout: failover.clientTimeout } : {}),
    verdict: missed || (result.passed && unmet) ? 'not exercised' : result.passed ? 'as predicted' : 'differs',
    why,
  };
}

/** Sentences an admin can act on, each from what the cells of one fault measured. */
export function recommendationsOf(cells: AuditCellResult[]): string[] {
  const of = (group: AuditCellResult[], fate: string) => group.map((cell) => `${cell.relay} ${cell.fates[fate]} of ${total(cell)}`).join(', ');
  const sentences: string[] = cells.filter((cell) => cell.fault === 'stop').flatMap((cell) => cellFinding(cell) ?? []);
  // The first choice back yet passed over: worth knowing, as it was foreseen.
  for (const cell of cells.filter((c) => c.because && c.verdict === 'as predicted')) {
    sentences.push(cell.effect === 'bounced'
      ? `${cellName(cell)}: ${cell.fates.bounced ?? 0} of ${total(cell)} messages bounced, no other relay up: ${cell.because}`
      : `${cellName(cell)}: once ${cell.relay} was back, mail still went to ${cell.predicted.join(' or ')}: ${cell.because}`);
  }
  const faults = [...new Set(cells.filter((cell) => cell.relay !== null).map((cell) => cell.fault))];
  for (const fault of faults) {
    const group = cells.filter((cell) => cell.fault === fault && cell.relay !== null);
    const effect = group[0].effect;
    if (effect === 'routed round') {
      if (fault !== 'stop') sentences.push(...group.flatMap((cell) => cellFinding(cell) ?? []));
      // A wait of a minute or more per message, the client's own setting: worth knowing, and lowering.
      const slow = group.filter((c) => c.clientMs !== null && c.clientTimeout && c.clientMs >= 60_000);
      if (slow.length) {
        const [low, high] = [Math.min(...slow.map((c) => c.clientMs!)), Math.max(...slow.map((c) => c.clientMs!))];
        sentences.push(`${fault} at ${slow.map((c) => c.relay).join(', ')}: each message tried there went round only after ${low === high ? seconds(low) : `${seconds(low)} to ${seconds(high)}`} at the client's clock, its own wait (${slow[0].clientTimeout})`);
      }
    }
    const lost = group.filter((c) => c.fates.lost);
    if (effect === 'lost' && lost.length) sentences.push(`a relay that accepts and loses mail cannot be seen by the client: with a ${fault} at ${lost.map((c) => c.relay).join(', ')}, messages were lost (${of(lost, 'lost')}); reported, not failed, as no client can route round it`);
    const bounced = group.filter((c) => c.fates.bounced);
    if (effect === 'bounced' && bounced.length) sentences.push(`${fault} at ${bounced.map((c) => c.relay).join(', ')}: messages bounced (${of(bounced, 'bounced')}): a relay's permanent refusal is final for the client (RFC 5321 §4.2.1), so a relay that refuses what its next hop would take loses that mail for its senders`);
  }
  return sentences;
}

/**
 * Plays the battery and judges each cell against its prediction: `parallel` cells at a time, each
 * lane on a topology of its own that the pool resets between its cells (a cell mostly waits on the
 * client's timeouts and queue runs, so two lanes take little more than one).
 */
export async function runAudit(plan: AuditPlan, options: { pool: TopologyPool; progress: Progress; artifactsRoot?: string; parallel?: number }): Promise<AuditResult> {
  const cells: AuditCellResult[] = new Array(plan.cells.length);
  let clock = { timing: 'test', speed: 1 };
  // The client's file as every cell runs it: one the MTA refuses stops the audit before a cell starts.
  if (plan.cells[0]) await assertClientConfigLoads(plan.cells[0].scenario, options.progress);
  // Run (not reported) in groups of the relays each cell stops first: a lane's topology then keeps
  // them stopped from one cell to the next, where a start and a stop would be paid for nothing.
  const runOrder = plan.cells.map((cell, index) => ({ cell, index })).sort((a, b) => a.cell.stopped.join(',').localeCompare(b.cell.stopped.join(',')));
  await inParallel(runOrder, options.parallel ?? 1, async ({ cell, index }) => {
    // Lanes side by side: each line says whose cell it is.
    const progress = (options.parallel ?? 1) > 1 ? { info: (line: string) => options.progress.info(`${cellName({ fault: cell.fault, relay: cell.relay ?? null })}: ${line}`) } : options.progress;
    const result = await runScenario(cell.scenario, { pool: options.pool, progress, artifactsRoot: options.artifactsRoot });
    // A setting the MTA checks only when it uses it, refused with nothing broken: no cell can say anything then.
    if (cell.fault === 'baseline') assertClientUsedItsConfig(cell.scenario, result);
    if (result.clock) clock = { timing: result.clock.timing, speed: result.clock.speed };
    cells[index] = cellResult(cell, result);
    options.progress.info(`audit ${cellName(cells[index])}: ${cells[index].verdict}`);
  });
  return auditResultOf(plan, cells, clock);
}

/** The audit's result from its cells: passed when every cell is as predicted (or not exercised), no relay is a single point of failure and no fault the client can see held mail while another relay was up. */
export function auditResultOf(plan: Pick<AuditPlan, 'relays' | 'notes'>, cells: AuditCellResult[], clock: { timing: string; speed: number }): AuditResult {
  return {
    relays: plan.relays.map((relay) => relay.name),
    ...clock,
    cells,
    recommendations: recommendationsOf(cells),
    notes: plan.notes,
    passed: cells.every((cell) => cell.verdict !== 'differs' && cellFinding(cell) === undefined),
  };
}

/** The battery as a table: each cell's fault, prediction, carriers and verdict, then why any differed. */
export function auditTable(result: AuditResult): string {
  const rows = result.cells.map((cell) => [
    cellName(cell) + (cell.stopped.length ? ` (${cell.stopped.join(', ')} stopped)` : ''),
    cell.predicted.join(' or ') || 'queued until back',
    Object.entries(cell.carriers).map(([name, n]) => `${name} ${n}`).join(', '),
    cell.clientMs === null ? '' : seconds(cell.clientMs),
    cell.verdict,
  ]);
  const header = ['cell', 'predicted', 'carried', 'failover', 'verdict'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((text, i) => text.padEnd(widths[i])).join('  ').trimEnd();
  const why = result.cells.filter((cell) => cell.verdict === 'differs').flatMap((cell) => cell.why.map((sentence) => `DIFFERS  ${cellName(cell)}: ${sentence}`));
  return [...result.notes.map((sentence) => `NOTE  ${sentence}`), ...result.recommendations.map((sentence) => `RECOMMEND  ${sentence}`), ...(result.notes.length + result.recommendations.length ? [''] : []), line(header), ...rows.map(line), ...(why.length ? ['', ...why] : [])].join('\n');
}
