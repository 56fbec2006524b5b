import type { JsonScenarioResult } from './result-table';
import type { ChangeReport, NightlyResults } from './report-input';
import { distributionSvg, relayColours, timelineSvg } from './svg-charts';
import { escapeMarkup as escapeHtml } from './escape-markup';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1000px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin: 0; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: 2px 10px; text-align: left; border-bottom: 1px solid #eee; vertical-align: top; }
.verdict { font-weight: bold; padding: 1px 8px; border-radius: 3px; color: #fff; }
.verdict.failed { background: #d62728; } .verdict.passed { background: #2ca02c; }
section.scenario { border: 1px solid #ddd; border-left: 6px solid #2ca02c; padding: .8em 1em; margin: 1.2em 0; }
section.scenario.failed { border-left-color: #d62728; background: #fff6f6; }
.expectation.failed { color: #b00; } .finding { color: #555; }
pre { background: #f6f6f6; padding: .5em; overflow-x: auto; font-size: 12px; }
svg text { font: 11px system-ui, sans-serif; fill: #333; } svg .grid { stroke: #ddd; }
.changes li.verdict, .changes li.distribution { font-weight: bold; }
`;

const verdictBadge = (passed: boolean) => `<span class="verdict ${passed ? 'passed' : 'failed'}">${passed ? 'PASS' : 'FAIL'}</span>`;
const anchor = (name: string) => `scenario-${name.replace(/[^a-z0-9-]/gi, '-')}`;

/** Failures first, then by name: what a person opens the report for comes first. */
const failuresFirst = (scenarios: JsonScenarioResult[]) =>
  [...scenarios].sort((a, b) => Number(a.passed) - Number(b.passed) || a.scenario.localeCompare(b.scenario));

function changesSection(changes: ChangeReport | undefined): string {
  if (!changes) return '<section class="changes"><h2>Changed since last run</h2><p>No baseline was given (<code>--baseline PREVIOUS/results.json</code>).</p></section>';
  const items = changes.changes.map((change) =>
    `<li class="${change.kind}">${change.scenario ? `<a href="#${anchor(change.scenario)}">${escapeHtml(change.scenario)}</a>: ` : ''}${escapeHtml(change.text)}</li>`);
  return `<section class="changes"><h2>Changed since last run</h2><p>Compared with the run of ${escapeHtml(changes.baselineGeneratedAt)}.</p>${
    items.length ? `<ul>${items.join('')}</ul>` : '<p class="nothing-changed">Nothing changed: same verdicts, no distribution moved, no new finding, same versions.</p>'}</section>`;
}

function summaryTable(scenarios: JsonScenarioResult[]): string {
  const rows = failuresFirst(scenarios).map((s) => {
    const failed = s.expectations.filter((e) => !e.passed).map((e) => escapeHtml(e.description)).join('; ');
    return `<tr class="${s.passed ? 'passed' : 'failed'}"><td><a href="#${anchor(s.scenario)}">${escapeHtml(s.scenario)}</a></td><td>${verdictBadge(s.passed)}</td><td>${(s.durationMs / 1000).toFixed(1)} s</td><td>${s.messages.length}</td><td>${failed}</td></tr>`;
  });
  return `<table class="summary"><tr><th>scenario</th><th>verdict</th><th>time</th><th>messages</th><th>failed expectations</th></tr>${rows.join('')}</table>`;
}

function topologyBlock(result: JsonScenarioResult): string {
  if (!result.topology) return '';
  const rows = result.topology.members.map((m) => `<tr><td>${escapeHtml(m.name)}</td><td>${m.role}</td><td>${m.address}${m.port ? `:${m.port}` : ''}</td></tr>`);
  return `<details><summary>Topology: ${escapeHtml(result.topology.subnet)}, ${result.topology.members.length} containers, the zone</summary>
<table>${rows.join('')}</table><pre>${escapeHtml(result.topology.zone)}</pre></details>`;
}

function scenarioSection(result: JsonScenarioResult, logsBase: string): string {
  const colours = relayColours(result);
  const expectations = result.expectations.map((e) =>
    `<li class="expectation ${e.passed ? 'passed' : 'failed'}">${e.passed ? 'PASS' : 'FAIL'} ${escapeHtml(e.description)}: ${escapeHtml(e.detail)}${e.rule ? `<br><small>judged by ${escapeHtml(e.rule)}</small>` : ''}</li>`);
  const charts = result.expectations.filter((e) => e.distribution).map((e) => {
    const d = e.distribution!;
    const verdicts = d.models.map((m) => `${escapeHtml(m.name)} p=${m.pValue < 1e-4 ? m.pValue.toExponential(1) : m.pValue.toFixed(4)} (${m.fits ? 'fits' : 'rejected'})`).join(', ');
    return `<figure class="chart"><figcaption>${escapeHtml(e.description)} — n=${d.n}, α=${d.alpha.toExponential(1)}: ${verdicts}</figcaption>${distributionSvg(d, colours)}</figure>`;
  });
  const findings = result.findings.map((f) => `<li class="finding">NOTE ${escapeHtml(f)}</li>`);
  const logs = result.artifactsDir ? `<p>Saved logs: <a href="${escapeHtml(logsBase + result.artifactsDir)}">${escapeHtml(result.artifactsDir)}</a></p>` : '';
  const legend = [...colours].map(([relay, colour]) => `<span style="color:${colour}">●</span> ${escapeHtml(relay)}`).join(' &nbsp; ');
  return `<section class="scenario ${result.passed ? 'passed' : 'failed'}" id="${anchor(result.scenario)}">
<h2>${verdictBadge(result.passed)} ${escapeHtml(result.scenario)}</h2>
<p>${escapeHtml(result.description ?? '')}${result.source ? ` <em>(${escapeHtml(result.source)})</em>` : ''} — ${(result.durationMs / 1000).toFixed(1)} s, ${result.messages.length} messages; timing: ${escapeHtml(result.timing ?? 'test')}, client clock ${result.speed ?? 1}×</p>
<ul>${expectations.join('')}${findings.join('')}</ul>
${topologyBlock(result)}
<figure class="chart"><figcaption>Timeline: steps, and each message at its delivery, by the relay that carried it — ${legend}</figcaption>${timelineSvg(result, colours)}</figure>
${charts.join('\n')}
${logs}
</section>`;
}

/** One self-contained page: no script, no font, no request; opens offline from a CI artifact. */
export function renderReport(results: NightlyResults, changes?: ChangeReport, logsBase = ''): string {
  const failed = results.scenarios.filter((s) => !s.passed).length;
  const versions = [...Object.entries(results.versions).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k} ${escapeHtml(String(v))}`),
    ...Object.entries(results.versions.clients ?? {}).map(([kind, v]) => `client ${escapeHtml(kind)} ${escapeHtml(v)}`)].join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mail relay failover harness: ${failed ? `${failed} FAILED` : 'all passed'}</title>
<style>${STYLE}</style></head><body>
<h1>${verdictBadge(failed === 0)} Mail relay failover harness — ${results.scenarios.length - failed} passed, ${failed} failed</h1>
<p>${escapeHtml(results.generatedAt)} on ${escapeHtml(results.engine)}; ${versions}${results.shards.length ? `; shards ${escapeHtml(results.shards.join(', '))}` : ''}; wall time ${(results.wallMs / 1000).toFixed(0)} s</p>
${changesSection(changes)}
${summaryTable(results.scenarios)}
${failuresFirst(results.scenarios).map((s) => scenarioSection(s, logsBase)).join('\n')}
</body></html>
`;
}
