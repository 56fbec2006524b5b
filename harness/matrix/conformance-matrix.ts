import type { ClientTiming } from '../model/client-clock';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenario } from '../scenario/load-scenario';
import { runScenario } from '../scenario/run-scenario';
import { isUnsupported, onClient } from '../mta/client-choice';
import { clientMta } from '../mta/registry';
import { jsonResult, JsonScenarioResult } from '../report/result-table';
import { errorMessage } from '../util/errors';
import type { Progress } from '../util/progress';
import type { ScenarioResult } from '../report/scenario-result';
import type { ScenarioDefinition } from '../scenario/define-scenario';
import { BEHAVIOURS, Behaviour, cellOf, MatrixCell, Verdict, VERDICTS } from './behaviours';
import { escapeMarkup } from '../report/escape-markup';
import type { TopologyPool } from '../topology/topology-pool';
import { stopIfInterrupted } from '../util/interrupt';
import { inParallel } from '../util/in-parallel';

export interface MatrixResult {
  generatedAt: string;
  /** Whose timing every cell ran at; each client's clock speed beside its version. */
  timing?: ClientTiming;
  /** One column each: a client MTA, from one Debian release when the matrix compares releases (`column` is then mta@suite). */
  clients: { mta: string; version: string; speed?: number; suite?: string; column?: string }[];
  rows: { behaviour: string; claim: string; scenario: string; cells: Record<string, MatrixCell> }[];
  /** Every run behind the cells, as --json writes it. */
  runs: JsonScenarioResult[];
  /** What changed since the matrix given as --baseline (last night's). */
  changesSince?: { baselineGeneratedAt: string; changes: string[] };
}

export interface MatrixOptions {
  clients: string[];
  /** Every cell at this timing (default each scenario's own: test). */
  timing?: ClientTiming;
  /** Each client from each of these Debian releases, a column each (default: the harness's own release, one column per client). */
  suites?: string[];
  /** Only these rows (scenario names); default every row. */
  only?: string[];
  progress: Progress;
  artifactsRoot?: string;
  /** How many cells run at once, each on a network of its own (default 1). */
  parallel?: number;
  /** Runs of one shape on one topology, reset between them. */
  pool?: TopologyPool;
  /** Each run as it ends, e.g. for a test to judge a twin on it. */
  onRun?: (behaviour: Behaviour, client: string, result: ScenarioResult, scenario: ScenarioDefinition) => void;
}

/** Runs each behaviour's scenario on each client and fills one table: rows behaviours, columns clients. */
export async function runMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const rows = BEHAVIOURS.filter((row) => !options.only || options.only.includes(row.scenario));
  const versions = new Map<string, string>();
  const speeds = new Map<string, number>();
  // By cell, in table order, whichever finished first.
  const runs: (JsonScenarioResult | undefined)[] = [];
  const table: MatrixResult['rows'] = rows.map((row) => ({ ...row, cells: {} }));
  const scenarios = await Promise.all(rows.map((row) => loadScenario(row.scenario)));
  const columns = options.clients.flatMap((mta) => (options.suites ?? [undefined]).map((suite) => ({ mta, suite, key: suite ? `${mta}@${suite}` : mta })));
  const cellsToRun = rows.flatMap((row, r) => columns.map((column) => ({ row, r, client: column.mta, suite: column.suite, key: column.key })));
  await inParallel(cellsToRun, options.parallel ?? 1, async ({ row, r, client, suite, key }, index) => {
    stopIfInterrupted();
    const cells = table[r].cells;
    const onIt = onClient(scenarios[r], client);
    const swapped = options.timing && !isUnsupported(onIt) ? { ...onIt, timing: options.timing } : onIt;
    if (isUnsupported(swapped)) {
      cells[key] = { verdict: 'cannot', figure: swapped.finding };
      return;
    }
    try {
      const result = await runScenario(swapped, { artifactsRoot: options.artifactsRoot, pool: options.pool, suite });
      if (result.client) versions.set(key, result.client.version);
      if (result.clock) speeds.set(key, result.clock.speed);
      options.onRun?.(row, key, result, swapped);
      runs[index] = jsonResult(result);
      cells[key] = cellOf(result);
    } catch (error) {
      stopIfInterrupted();
      cells[key] = { verdict: 'error', figure: errorMessage(error).split('\n')[0] };
    }
    options.progress.info(`${row.behaviour} on ${clientMta(client).title}${suite ? ` (${suite})` : ''}: ${cells[key].verdict} (${cells[key].figure})`);
  });
  return {
    generatedAt: new Date().toISOString(),
    ...(options.timing ? { timing: options.timing } : {}),
    clients: columns.map(({ mta, suite, key }) => {
      const speed = speeds.get(key);
      return { mta, version: versions.get(key) ?? 'unknown', ...(speed && speed !== 1 ? { speed } : {}), ...(suite ? { suite, column: key } : {}) };
    }),
    rows: table.map((row) => ({ ...row, cells: Object.fromEntries(columns.filter((c) => row.cells[c.key]).map((c) => [c.key, row.cells[c.key]])) })),
    runs: runs.filter((run): run is JsonScenarioResult => run !== undefined),
  };
}

/**
 * Where a client's verdict on a row changed from one Debian release to the next, in the order the
 * releases were asked: "fault-killed on Postfix: cannot on bookworm (Postfix 3.7.11), holds on trixie (Postfix 3.10.13)".
 */
