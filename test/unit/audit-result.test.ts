import { planAudit } from '../../harness/audit/audit-plan';
import { auditResultOf, auditTable, cellResult, type AuditCellResult } from '../../harness/audit/audit-run';
import type { ScenarioResult } from '../../harness/report/scenario-result';
import { auditHtml, auditJunit } from '../../harness/audit/audit-report';
import { parseCompiledZone, ZoneRecords } from '../../harness/files/zone-records';
import { postfix } from '../../harness';

// The audit's verdict, recommendations and reports judged on cells written out by hand: each rule
// with the cell that must break it (a negative twin).
const records = new ZoneRecords(parseCompiledZone([
  'example.com. 60 IN NS ns1.example.com.',
  'ns1.example.com. 60 IN A 192.168.2.4',
  'example.com. 60 IN MX 10 mx1.example.com.',
  'example.com. 60 IN MX 20 mx2.example.com.',
  'mx1.example.com. 60 IN A 192.168.2.1',
  'mx2.example.com. 60 IN A 192.168.2.2',
].join('\n')));
const ZONE = '@ IN NS ns1\nns1 IN A 192.168.2.4\n@ IN MX 10 mx1\n@ IN MX 20 mx2\nmx1 IN A 192.168.2.1\nmx2 IN A 192.168.2.2\n';
const plan = planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix({}), faults: ['pause', 'black-hole', 'rcpt-550'] });

const cell = (fault: string, relay: string | null, fates: Record<string, number>, more: Partial<AuditCellResult> = {}): AuditCellResult => {
  const planned = plan.cells.find((c) => c.fault === fault && (c.relay ?? null) === relay)!;
  return { relay, fault, ...(planned.effect ? { effect: planned.effect } : {}), stopped: planned.stopped, predicted: planned.predicted, carriers: fates, fates, clientMs: null, verdict: 'as predicted', why: [], ...more };
};
const asPredicted = [
  cell('baseline', null, { delivered: 6 }),
  cell('pause', 'mx1', { delivered: 6 }, { carriers: { mx2: 6 }, clientMs: 301_200, clientTimeout: 'smtp_helo_timeout = 300s' }),
  cell('pause', 'mx2', { queued: 6 }),
  cell('black-hole', 'mx1', { lost: 6 }),
  cell('black-hole', 'mx2', { lost: 6 }),
  cell('rcpt-550', 'mx1', { bounced: 6 }),
  cell('rcpt-550', 'mx2', { bounced: 6 }),
  cell('all-down', null, { delivered: 6 }),
];

