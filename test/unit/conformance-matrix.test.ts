import { matrixHtml, matrixMarkdown, MatrixResult, releaseChanges } from '../../harness/matrix/conformance-matrix';
import { cellFigure, cellOf } from '../../harness/matrix/behaviours';
import { isMatrixResult, matrixChangesSince } from '../../harness/matrix/matrix-changes';
import type { ScenarioResult } from '../../harness';

const matrix: MatrixResult = {
  generatedAt: '2026-12-02T12:00:00.000Z',
  clients: [{ mta: 'postfix', version: 'Postfix 3.10.13' }, { mta: 'opensmtpd', version: '7.6.0-portable' }],
  rows: [{ behaviour: 'SRV weights 75:25', claim: 'seed 000', scenario: 'srv-weights-75-25', cells: {
    postfix: { verdict: 'holds', figure: 'server-two 302 / server-three 98; fits: postfix' },
    opensmtpd: { verdict: 'cannot', figure: 'OpenSMTPD has no SRV lookup (it relays by MX or to one host)' },
  } }],
  runs: [],
};

describe('the conformance matrix, written out', () => {
  it('should be a Markdown table: a row per behaviour, a column per client with its version', () => {
    expect(matrixMarkdown(matrix).split('\n').slice(0, 3)).toEqual([
      '| behaviour | Postfix (Postfix 3.10.13) | OpenSMTPD (7.6.0-portable) |',
      '|---|---|---|',
      '| SRV weights 75:25 (srv-weights-75-25) | **holds** server-two 302 / server-three 98; fits: postfix | **cannot** OpenSMTPD has no SRV lookup (it relays by MX or to one host) |',
    ]);
  });

  it('should be a page with each cell marked by its verdict, its text escaped', () => {
    const page = matrixHtml({ ...matrix, rows: [{ ...matrix.rows[0], behaviour: '<b>x</b>' }] });
    expect(page).toContain('<td class="holds"><b>holds</b> server-two 302 / server-three 98<details><summary>evidence</summary>server-two 302 / server-three 98; fits: postfix</details></td>');
    expect(page).toContain('<td class="cannot"><b>cannot</b>');
    // A legend says what each colour means.
    expect(page).toContain('<li class="unmet"><b>not exercised</b>');
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

  it("should give a run on a fast clock its figures at the client's clock, and say each column's timing and speed", () => {
    const result = { expectations: [], messages: [], failovers: [{ server: 'mail1', fault: 'pause', startMs: 0, failoverMs: 10_130, clientMs: 304_100, speed: 30 }] } as unknown as ScenarioResult;
    expect(cellFigure(result)).toBe("pause mail1: failover 304.1 s at the client's clock (30×)");
    const shipped = { ...matrix, timing: 'shipped' as const, clients: [{ ...matrix.clients[0], speed: 60 }, { ...matrix.clients[1], speed: 30 }] };
    expect(matrixMarkdown(shipped).split('\n')[0]).toBe('| behaviour | Postfix (Postfix 3.10.13, shipped timing at 60×) | OpenSMTPD (7.6.0-portable, shipped timing at 30×) |');
    expect(matrixHtml(shipped)).toContain('<small>7.6.0-portable · shipped timing, clock 30×</small>');
  });

  it('should give each Debian release of a client a column of its own, named by release and version', () => {
    const releases: MatrixResult = {
      ...matrix,
      clients: [{ mta: 'postfix', version: 'Postfix 3.7.11', suite: 'bookworm', column: 'postfix@bookworm' }, { mta: 'postfix', version: 'Postfix 3.10.13', suite: 'trixie', column: 'postfix@trixie' }],
      rows: [{ behaviour: 'SRV priority', claim: 'seed 000', scenario: 'fault-killed', cells: {
        'postfix@bookworm': { verdict: 'cannot', figure: 'Postfix 3.7.11 says postconf: warning: unused parameter: use_srv_lookup=submission' },
        'postfix@trixie': { verdict: 'holds', figure: 'kill mail1: failover 1.2 s' },
      } }],
    };
    expect(matrixMarkdown(releases).split('\n')).toEqual(expect.arrayContaining([
      '| behaviour | Postfix (Postfix 3.7.11, Debian bookworm) | Postfix (Postfix 3.10.13, Debian trixie) |',
      '| SRV priority (fault-killed) | **cannot** Postfix 3.7.11 says postconf: warning: unused parameter: use_srv_lookup=submission | **holds** kill mail1: failover 1.2 s |',
    ]));
    expect(matrixHtml(releases)).toContain('<small>Postfix 3.7.11 · Debian bookworm</small>');
    // A verdict that changed from one release to the next is named, as the nightly names a change between nights.
    expect(releaseChanges(releases)).toEqual(['fault-killed on Postfix: cannot on bookworm (Postfix 3.7.11), holds on trixie (Postfix 3.10.13)']);
    expect(matrixMarkdown(releases)).toContain('Changed between releases:\n- fault-killed on Postfix: cannot on bookworm');
    const same = { ...releases, rows: [{ ...releases.rows[0], cells: { ...releases.rows[0].cells, 'postfix@bookworm': releases.rows[0].cells['postfix@trixie'] } }] };
    expect(releaseChanges(same)).toEqual([]);
  });

  it("should name what changed since last night's matrix, per release: a version, a verdict, a new row or column", () => {
    const night = (version: string, verdict: 'holds' | 'fails', extra: Partial<MatrixResult> = {}): MatrixResult => ({
      ...matrix,
      clients: [{ mta: 'exim', version, suite: 'sid', column: 'exim@sid' }],
      rows: [{ behaviour: 'backup MX', claim: 'seed 001', scenario: 'mx-hot-standby', cells: { 'exim@sid': { verdict, figure: '' } } }],
      ...extra,
    });
    const last = night('Exim version 4.100', 'holds');
    expect(matrixChangesSince(last, night('Exim version 4.100', 'holds')).changes).toEqual([]);
    expect(matrixChangesSince(last, night('Exim version 4.101', 'fails')).changes).toEqual([
      'Exim on sid: Exim version 4.100 → Exim version 4.101',
      'mx-hot-standby on Exim on sid: holds with Exim version 4.100 → fails with Exim version 4.101',
    ]);
    const grown = night('Exim version 4.100', 'holds', { clients: [...last.clients, { mta: 'exim', version: 'Exim version 4.98.2', suite: 'trixie', column: 'exim@trixie' }], rows: [...last.rows, { ...last.rows[0], scenario: 'null-mx-0' }] });
    expect(matrixChangesSince(last, grown).changes).toEqual(['new column: Exim on trixie (Exim version 4.98.2)', 'new row: null-mx-0']);
    const since = { ...night('Exim version 4.101', 'fails'), changesSince: matrixChangesSince(last, night('Exim version 4.101', 'fails')) };
    expect(matrixMarkdown(since)).toContain(`Changed since the matrix of ${last.generatedAt}:\n- Exim on sid: Exim version 4.100 → Exim version 4.101\n- mx-hot-standby`);
    expect(isMatrixResult(JSON.parse(JSON.stringify(last)))).toBe(true);
    expect(isMatrixResult({ scenarios: [] })).toBe(false);
  });

  describe("a cell's verdict, from its evidence", () => {
    const carried = { description: 'the 20 messages of step 2 are each carried by mail2', passed: true, detail: 'mail2: 20' };
    const tries = { description: 'every try at mail1 ended as "rejected"', passed: false, detail: 'no message tried mail1: a check without evidence cannot pass', byClientLog: true as const };
    const slow = { description: 'mail goes round each fault within 2500 ms', passed: false, detail: 'over', timeBound: { boundMs: 2500, measuredMs: [4100] } };
    const refused = (metBy: number, trailed = 20) => ({ server: 'mail1', fault: 'refuse', startMs: 0, failoverMs: 900, metBy, trailed });
    const result = (expectations: object[], failovers: object[] = [], mta = 'postfix') => ({ expectations, failovers, messages: [], client: { mta, version: 'x' } }) as unknown as ScenarioResult;

    it("should say a client cannot follow a row when its failure comes with the client's own word that it does not know a setting, and never leave that word out", () => {
      const unused = 'client: postconf: warning: /etc/postfix/main.cf: unused parameter: use_srv_lookup=submission';
      const failing = { ...result([{ ...carried, passed: false, detail: 'mail2: 0' }]), findings: [unused] } as ScenarioResult;
      expect(cellOf(failing)).toEqual({ verdict: 'cannot', figure: expect.stringMatching(/^x says postconf: warning: .*unused parameter: use_srv_lookup=submission; /) });
      // Without that word, the same failure is the client's.
      expect(cellOf({ ...failing, findings: [] }).verdict).toBe('fails');
      const passing = { ...result([carried]), findings: [unused] } as ScenarioResult;
      expect(cellOf(passing)).toEqual({ verdict: 'holds', figure: expect.stringContaining('unused parameter: use_srv_lookup') });
    });

    it('should hold where mail went as the row says, and fail where it did not', () => {
      expect(cellOf(result([carried], [refused(20)])).verdict).toBe('holds');
      expect(cellOf(result([{ ...carried, passed: false, detail: 'mail1: 3' }], [refused(20)])).verdict).toBe('fails');
    });

    it("should never read a plain 'holds' for a run that failed: a bound gone round late, a log that leaves tries unsaid", () => {
      expect(cellOf(result([carried, slow], [refused(20)])).verdict).toBe('holds, slower');
      expect(cellOf(result([carried, tries], [refused(20)]))).toEqual({ verdict: 'holds by the relays', figure: expect.stringContaining(`the client's log does not say so: every try at mail1 ended as "rejected"`) });
    });

    // OpenSMTPD's fault-mx-pair-refused run: every message to mail2 in one session, none tried mail1.
    it('should say "not exercised", never FAIL, where the client never tried the broken server', () => {
      const cell = cellOf(result([carried, tries], [refused(0)], 'opensmtpd'));
      expect(cell.verdict).toBe('not exercised');
      expect(cell.figure).toMatch(/^the client's log shows no try at a broken server \(refuse mail1\)/);
    });

    it('should not say "not exercised" where the client met the fault, where its log traces no tries, or where it may leave a try unlogged', () => {
      expect(cellOf(result([carried, tries], [refused(1)], 'opensmtpd')).verdict).toBe('holds by the relays');
      expect(cellOf(result([carried, tries], [refused(0, 0)], 'opensmtpd')).verdict).toBe('holds by the relays');
      const greeting = { ...refused(0), fault: 'smtp greeting' };
      expect(cellOf(result([carried, tries], [greeting], 'sendmail')).verdict).toBe('holds by the relays');
      expect(cellOf(result([carried, tries], [greeting], 'opensmtpd')).verdict).toBe('not exercised');
    });
  });
});
