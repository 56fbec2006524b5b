import { runScenario } from '../../harness';
import { loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { twins } from '../fixtures/twins';
import { harnessLeftovers } from './harness-containers';

// Every scenario in scenarios/ passes on real containers, and its negative twin fails.
describe('the scenario catalog', () => {
  afterEach(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should have a negative twin for every scenario', () => {
    expect(scenarioNames().filter((name) => !twins[name])).toEqual([]);
  });

  describe.each(scenarioNames())('%s', (name) => {
    it('should pass', async () => {
      const result = await runScenario(await loadScenario(name));
      expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(result.passed).toBe(true);
    });

    it(`should FAIL as its negative twin (${twins[name]?.broken})`, async () => {
      const { twin, fails } = twins[name];
      const result = await runScenario(twin);
      expect(result.passed).toBe(false);
      const failed = result.expectations.filter((e) => !e.passed).map((e) => e.description);
      expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(fails)]));
    });
  });
});
