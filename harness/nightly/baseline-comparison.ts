import { upperGammaQ } from '../stats/goodness-of-fit';
import { RUN_ALPHA } from '../scenario/share-expectation';
import type { DistributionEvidence } from '../scenario/expectations';
import type { NightlyResults } from './nightly-results';
import type { Change, ChangeReport } from '../report/report-input';

export type { Change, ChangeReport };


/**
 * Chi-square test of homogeneity between two nights' counts of the same cells: did the split
 * itself move, whatever any model says? Returns the p-value (1 when there is nothing to compare).
 */
export function twoSampleP(before: Record<string, number>, after: Record<string, number>): number {
  const cells = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((cell) => (before[cell] ?? 0) + (after[cell] ?? 0) > 0);
  const n1 = cells.reduce((sum, cell) => sum + (before[cell] ?? 0), 0);
  const n2 = cells.reduce((sum, cell) => sum + (after[cell] ?? 0), 0);
  if (cells.length < 2 || n1 === 0 || n2 === 0) return 1;
  let statistic = 0;
  for (const cell of cells) {
    const total = (before[cell] ?? 0) + (after[cell] ?? 0);
    for (const [count, n] of [[before[cell] ?? 0, n1], [after[cell] ?? 0, n2]]) {
      const expected = (total * n) / (n1 + n2);
      statistic += (count - expected) ** 2 / expected;
    }
  }
  return upperGammaQ((cells.length - 1) / 2, statistic / 2);
}

const distributionsOf = (results: NightlyResults) =>
  new Map(results.scenarios.flatMap((scenario) =>
    scenario.expectations.flatMap((e) => (e.distribution ? [[`${scenario.scenario}: ${e.description}`, { scenario: scenario.scenario, evidence: e.distribution }] as const] : []))));

const share = (evidence: DistributionEvidence) =>
  Object.entries(evidence.observed).map(([cell, count]) => `${cell} ${((100 * count) / Math.max(1, evidence.n)).toFixed(1)} %`).join(' / ');

/** What changed since the last night: verdicts, distributions (two-sample test), findings, versions. */
export function compareWithBaseline(previous: NightlyResults, current: NightlyResults): ChangeReport {
  const changes: Change[] = [];
  for (const key of ['postfix', 'bind', 'debian', 'suite'] as const) {
    if (previous.versions?.[key] !== current.versions[key]) {
      changes.push({ kind: 'version', text: `${key} ${previous.versions?.[key] ?? 'unknown'} → ${current.versions[key]}` });
    }
  }
  for (const [kind, version] of Object.entries(current.versions.clients ?? {})) {
    const before = previous.versions?.clients?.[kind];
    if (before && before !== version) changes.push({ kind: 'version', text: `client ${kind} ${before} → ${version}` });
  }
  const before = new Map(previous.scenarios.map((scenario) => [scenario.scenario, scenario]));
  for (const scenario of current.scenarios) {
    const old = before.get(scenario.scenario);
    if (!old) {
      changes.push({ scenario: scenario.scenario, kind: 'scenario', text: `new scenario, ${scenario.passed ? 'passed' : 'FAILED'}` });
      continue;
    }
    if (old.passed !== scenario.passed) {
      changes.push({ scenario: scenario.scenario, kind: 'verdict', text: `${old.passed ? 'passed' : 'FAILED'} → ${scenario.passed ? 'passed' : 'FAILED'}` });
    }
    const known = new Set(old.findings);
    for (const finding of scenario.findings.filter((f) => !known.has(f))) {
      changes.push({ scenario: scenario.scenario, kind: 'finding', text: `new finding: ${finding}` });
    }
  }
  const ranTonight = new Set(current.scenarios.map((scenario) => scenario.scenario));
  for (const name of before.keys()) {
    if (!ranTonight.has(name)) changes.push({ scenario: name, kind: 'scenario', text: 'not run tonight' });
  }
  const oldDistributions = distributionsOf(previous);
  const newDistributions = distributionsOf(current);
  const compared = [...newDistributions.keys()].filter((key) => oldDistributions.has(key));
  // The same family-wise α as a run's own statistical checks, shared among tonight's comparisons.
  const alpha = RUN_ALPHA / Math.max(1, compared.length);
  for (const key of compared) {
    const { scenario, evidence } = newDistributions.get(key)!;
    const old = oldDistributions.get(key)!.evidence;
    const p = twoSampleP(old.observed, evidence.observed);
    if (p < alpha) {
      changes.push({ scenario, kind: 'distribution', text: `the split moved: ${share(old)} → ${share(evidence)} (two-sample χ², p=${p.toExponential(1)} < ${alpha.toExponential(1)})` });
    }
  }
  return { baselineGeneratedAt: previous.generatedAt, changes };
}
