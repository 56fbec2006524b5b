import { matrixHtml, matrixMarkdown, MatrixResult } from '../../harness/matrix/conformance-matrix';
import { cellFigure, cellOf } from '../../harness/matrix/behaviours';
import type { ScenarioResult } from '../../harness';

const matrix: MatrixResult = {
  generatedAt: '2026-12-02T12:00:00.000Z',
  clients: [{ mta: 'postfix', version: 'Postfix 3.10.13' }, { mta: 'opensmtpd', version: '7.6.0-portable' }],
  rows: [{ behaviour: 'SRV weights 75:25', claim: 'seed 000', scenario: 'srv-weights-75-25', cells: {
    postfix: { verdict: 'pass', figure: 'server-two 302 / server-three 98; fits: postfix' },
    opensmtpd: { verdict: 'cannot', figure: 'OpenSMTPD has no SRV lookup (it relays by MX or to one host)' },
  } }],
  runs: [],
};

describe('the conformance matrix, written out', () => {
  it('should be a Markdown table: a row per behaviour, a column per client with its version', () => {
    expect(matrixMarkdown(matrix).split('\n').slice(0, 3)).toEqual([
      '| behaviour | Postfix (Postfix 3.10.13) | OpenSMTPD (7.6.0-portable) |',
      '|---|---|---|',
      '| SRV weights 75:25 (srv-weights-75-25) | **pass** server-two 302 / server-three 98; fits: postfix | **cannot** OpenSMTPD has no SRV lookup (it relays by MX or to one host) |',
    ]);
  });

  it('should be a page with each cell marked by its verdict, its text escaped', () => {
    const page = matrixHtml({ ...matrix, rows: [{ ...matrix.rows[0], behaviour: '<b>x</b>' }] });
    expect(page).toContain('<td class="pass"><b>pass</b> server-two 302');
    expect(page).toContain('<td class="cannot"><b>cannot</b>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it("should show a cell's counts with the models that fit, and each fault's time to failover", () => {
    const result = {
      expectations: [{ description: 'split', passed: false, detail: '', distribution: { n: 400, observed: { 'server-two': 0, 'server-three': 400 }, claim: 'postfix', alpha: 0.001, models: [{ name: 'postfix', expected: {}, pValue: 0, method: 'chi-square', fits: false }] } }],
      failovers: [{ server: 'mail1', fault: 'kill', startMs: 0, failoverMs: 1909 }],
      messages: [],
    } as unknown as ScenarioResult;
    expect(cellFigure(result)).toBe('server-two 0 / server-three 400; fits: none; kill mail1: failover 1.9 s');
  });

  it("should rest a cell's verdict on where the mail went, with what the client's log leaves unsaid as a figure", () => {
    const carried = { description: 'the 20 messages of step 2 are each carried by mail2', passed: true, detail: 'mail2: 20' };
    const tries = { description: 'every try at mail1 ended as "rejected"', passed: false, detail: 'no message tried mail1: a check without evidence cannot pass', byClientLog: true as const };
    const result = (expectations: object[]) => ({ expectations, failovers: [], messages: [] }) as unknown as ScenarioResult;
    expect(cellOf(result([carried, tries]))).toEqual({ verdict: 'pass', figure: `the client's log does not say so: every try at mail1 ended as "rejected": no message tried mail1: a check without evidence cannot pass` });
    expect(cellOf(result([{ ...carried, passed: false, detail: 'mail1: 3' }, tries])).verdict).toBe('FAIL');
  });
});
