import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimingCarriers, claimingModel } from '../../harness';
import { loadNegativeTwin, loadScenario, scenarioNames } from '../../harness/scenario/load-scenario';
import { scenarioProblems } from '../../harness/scenario/validate-scenario';
import failover from '../../scenarios/failover';
import srv7525 from '../../scenarios/srv-weights-75-25';

// The catalog test runs each twin; here, without containers, each is shown to be a valid scenario
// that differs from its own (a twin equal to its scenario could not fail).
describe('a negative twin beside each scenario', () => {
  it.each(scenarioNames())('%s exports a valid twin that differs from it', async (name) => {
    const scenario = await loadScenario(name);
    const twin = await loadNegativeTwin(name);
    expect(twin).toBeDefined();
    expect(scenarioProblems(twin!.twin)).toEqual([]);
    expect(JSON.stringify(twin!.twin, (_k, v) => (v instanceof RegExp || typeof v === 'function' ? String(v) : v))).not.toEqual(
      JSON.stringify({ ...scenario, name: twin!.twin.name }, (_k, v) => (v instanceof RegExp || typeof v === 'function' ? String(v) : v)),
    );
  });

  it('should claim carriers only of a send step, and name them as the expectation does', () => {
    expect(() => claimingCarriers(failover, 2, 'server-one')).toThrow(/step 2 is not a send step/);
    const twin = claimingCarriers(failover, 3, ['server-one', 'server-two']);
    expect(twin.fails.test('the 6 messages of step 3 are each carried by server-one or server-two')).toBe(true);
    expect(twin.twin.name).toBe('failover-twin');
  });

  it("should claim a model the scenario's share expectation names", () => {
    expect(claimingModel(srv7525, 'even 50/50').fails.test('the split of carriers of step 1 fits the even 50/50 model')).toBe(true);
  });

  it('should refuse a negativeTwin export that is not one, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-'));
    const file = join(dir, 'odd.ts');
    writeFileSync(file, `export default { name: 'odd' };\nexport const negativeTwin = { broken: 'x' };\n`);
    await expect(loadNegativeTwin(file)).rejects.toThrow(/^odd\.ts: negativeTwin is not \{ broken, twin, fails \}/);
    const none = join(dir, 'none.ts');
    writeFileSync(none, `export default { name: 'none' };\n`);
    await expect(loadNegativeTwin(none)).resolves.toBeUndefined();
  });
});
