/** Labels on every container and network of a run: what `npm run clean` and teardown find them by. */
export const HARNESS_LABEL = 'mail-relay-harness';
export const RUN_LABEL = 'mail-relay-harness.run';
export const SCENARIO_LABEL = 'mail-relay-harness.scenario';

export function runLabels(runId: string, scenario: string): Record<string, string> {
  return { [HARNESS_LABEL]: 'true', [RUN_LABEL]: runId, [SCENARIO_LABEL]: scenario };
}
