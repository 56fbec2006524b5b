import { scenarioMatchers } from '../../harness/jest/scenario-matchers';
import { evenSplit, madeUpResult } from '../fixtures/made-up-results';

// The matchers are registered by jest.config.js (setupFilesAfterEnv), as a user's config would.
describe('jest matchers for scenario results', () => {
  const passing = madeUpResult('failover', { carriers: ['server-one', 'server-two'], distribution: evenSplit(198, 202) });
  const failing = madeUpResult('broken', { passed: false, carriers: ['server-one', null] });

  it('should pass toPassScenario on a passing result and say why a failing one fails', () => {
    expect(passing).toPassScenario();
    expect(() => expect(failing).toPassScenario()).toThrow(/expected scenario broken to pass, but:\n {2}FAIL {2}every message is delivered exactly once: a <message> & "quotes" is still queued/);
    expect(() => expect(passing).not.toPassScenario()).toThrow(/expected scenario failover to fail, but every expectation held/);
  });

  it('should check which relay carried a message, and name what happened instead', () => {
    expect(passing).toHaveMessageCarriedBy('failover-2', 'server-two');
    expect(() => expect(passing).toHaveMessageCarriedBy('failover-2', 'server-three')).toThrow('expected failover-2 to be carried by server-three; it was carried by server-two');
    expect(() => expect(failing).toHaveMessageCarriedBy('broken-2', 'server-two')).toThrow('expected broken-2 to be carried by server-two; it was queued');
    expect(() => expect(passing).toHaveMessageCarriedBy('nope-1', 'server-two')).toThrow(/expected a message nope-1 in failover; its messages are failover-1, failover-2/);
  });

  it('should check a distribution against a named model, with the p-values on failure', () => {
    expect(passing).toFollowDistribution('postfix');
    expect(passing).not.toFollowDistribution('75/25');
    expect(() => expect(passing).toFollowDistribution('75/25')).toThrow(/expected the split server-two 198 \/ server-three 202 to follow 75\/25 at α=0.0010: postfix p=0.500 \(fits\), 75\/25 p=1.00e-30 \(rejected\)/);
    expect(() => expect(passing).toFollowDistribution('zipf')).toThrow(/its models are postfix, 75\/25/);
    expect(() => expect(failing).toFollowDistribution('postfix')).toThrow(/broken to have a distribution check \(shareFollows\); it has none/);
  });

  it('should be exported for users who register them by hand', () => {
    expect(Object.keys(scenarioMatchers)).toEqual(['toPassScenario', 'toHaveMessageCarriedBy', 'toFollowDistribution']);
  });
});