export function releaseChanges(matrix: MatrixResult): string[] {
  const byClient = new Map<string, MatrixResult['clients']>();
  for (const column of matrix.clients.filter((c) => c.suite)) byClient.set(column.mta, [...(byClient.get(column.mta) ?? []), column]);
  return matrix.rows.flatMap((row) => [...byClient].flatMap(([mta, columns]) => columns.slice(1).flatMap((later, i) => {
    const earlier = columns[i];
    const [before, after] = [row.cells[earlier.column!], row.cells[later.column!]];
    if (!before || !after || before.verdict === after.verdict) return [];
    return [`${row.scenario} on ${clientMta(mta).title}: ${before.verdict} on ${earlier.suite} (${earlier.version}), ${after.verdict} on ${later.suite} (${later.version})`];
  })));
}

/** The matrix as Markdown: the README's findings table and the terminal's, then what changed between releases. */
export function matrixMarkdown(matrix: MatrixResult): string {
  const header = `| behaviour | ${matrix.clients.map((c) => `${clientMta(c.mta).title} (${c.version}${c.suite ? `, Debian ${c.suite}` : ''}${c.speed ? `, ${matrix.timing ?? 'test'} timing at ${c.speed}×` : ''})`).join(' | ')} |`;
  const rule = `|---|${matrix.clients.map(() => '---').join('|')}|`;
  const cell = (c?: MatrixCell) => (c ? `**${c.verdict}** ${c.figure.replace(/\|/g, '\\|')}` : '');
  const lines = matrix.rows.map((row) => `| ${row.behaviour} (${row.scenario}) | ${matrix.clients.map((c) => cell(row.cells[c.column ?? c.mta])).join(' | ')} |`);
  const changes = releaseChanges(matrix);
  const changed = changes.length ? ['', 'Changed between releases:', ...changes.map((change) => `- ${change}`)] : [];
  const since = matrix.changesSince;
  const sinceLines = since ? ['', `Changed since the matrix of ${since.baselineGeneratedAt}:`, ...(since.changes.length ? since.changes.map((change) => `- ${change}`) : ['- nothing'])] : [];
  return [header, rule, ...lines, ...changed, ...sinceLines].join('\n') + '\n';
}

/** Each verdict's colour class and what it means, for the page's legend. */
const VERDICT_STYLE: Record<Verdict, { css: string; meaning: string }> = {
  holds: { css: 'holds', meaning: 'mail went where the row says' },
  'holds by the relays': { css: 'relays', meaning: "mail went where the row says; the client's log does not tell every try" },
  'holds, slower': { css: 'slower', meaning: "mail went round every fault, later than the row's bound" },
  fails: { css: 'fails', meaning: 'mail went elsewhere, was lost, bounced or stayed queued against the row' },
  'not exercised': { css: 'unmet', meaning: "the client's log shows no try at the broken server: no verdict" },
  cannot: { css: 'cannot', meaning: 'the client has no means to follow the route' },
  error: { css: 'error', meaning: 'the run itself broke' },
};

/** The figure's first clause: what a reader needs at a glance; the rest is the evidence. */
const keyFigure = (figure: string) => figure.split('; ')[0];

/** The matrix as a self-contained page: a verdict and its key figure per cell, coloured by meaning, the evidence on demand. */
export function matrixHtml(matrix: MatrixResult): string {
  const head = matrix.clients.map((c) => `<th>${escapeMarkup(clientMta(c.mta).title)}<br><small>${escapeMarkup(c.version)}${c.suite ? ` · Debian ${escapeMarkup(c.suite)}` : ''}${c.speed ? ` · ${escapeMarkup(matrix.timing ?? 'test')} timing, clock ${c.speed}×` : ''}</small></th>`).join('');
  const cell = (c?: MatrixCell) => (c
    ? `<td class="${VERDICT_STYLE[c.verdict].css}"><b>${escapeMarkup(c.verdict)}</b> ${escapeMarkup(keyFigure(c.figure))}<details><summary>evidence</summary>${escapeMarkup(c.figure)}</details></td>`
    : '<td></td>');
  const rows = matrix.rows.map((row) => `<tr><th>${escapeMarkup(row.behaviour)}<br><small>${escapeMarkup(row.scenario)} · ${escapeMarkup(row.claim)}</small></th>${matrix.clients.map((c) => cell(row.cells[c.column ?? c.mta])).join('')}</tr>`).join('\n');
  const legend = VERDICTS.map((verdict) => `<li class="${VERDICT_STYLE[verdict].css}"><b>${escapeMarkup(verdict)}</b>: ${escapeMarkup(VERDICT_STYLE[verdict].meaning)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Client conformance matrix</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left;max-width:28em}ul.legend{list-style:none;padding:0}ul.legend li{display:inline-block;margin:0 .5em .5em 0;padding:.2em .5em}details{font-size:12px;color:#333}.holds{background:#d8f0d8}.relays{background:#e9f6e0}.slower{background:#fdf1cf}.fails{background:#f8d7d7}.unmet{background:#e3e8f2}.cannot{background:#eee}.error{background:#f0c0c0}small{color:#555}</style>
</head><body><h1>Client conformance matrix</h1><p>${escapeMarkup(matrix.generatedAt)}</p>
<ul class="legend">${legend}</ul>
<table><tr><th>behaviour</th>${head}</tr>
${rows}
</table></body></html>
`;
}

/** matrix.json, matrix.md and matrix.html into `out`. */
export function writeMatrix(matrix: MatrixResult, out: string): string {
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'matrix.json'), JSON.stringify(matrix, null, 2) + '\n');
  writeFileSync(join(dir, 'matrix.md'), matrixMarkdown(matrix));
  writeFileSync(join(dir, 'matrix.html'), matrixHtml(matrix));
  return dir;
}
