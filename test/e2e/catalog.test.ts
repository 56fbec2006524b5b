import { runScenario, judgeAgain, sameRun } from '../../harness';
import { loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { TopologyPool } from '../../harness/topology/topology-pool';
import { twins } from '../fixtures/twins';
import { harnessLeftovers } from './harness-containers';

// Every scenario in scenarios/ passes on real containers, and its negative twin fails. A twin that
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

  it('should have a negative twin for every scenario', () => {
    expect(scenarioNames().filter((name) => !twins[name])).toEqual([]);
  });

  it.each(scenarioNames())('%s should pass, and FAIL as its negative twin', async (name) => {
    const scenario = await loadScenario(name);
    const result = await runScenario(scenario, { pool });
    expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(result.passed).toBe(true);

    const { twin, fails, broken } = twins[name];
    const twinResult = sameRun(scenario, twin) ? judgeAgain(result, twin, scenario) : await runScenario(twin, { pool });
    const failed = twinResult.expectations.filter((e) => !e.passed).map((e) => e.description);
    expect({ twin: broken, passed: twinResult.passed, failed }).toEqual({ twin: broken, passed: false, failed: expect.arrayContaining([expect.stringMatching(fails)]) });
  });
});
