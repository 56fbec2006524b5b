import { escapeMarkup as escape } from '../report/escape-markup';
import { cellFinding, seconds, type AuditCellResult, type AuditResult } from './audit-run';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; }
table { border-collapse: collapse; } td, th { padding: 4px 8px; border: 1px solid #ddd; vertical-align: top; font-size: 13px; }
th { background: #f4f4f4; text-align: left; }
td.as-predicted { background: #e3f5e1; } td.differs { background: #fbe0e0; } td.not-exercised { background: #eee; color: #666; }
td.reported { background: #fff4d6; } td.none { background: #fafafa; }
td small { display: block; color: #555; }
.recommend li { margin: .3em 0; } .passed { color: #2a7d2a; } .failed { color: #b00; }
`;

const fates = (cell: AuditCellResult) => Object.entries(cell.carriers).map(([name, n]) => `${n} ${name}`).join(', ');

/** A cell's class: its verdict, and "reported" for mail lost or bounced as predicted (what no client routes round). */
function cellClass(cell: AuditCellResult): string {
  if (cell.verdict !== 'as predicted') return cell.verdict.replace(' ', '-');
  return cell.fates.lost || cell.fates.bounced ? 'reported' : 'as-predicted';
}

function gridCell(cell: AuditCellResult | undefined): string {
  if (!cell) return '<td class="none">—</td>';
  const title = [...cell.why, cell.stopped.length ? `with ${cell.stopped.join(', ')} stopped first` : ''].filter(Boolean).join('\n');
  return `<td class="${cellClass(cell)}" title="${escape(title)}">${escape(cell.verdict)}${cell.clientMs !== null ? ` · ${seconds(cell.clientMs)}` : ''}<small>${escape(fates(cell))}</small>${cell.stopped.length ? `<small>${escape(cell.stopped.join(', '))} stopped</small>` : ''}</td>`;
}

/**
 * The audit as one self-contained page: the recommendations first, then a grid of relays × faults,
 * each cell coloured by its verdict with its time to go round (at the client's clock) and the
 * messages' fates; then the cells with no relay (baseline, every relay down) and why any differed.
 */
export function auditHtml(result: AuditResult, title = 'Mail relay failover audit'): string {
  const faults = [...new Set(result.cells.filter((cell) => cell.relay !== null && cell.fault !== 'back').map((cell) => cell.fault))];
  const at = (relay: string, fault: string) => result.cells.find((cell) => cell.relay === relay && cell.fault === fault);
  const rows = result.relays.map((relay) => `<tr><th>${escape(relay)}</th>${faults.map((fault) => gridCell(at(relay, fault))).join('')}</tr>`);
  const others = result.cells.filter((cell) => cell.relay === null || cell.fault === 'back').map((cell) =>
    `<tr><th>${escape(cell.fault)}${cell.relay ? ` ${escape(cell.relay)}` : ''}</th><td>${escape(cell.predicted.join(' or ') || 'queued until back')}</td>${gridCell(cell)}</tr>`);
  const differing = result.cells.filter((cell) => cell.verdict === 'differs').flatMap((cell) => cell.why.map((why) => `<li>${escape(`${cell.fault}${cell.relay ? ` at ${cell.relay}` : ''}: ${why}`)}</li>`));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${STYLE}</style></head><body>
<h1>${escape(title)}: <span class="${result.passed ? 'passed' : 'failed'}">${result.passed ? 'PASSED' : 'FAILED'}</span></h1>
<p>${result.cells.length} cells on ${result.relays.length} relays; the client at ${escape(result.timing === 'own' ? "the site's own timing" : `${result.timing} timing`)}, its clock ${result.speed}×. Times are at the client's clock.</p>
${result.notes.length ? `<h2>Read in the files</h2><ul>${result.notes.map((n) => `<li>${escape(n)}</li>`).join('')}</ul>` : ''}
<h2>Recommendations</h2>
${result.recommendations.length ? `<ul class="recommend">${result.recommendations.map((r) => `<li>${escape(r)}</li>`).join('')}</ul>` : '<p>None: every fault the client can see was routed round as the route predicts.</p>'}
<h2>Relays × faults</h2>
<table class="grid"><tr><th>relay</th>${faults.map((fault) => `<th>${escape(fault)}</th>`).join('')}</tr>${rows.join('')}</table>
<h2>Baseline, every relay down, the first choice back</h2>
<table><tr><th>cell</th><th>predicted</th><th>observed</th></tr>${others.join('')}</table>
${differing.length ? `<h2>Why cells differ</h2><ul>${differing.join('')}</ul>` : ''}
</body></html>
`;
}

/** JUnit XML: one suite, a test case per cell; a differing cell fails with its sentences, as does a single point of failure or mail held while another relay was up; one not exercised is skipped. */
export function auditJunit(result: AuditResult): string {
  const xml = (text: string) => escape(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const cases = result.cells.map((cell) => {
    const name = `${cell.fault}${cell.relay ? ` at ${cell.relay}` : ''}`;
    const finding = cellFinding(cell);
    const body = cell.verdict === 'differs'
      ? `<failure message="${xml(`predicted ${cell.predicted.join(' or ') || 'queued until back'}; observed ${fates(cell)}`)}">${xml([...cell.why, ...(finding ? [finding] : [])].join('\n'))}</failure>`
      : finding ? `<failure message="${xml(finding)}"/>`
        : cell.verdict === 'not exercised' ? `<skipped message="the client never tried ${xml(cell.relay ?? '')}"/>` : '';
    return `    <testcase classname="audit" name="${xml(name)}" time="${((cell.clientMs ?? 0) / 1000).toFixed(3)}">${body}</testcase>`;
  });
  const failures = result.cells.filter((cell) => cell.verdict === 'differs' || cellFinding(cell)).length;
  const skipped = result.cells.filter((cell) => cell.verdict === 'not exercised').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mail-relay-harness audit" tests="${cases.length}" failures="${failures}">\n  <testsuite name="audit" tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
