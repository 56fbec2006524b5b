import type { EngineApi } from '../engine/engine-api';

/** Labels on every container and network of a run: what `npm run clean` and teardown find them by. */
export const HARNESS_LABEL = 'mail-relay-harness';
export const RUN_LABEL = 'mail-relay-harness.run';
export const SCENARIO_LABEL = 'mail-relay-harness.scenario';
/** On a topology kept up between runs (reset for each): the scenario label names the first. */
export const KEPT_LABEL = 'mail-relay-harness.kept';

export function runLabels(runId: string, scenario: string, kept = false): Record<string, string> {
  return { [HARNESS_LABEL]: 'true', [RUN_LABEL]: runId, [SCENARIO_LABEL]: scenario, ...(kept ? { [KEPT_LABEL]: 'true' } : {}) };
}

/** Every container of a run, running or not, found by its label (also of a run that failed to start). */
export function containersOfRun(dockerode: EngineApi, runId: string): ReturnType<EngineApi['listContainers']> {
  return dockerode.listContainers({ all: true, filters: JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] }) });
}
