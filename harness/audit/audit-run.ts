import { carriedBy } from '../mail/message-outcome';
import { runScenario } from '../scenario/run-scenario';
import type { ScenarioResult } from '../report/scenario-result';
import type { TopologyPool } from '../topology/topology-pool';
import type { Progress } from '../util/progress';
import type { AuditCell, AuditPlan } from './audit-plan';

/** One cell as run: what the route predicted beside what the site's client did. */
export interface AuditCellResult {
  relay: string | null;
  fault: AuditCell['fault'];
  predicted: string[];
  /** Carrier → messages; "queued", "bounced" and the like for mail no relay carried. */
  carriers: Record<string, number>;
  /** Time to go round the fault, at the client's clock; null where nothing went round. */
  clientMs: number | null;
  verdict: 'as predicted' | 'differs';
  /** The failed sentences, when it differs. */
  why: string[];
}

export interface AuditResult {
  relays: string[];
  cells: AuditCellResult[];
  /** What an admin should know, in sentences from what was measured (a single point of failure). */
  recommendations: string[];
  /** Every cell as predicted and no relay whose stop held the mail while no other could carry it. */
  passed: boolean;
}

function carriersOf(result: ScenarioResult, fromStep: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of result.messages.filter((m) => m.step >= fromStep)) {
    const key = carriedBy(message) ?? message.status;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Plays the battery on one topology (the pool resets it between cells) and judges each cell against its prediction. */
export async function runAudit(plan: AuditPlan, options: { pool: TopologyPool; progress: Progress; artifactsRoot?: string }): Promise<AuditResult> {
  const cells: AuditCellResult[] = [];
  for (const cell of plan.cells) {
    const result = await runScenario(cell.scenario, { pool: options.pool, progress: options.progress, artifactsRoot: options.artifactsRoot });
    // The mail sent after the fault: the last send step's (queued and delivered later counts by its carrier).
    const lastSend = cell.scenario.steps.map((step, i) => (step.kind === 'send' ? i : -1)).filter((i) => i >= 0).pop() ?? 0;
    const failover = (result.failovers ?? []).find((f) => f.server === cell.relay);
    cells.push({
      relay: cell.relay ?? null,
      fault: cell.fault,
      predicted: cell.predicted,
      carriers: carriersOf(result, lastSend),
      clientMs: failover ? (failover.clientMs ?? failover.failoverMs) : null,
      verdict: result.passed ? 'as predicted' : 'differs',
      why: result.expectations.filter((e) => !e.passed).map((e) => `${e.description}: ${e.detail}`),
    });
  }
  const recommendations = cells.filter((cell) => cell.fault === 'stop' && cell.predicted.length === 0).map((cell) => {
    const n = Object.values(cell.carriers).reduce((sum, count) => sum + count, 0);
    return `${cell.relay} is a single point of failure: while it was stopped, ${n} of ${n} messages waited in the client's queue (no other host to hand them to)`;
  });
  return { relays: plan.relays.map((relay) => relay.name), cells, recommendations, passed: recommendations.length === 0 && cells.every((cell) => cell.verdict === 'as predicted') };
}

/** The battery as a table: each cell's fault, prediction, carriers and verdict, then why any differed. */
export function auditTable(result: AuditResult): string {
  const rows = result.cells.map((cell) => [
    cell.fault + (cell.relay ? ` ${cell.relay}` : ''),
    cell.predicted.join(' or ') || 'queued until back',
    Object.entries(cell.carriers).map(([name, n]) => `${name} ${n}`).join(', '),
    cell.clientMs === null ? '' : `${(cell.clientMs / 1000).toFixed(1)} s`,
    cell.verdict,
  ]);
  const header = ['cell', 'predicted', 'carried', 'failover', 'verdict'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((text, i) => text.padEnd(widths[i])).join('  ').trimEnd();
  const why = result.cells.filter((cell) => cell.why.length).flatMap((cell) => cell.why.map((sentence) => `DIFFERS  ${cell.fault}${cell.relay ? ` ${cell.relay}` : ''}: ${sentence}`));
  return [...result.recommendations.map((sentence) => `RECOMMEND  ${sentence}`), ...(result.recommendations.length ? [''] : []), line(header), ...rows.map(line), ...(why.length ? ['', ...why] : [])].join('\n');
}
