import { junitXml } from '../../harness/report/junit-report';
import { renderReport } from '../../harness/report/html-report';
import { compareWithBaseline, twoSampleP } from '../../harness/nightly/baseline-comparison';
import { estimatedMs, parseShard, shardOf } from '../../harness/nightly/shard-plan';
import { loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { evenSplit, madeUpNight, madeUpResult } from '../fixtures/made-up-results';

describe('junit.xml', () => {
  const xml = junitXml([madeUpResult('failover'), madeUpResult('broken', { passed: false })]);

  it('should have one test case per expectation, failures with the harness sentence, escaped', () => {
    expect(xml).toMatch(/<testsuites name="mail-relay-failover-harness" tests="2" failures="1">/);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<failure message="every message is delivered exactly once">a &lt;message&gt; &amp; &quot;quotes&quot; is still queued</failure>');
    expect(xml).toContain('<testsuite name="failover" tests="1" failures="0"');
  });

  it('should make a scenario that judged nothing a failing case', () => {
    const nothing = { ...madeUpResult('empty'), expectations: [] };
    expect(junitXml([nothing])).toMatch(/<testcase classname="empty" name="run" time="0"><failure message="no expectation was judged">/);
  });
});

describe('change alerts against the last night', () => {
  const lastNight = madeUpNight([madeUpResult('failover'), madeUpResult('srv', { distribution: evenSplit(200, 200) })]);

  it('should say nothing changed when nothing did, even when the split wobbles by chance', () => {
    const tonight = madeUpNight([madeUpResult('failover'), madeUpResult('srv', { distribution: evenSplit(190, 210) })]);
    expect(compareWithBaseline(lastNight, tonight).changes).toEqual([]);
  });

  it('should report a changed verdict, a moved distribution, a new finding, a new Postfix and a new scenario', () => {
    const tonight = madeUpNight([
      madeUpResult('failover', { passed: false, findings: ['client: warning: unused parameter'] }),
      madeUpResult('srv', { distribution: evenSplit(300, 100) }),
      madeUpResult('fresh'),
    ], '3.11.0');
    const texts = compareWithBaseline(lastNight, tonight).changes.map((c) => `${c.kind} ${c.scenario ?? ''}: ${c.text}`);
    expect(texts).toEqual([
      'version : postfix 3.10.13 → 3.11.0',
      'verdict failover: passed → FAILED',
      'finding failover: new finding: client: warning: unused parameter',
      'scenario fresh: new scenario, passed',
      expect.stringMatching(/^distribution srv: the split moved: server-two 50.0 % \/ server-three 50.0 % → server-two 75.0 % \/ server-three 25.0 % \(two-sample χ², p=\S+ < 1.0e-3\)$/),
    ]);
  });

  it('should test homogeneity: equal splits p≈1, a 50/50 against 75/25 night p tiny', () => {
    expect(twoSampleP({ a: 200, b: 200 }, { a: 200, b: 200 })).toBeCloseTo(1, 5);
    expect(twoSampleP({ a: 200, b: 200 }, { a: 300, b: 100 })).toBeLessThan(1e-10);
    // χ²(1) = 3.841 at p = 0.05: counts 60/40 against 46/54 (n=100 each) give χ² ≈ 3.93.
    expect(twoSampleP({ a: 60, b: 40 }, { a: 46, b: 54 })).toBeCloseTo(0.0474, 3);
  });

  it('should show "Changed since last run" at the top of the report, or that nothing changed', () => {
    const unchanged = renderReport(lastNight, compareWithBaseline(lastNight, lastNight));
    expect(unchanged).toContain('Nothing changed: same verdicts, no distribution moved, no new finding, same versions.');
    expect(unchanged.indexOf('Changed since last run')).toBeLessThan(unchanged.indexOf('class="summary"'));
  });
});

describe('report.html', () => {
  const night = madeUpNight([madeUpResult('a-passes'), madeUpResult('z-fails', { passed: false, carriers: ['server-one', null, 'server-two'] }), madeUpResult('srv', { distribution: evenSplit(198, 202) })]);
  const html = renderReport(night);

  it('should put failures first, in the summary and in the sections', () => {
    const order = [...html.matchAll(/<section class="scenario (passed|failed)" id="scenario-([a-z-]+)"/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(order).toEqual(['z-fails failed', 'a-passes passed', 'srv passed']);
    expect(html).toMatch(/<title>Mail relay failover harness: 1 FAILED<\/title>/);
  });

  it('should draw a mark per message and per bar, with no script and no outside reference', () => {
    expect(html.match(/class="message"/g)).toHaveLength(2 + 3 + 2);
    expect(html.match(/<rect class="bar/g)).toHaveLength(2 * 3);
    expect(html).not.toMatch(/<script|https?:\/\/|<link /);
    expect(html).toContain('a &lt;message&gt; &amp; &quot;quotes&quot;');
  });
});

describe('shards', () => {
  it('should refuse a malformed shard', () => {
    expect(() => parseShard('5/4')).toThrow('--shard must be i/n with 1 ≤ i ≤ n, such as 2/4, not "5/4"');
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });

  it('should give every scenario to exactly one of four shards, balanced within the longest scenario', async () => {
    const items = await Promise.all(scenarioNames().map(async (name) => ({ name, scenario: await loadScenario(name) })));
    const shards = [1, 2, 3, 4].map((index) => shardOf(items, { index, count: 4 }));
    expect(shards.flat().map((item) => item.name).sort()).toEqual(scenarioNames());
    const loads = shards.map((shard) => shard.reduce((sum, item) => sum + estimatedMs(item.scenario), 0));
    const longest = Math.max(...items.map((item) => estimatedMs(item.scenario)));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(longest);
  });
});
