import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StartedTopology } from '../topology/topology';
import type { ScenarioResult } from './scenario-result';

/** Saves every container's log, the client's queue and the result, for a failed run. Returns the folder. */
export async function saveArtifacts(topology: StartedTopology, result: ScenarioResult | undefined, root = 'artifacts'): Promise<string> {
  const dir = resolve(root, topology.runId);
  mkdirSync(dir, { recursive: true });
  await Promise.all(
    topology.members().map(async ([name, container]) => {
      const log = await container.logText().catch((error: Error) => `could not read logs: ${error.message}`);
      writeFileSync(join(dir, `${name}.log`), log);
    }),
  );
  const queue = await topology.client.exec(['postqueue', '-p']).catch((error: Error) => ({ output: error.message }));
  writeFileSync(join(dir, 'client-queue.txt'), queue.output);
  if (result) writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));
  return dir;
}
