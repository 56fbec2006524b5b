import { runScenario } from '../../harness';
import { checkTwin } from '../../harness/scenario/twin-check';
import { loadNegativeTwin, loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { TopologyPool } from '../../harness/topology/topology-pool';
import { harnessLeftovers } from './harness-containers';

// Every scenario in scenarios/ passes on real containers, and its negative twin (the file's
// `negativeTwin` export) fails. A twin that
// changes only what is expected is judged on the scenario's own run (one run, two verdicts); a twin
// that changes the configuration or the story runs on its own. Each test stands alone: the
// scenario and its twin in one.
describe('the scenario catalog', () => {
  // Runs of one shape share a topology, reset between them (reuse.test.ts shows a reset run's
  // evidence is a fresh start's).
  const pool = new TopologyPool(3);

  afterEach(async () => {
    // Only the pool's kept topologies may outlive a run.
    expect(await harnessLeftovers({ besidesKept: true })).toEqual({ containers: [], networks: [] });
  });

  afterAll(async () => {
    await pool.close();
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should have a negative twin beside every scenario', async () => {
    const without = [];
    for (const name of scenarioNames()) if (!(await loadNegativeTwin(name))) without.push(name);
    expect(without).toEqual([]);
  });

  it.each(scenarioNames())('%s should pass, and FAIL as its negative twin', async (name) => {
    const scenario = await loadScenario(name);
    const result = await runScenario(scenario, { pool });
    expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(result.passed).toBe(true);

    const twin = (await loadNegativeTwin(name))!;
    const verdict = await checkTwin(scenario, result, twin, (broken) => runScenario(broken, { pool }));
    expect({ twin: twin.broken, passed: verdict.result.passed, failed: verdict.failed }).toEqual({ twin: twin.broken, passed: false, failed: expect.arrayContaining([expect.stringMatching(twin.fails)]) });
    expect(verdict.failsAsItMust).toBe(true);
  });
});
