import type { JsonScenarioResult } from '../report/result-table';
import type { NightlyResults } from '../report/report-input';

export type { ImageVersions } from '../model/image-versions';
export type { NightlyResults };

/**
 * A night passes when every scenario that could run passed; a client's "cannot" is a finding, not a
 * failure, and so is a failure its own documentation foretells (a pass of one shows as a change).
 */
export const failedUnforeseen = (scenario: JsonScenarioResult) => !scenario.passed && scenario.unsupported === undefined && scenario.documented === undefined;
export const passedAll = (results: NightlyResults) => !results.scenarios.some(failedUnforeseen);
