import type { JsonScenarioResult } from './result-table';
import { escapeMarkup } from './escape-markup';

const xml = (text: string) =>
  // XML 1.0 has no place for most control characters.
  escapeMarkup(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML: a test suite per scenario, a test case per expectation, each failure with the
 * harness's own sentence. A scenario that failed to run at all is one failing case.
 */
export function junitXml(scenarios: JsonScenarioResult[], suiteName = 'mail-relay-failover-harness'): string {
  const suites = scenarios.map((scenario) => {
    // The client is part of the name: one scenario on two clients is two suites.
    // So is a timing other than the harness's: the same scenario at shipped timing is another suite.
    const clock = scenario.timing && scenario.timing !== 'test' ? ` (timing ${scenario.timing}, ${scenario.speed ?? 1}×)` : '';
    const suite = (scenario.client ? `${scenario.scenario} [${scenario.client.mta} ${scenario.client.version}]` : scenario.scenario) + clock;
    const cases = scenario.expectations.map((e) => {
      const body = e.passed ? '' : `<failure message="${xml(e.description)}">${xml(e.detail)}${e.rule ? xml(` (judged by ${e.rule})`) : ''}</failure>`;
      return `    <testcase classname="${xml(suite)}" name="${xml(e.description)}" time="${(scenario.durationMs / 1000 / Math.max(1, scenario.expectations.length)).toFixed(3)}">${body}</testcase>`;
    });
    if (scenario.unsupported !== undefined) {
      cases.push(`    <testcase classname="${xml(suite)}" name="run" time="0"><skipped message="${xml(scenario.unsupported)}"/></testcase>`);
    } else if (cases.length === 0) {
      cases.push(`    <testcase classname="${xml(suite)}" name="run" time="0"><failure message="no expectation was judged">${xml(scenario.findings.join('\n'))}</failure></testcase>`);
    }
    const failures = scenario.unsupported !== undefined ? 0 : scenario.expectations.length === 0 ? 1 : scenario.expectations.filter((e) => !e.passed).length;
    const findings = scenario.findings.length ? `\n    <system-out>${xml(scenario.findings.map((f) => `NOTE ${f}`).join('\n'))}</system-out>` : '';
    return `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" time="${(scenario.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}${findings}\n  </testsuite>`;
  });
  const tests = scenarios.reduce((sum, s) => sum + Math.max(1, s.expectations.length), 0);
  const failures = scenarios.reduce((sum, s) => sum + (s.unsupported !== undefined ? 0 : s.expectations.length === 0 ? 1 : s.expectations.filter((e) => !e.passed).length), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(suiteName)}" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
