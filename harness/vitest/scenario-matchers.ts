// Vitest matchers for scenario results: `setupFiles: ['mail-relay-failover-harness/vitest']` in
// vitest.config, or import this module in a test file.
import { expect } from 'vitest';
import { scenarioMatchers, type ScenarioMatchers } from '../matchers/scenario-matchers';

export { scenarioMatchers };

expect.extend(scenarioMatchers);

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends ScenarioMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends ScenarioMatchers<unknown> {}
}
