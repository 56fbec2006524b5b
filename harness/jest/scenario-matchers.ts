// Jest matchers for scenario results. Register with `setupFilesAfterEnv: ['mail-relay-failover-harness/jest']`
// (in this repository, `<rootDir>/harness/jest/scenario-matchers.ts`).
import { scenarioMatchers, type ScenarioMatchers } from '../matchers/scenario-matchers';

export { scenarioMatchers };

expect.extend(scenarioMatchers);

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>> extends ScenarioMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends ScenarioMatchers<R> {}
  }
}
