import type { JsonScenarioResult } from '../report/result-table';

/** What the images of a night were made of: the versions a change of behaviour is blamed on first. */
export interface ImageVersions {
  postfix: string;
  bind: string;
  /** /etc/debian_version of the base image. */
  debian: string;
  /** The Debian suite the base was bootstrapped from (trixie by default, sid for early warning). */
  suite: string;
  /** Each client MTA's version, asked of its image, by kind. */
  clients?: Record<string, string>;
  images: Record<string, string>;
}

/** results.json: every scenario's result as `--json` writes it, and the versions used. */
export interface NightlyResults {
  generatedAt: string;
  engine: string;
  versions: ImageVersions;
  /** "2/4" for one shard; the list of merged shards after --merge. */
  shards: string[];
  wallMs: number;
  scenarios: JsonScenarioResult[];
}

/**
 * A night passes when every scenario that could run passed; a client's "cannot" is a finding, not a
 * failure, and so is a failure its own documentation foretells (a pass of one shows as a change).
 */
export const failedUnforeseen = (scenario: JsonScenarioResult) => !scenario.passed && scenario.unsupported === undefined && scenario.documented === undefined;
export const passedAll = (results: NightlyResults) => !results.scenarios.some(failedUnforeseen);
