import type { ScenarioResult } from '../report/scenario-result';
import type { ScenarioDefinition } from './define-scenario';
import { judgeAgain, sameRun } from './judge-run';
import type { NegativeTwin } from './negative-twin';

export interface TwinVerdict {
  /** True when the twin FAILED on the expectation it names: the scenario's expectations can fail. */
  failsAsItMust: boolean;
  result: ScenarioResult;
  /** The twin's failed expectations, by description. */
  failed: string[];
  /** One line for the console. */
  line: string;
}

/**
 * Judges a scenario's negative twin: on the scenario's own run when the twin changes only what is
 * expected, else on a run of its own (`runTwin`).
 */
export async function checkTwin(
  scenario: ScenarioDefinition,
  result: ScenarioResult,
  { broken, twin, fails }: NegativeTwin,
  runTwin: (twin: ScenarioDefinition) => Promise<ScenarioResult>,
): Promise<TwinVerdict> {
  const onSameRun = sameRun(scenario, twin);
  const twinResult = onSameRun ? judgeAgain(result, twin, scenario) : await runTwin(twin);
  const failed = twinResult.expectations.filter((e) => !e.passed).map((e) => e.description);
  const failsAsItMust = !twinResult.passed && failed.some((description) => fails.test(description));
  const how = onSameRun ? 'judged on the same run' : 'run on its own';
  const line = failsAsItMust
    ? `negative twin (${broken}, ${how}): FAILED as it must: ${failed.find((d) => fails.test(d))}`
    : `negative twin (${broken}, ${how}): ${twinResult.passed ? 'PASSED' : `failed only on: ${failed.join('; ')}`} — the expectations do not catch what it breaks (${fails})`;
  return { failsAsItMust, result: twinResult, failed, line };
}
