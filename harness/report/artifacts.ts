import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedTopology } from '../topology/topology';
import { saveRunLogs } from '../topology/run-logs';
import type { ScenarioResult } from './scenario-result';

/** Saves every container's log, the client's queue and the result, for a failed run. Returns the folder. */
export async function saveArtifacts(topology: StartedTopology, result: ScenarioResult | undefined, root = 'artifacts'): Promise<string> {
  const { dir } = await saveRunLogs(topology.runId, root);
  const queue = await topology.client.queueListing().catch((error: Error) => error.message);
  writeFileSync(join(dir, 'client-queue.txt'), queue);
  if (result) writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));
  return dir;
}