describe("an audit's verdict and recommendations", () => {
  it('should pass cells as predicted, and report what no client can route round without failing on it', () => {
    const result = auditResultOf(plan, asPredicted, { timing: 'own', speed: 60 });
    expect(result.passed).toBe(true);
    expect(result.recommendations).toEqual([
      "pause at mx1: each message tried there went round only after 301.2 s at the client's clock, its own wait (smtp_helo_timeout = 300s)",
      'a relay that accepts and loses mail cannot be seen by the client: with a black-hole at mx1, mx2, messages were lost (mx1 6 of 6, mx2 6 of 6); reported, not failed, as no client can route round it',
      "rcpt-550 at mx1, mx2: messages bounced (mx1 6 of 6, mx2 6 of 6): a relay's permanent refusal is final for the client (RFC 5321 §4.2.1), so a relay that refuses what its next hop would take loses that mail for its senders",
    ]);
  });

  it('should FAIL a cell that differs, and mail a visible fault held while another relay was up', () => {
    const differs = asPredicted.map((c) => (c.fault === 'baseline' ? { ...c, verdict: 'differs' as const, why: ['the 6 messages of step 1 are each carried by mx1: mx2: 6'] } : c));
    expect(auditResultOf(plan, differs, { timing: 'own', speed: 60 }).passed).toBe(false);
    const held = asPredicted.map((c) => (c.fault === 'pause' && c.relay === 'mx1' ? { ...c, fates: { delivered: 2, queued: 4 } } : c));
    const result = auditResultOf(plan, held, { timing: 'own', speed: 60 });
    expect(result.passed).toBe(false);
    expect(result.recommendations).toContain('pause at mx1: 4 of 6 messages were not delivered although mx2 was up (2 delivered, 4 queued)');
  });

  it('should call a black hole that shares its tier and met no message not exercised, and one it met that kept the mail a difference', () => {
    const tier = planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records: new ZoneRecords(parseCompiledZone(['example.com. 60 IN MX 10 mx1.example.com.', 'example.com. 60 IN MX 10 mx2.example.com.', 'mx1.example.com. 60 IN A 192.168.2.1', 'mx2.example.com. 60 IN A 192.168.2.2'].join('\n'))), client: postfix({}), faults: ['black-hole'] });
    const hole = tier.cells.find((c) => c.fault === 'black-hole' && c.relay === 'mx1')!;
    expect(hole.predicted).toEqual(['mx1', 'mx2']);
    const delivered = (by: string) => ({ step: hole.judgedStep, status: 'delivered', deliveries: [{ carriedBy: by }] });
    const run = (messages: object[]) => ({ passed: false, messages, failovers: [], findings: [], expectations: [{ passed: false, description: 'messages are lost at mx1 and nothing else', detail: 'no message was lost at mx1' }] }) as unknown as ScenarioResult;
    expect(cellResult(hole, run([delivered('mx2'), delivered('mx2')])).verdict).toBe('not exercised');
    // Its twin: mx1 carried a message it should have lost.
    expect(cellResult(hole, run([delivered('mx1'), delivered('mx2')])).verdict).toBe('differs');
  });

  it('should FAIL a single point of failure: a static relayhost', () => {
    const single = planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix({ relayhost: '[mx1.example.com]' }), faults: ['stop'] });
    const stop = { relay: 'mx1', fault: 'stop', stopped: [], predicted: [], carriers: { queued: 6 }, fates: { queued: 6 }, clientMs: null, verdict: 'as predicted' as const, why: [] };
    const result = auditResultOf(single, [stop], { timing: 'own', speed: 60 });
    expect(result.passed).toBe(false);
    expect(result.recommendations).toEqual(["mx1 is a single point of failure: while it was stopped, 6 of 6 messages waited in the client's queue (no other host to hand them to)"]);
    // As predicted, yet its own JUnit case fails with the finding.
    expect(auditJunit(result)).toMatch(/tests="1" failures="1"[\s\S]*<testcase classname="audit" name="stop at mx1" [^>]*><failure message="mx1 is a single point of failure: /);
  });
});

describe("an audit's reports", () => {
  const passing = auditResultOf(plan, asPredicted, { timing: 'own', speed: 60 });
  const failing = auditResultOf(plan, asPredicted.map((c) => (c.fault === 'baseline' ? { ...c, verdict: 'differs' as const, why: ['carried by <mx2> & not mx1'] } : c)), { timing: 'own', speed: 60 });

  it('should draw a grid of relays × faults, each cell coloured by its verdict with its time', () => {
    const html = auditHtml(passing);
    expect(html).toMatch(/<th>relay<\/th><th>pause<\/th><th>black-hole<\/th><th>rcpt-550<\/th>/);
    expect(html).toMatch(/<td class="as-predicted"[^>]*>as predicted · 301\.2 s<small>6 mx2<\/small>/);
    // Lost and bounced as predicted: reported, in their own colour.
    expect(html.match(/<td class="reported"/g)).toHaveLength(4);
    expect(html.indexOf('Recommendations')).toBeLessThan(html.indexOf('Relays × faults'));
    expect(html).not.toMatch(/<script|https?:/);
    expect(auditHtml(failing)).toContain('carried by &lt;mx2&gt; &amp; not mx1');
    expect(auditHtml(failing)).toMatch(/<td class="differs"/);
  });

  it('should give JUnit a case per cell, failing only the cells that differ', () => {
    expect(auditJunit(passing)).toMatch(/tests="8" failures="0"/);
    const xml = auditJunit(failing);
    expect(xml).toMatch(/tests="8" failures="1"/);
    expect(xml).toMatch(/<testcase classname="audit" name="baseline" [^>]*><failure message="predicted mx1; observed 6 delivered">carried by &lt;mx2&gt; &amp; not mx1<\/failure>/);
  });

  it('should print the table with why a cell differs', () => {
    expect(auditTable(failing)).toMatch(/^DIFFERS {2}baseline: carried by <mx2> & not mx1$/m);
    expect(auditTable(passing)).not.toMatch(/DIFFERS/);
  });
});
