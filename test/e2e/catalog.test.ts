import { runScenario, judgeAgain, sameRun, ScenarioResult, ScenarioDefinition } from '../../harness';
import { loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { twins } from '../fixtures/twins';
import { harnessLeftovers } from './harness-containers';

// Every scenario in scenarios/ passes on real containers, and its negative twin fails. A twin that
// changes only what is expected is judged on the scenario's own run (one run, two verdicts); a twin
// that changes the configuration or the story runs on its own.
describe('the scenario catalog', () => {
  const runs = new Map<string, { scenario: ScenarioDefinition; result: ScenarioResult }>();

  afterEach(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should have a negative twin for every scenario', () => {
    expect(scenarioNames().filter((name) => !twins[name])).toEqual([]);
  });

  describe.each(scenarioNames())('%s', (name) => {
    it('should pass', async () => {
      const scenario = await loadScenario(name);
      const result = await runScenario(scenario);
      runs.set(name, { scenario, result });
      expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(result.passed).toBe(true);
    });

    it(`should FAIL as its negative twin (${twins[name]?.broken})`, async () => {
      const { twin, fails } = twins[name];
      const own = runs.get(name);
      const result = own && sameRun(own.scenario, twin) ? judgeAgain(own.result, twin, own.scenario) : await runScenario(twin);
      expect(result.passed).toBe(false);
      const failed = result.expectations.filter((e) => !e.passed).map((e) => e.description);
      expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(fails)]));
    });
  });
});
