import { runScenario, ScenarioResult } from '../../harness';
import { checkTwin } from '../../harness/scenario/twin-check';
import { loadCauseLifted, loadNegativeTwin, loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { TopologyPool } from '../../harness/topology/topology-pool';
import { harnessLeftovers, runLeftovers } from './harness-containers';

// Every scenario in scenarios/ passes on real containers, and its negative twin (the file's
// `negativeTwin` export) fails; one Postfix is documented to fail (documentedFailures) fails saying
// so, and passes with the cause lifted (the file's `causeLifted` export). A twin that
// changes only what is expected is judged on the scenario's own run (one run, two verdicts); a twin
// that changes the configuration or the story runs on its own. Each test stands alone: the
// scenario and its twin in one. Two tests run at once (maxConcurrency), each on networks of its own:
// a run mostly waits on timeouts and queue runs.
const leftoversOf = (result: ScenarioResult) => runLeftovers(result.topology?.reused?.startedBy ?? result.runId, { besidesKept: true });

describe('the scenario catalog', () => {
  // Runs of one shape share a topology, reset between them (reuse.test.ts shows a reset run's
  // evidence is a fresh start's).
  const pool = new TopologyPool(4);

  afterAll(async () => {
    await pool.close();
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should have a negative twin beside every scenario', async () => {
    const without = [];
    for (const name of scenarioNames()) if (!(await loadNegativeTwin(name))) without.push(name);
    expect(without).toEqual([]);
  });

  it.concurrent.each(scenarioNames())('%s should pass, and FAIL as its negative twin', async (name) => {
    const scenario = await loadScenario(name);
    const result = await runScenario(scenario, { pool });
    // Only the pool's kept topology may outlive the run (labelled with the run that started it).
    expect(await leftoversOf(result)).toEqual({ containers: [], networks: [] });
    const documented = scenario.documentedFailures?.[result.client!.mta];
    if (documented) {
      // A failure Postfix's own documentation foretells: it fails, saying so, and passes with the cause lifted.
      expect({ passed: result.passed, documented: result.documented }).toEqual({ passed: false, documented });
      const lifted = await loadCauseLifted(name);
      expect(lifted).toBeDefined();
      const liftedResult = await runScenario(lifted!, { pool });
      expect(await leftoversOf(liftedResult)).toEqual({ containers: [], networks: [] });
      expect(liftedResult.expectations.filter((e) => !e.passed)).toEqual([]);
      return;
    }
    expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(result.passed).toBe(true);

    const twin = (await loadNegativeTwin(name))!;
    const verdict = await checkTwin(scenario, result, twin, (broken) => runScenario(broken, { pool }));
    if (verdict.result.runId !== result.runId) expect(await leftoversOf(verdict.result)).toEqual({ containers: [], networks: [] });
    expect({ twin: twin.broken, passed: verdict.result.passed, failed: verdict.failed }).toEqual({ twin: twin.broken, passed: false, failed: expect.arrayContaining([expect.stringMatching(twin.fails)]) });
    expect(verdict.failsAsItMust).toBe(true);
  });
});
