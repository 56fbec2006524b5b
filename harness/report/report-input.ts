import type { ImageVersions } from '../model/image-versions';
import type { JsonScenarioResult } from './result-table';

// What the HTML report draws: a night's results (or one run's) and what changed since the last.

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

export interface Change {
  scenario?: string;
  kind: 'verdict' | 'distribution' | 'finding' | 'version' | 'scenario';
  text: string;
}

export interface ChangeReport {
  baselineGeneratedAt: string;
  changes: Change[];
}
