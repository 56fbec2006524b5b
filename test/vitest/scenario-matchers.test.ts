import { describe, expect, it } from 'vitest';
import '../../harness/vitest/scenario-matchers';
import { evenSplit, madeUpResult } from '../fixtures/made-up-results';

// Run by vitest (test/unit/vitest-matchers.test.ts starts it): the same matchers, on vitest's expect.
describe('vitest matchers for scenario results', () => {
  const passing = madeUpResult('failover', { carriers: ['server-one', 'server-two'], distribution: evenSplit(198, 202) });
  const failing = madeUpResult('broken', { passed: false, carriers: ['server-one', null] });

  it('should pass and fail as the jest ones do, with the same words', () => {
    expect(passing).toPassScenario();
    expect(() => expect(failing).toPassScenario()).toThrow(/expected scenario broken to pass, but:/);
    expect(passing).toHaveMessageCarriedBy('failover-2', 'server-two');
    expect(() => expect(passing).toHaveMessageCarriedBy('failover-2', 'server-three')).toThrow('expected failover-2 to be carried by server-three; it was carried by server-two');
    expect(passing).toFollowDistribution('postfix');
    expect(passing).not.toFollowDistribution('75/25');
  });
});
