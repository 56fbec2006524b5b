import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedTopology } from '../topology/topology';
import { saveRunLogs } from '../topology/run-logs';
import type { ScenarioResult } from './scenario-result';

/**
 * Saves every container's log, the client's queue and the result, for a failed run, in a folder
 * named by the run (`runId`): a run on a kept topology is not the run that started it, whose
 * folder a later run would otherwise write over. Returns the folder.
 */
export async function saveArtifacts(topology: StartedTopology, result: ScenarioResult | undefined, root = 'artifacts', runId = topology.runId): Promise<string> {
  const { dir } = await saveRunLogs(topology.runId, root, runId);
  const queue = await topology.client.queueListing().catch((error: Error) => error.message);
  writeFileSync(join(dir, 'client-queue.txt'), queue);
  if (result) writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));
  return dir;
}
