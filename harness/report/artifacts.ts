import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import type { StartedTopology } from '../topology/topology';
import { RUN_LABEL } from '../topology/run-labels';
import { demultiplex } from '../containers/harness-container';
import type { ScenarioResult } from './scenario-result';

/** Saves every container's log, the client's queue and the result, for a failed run. Returns the folder. */
export async function saveArtifacts(topology: StartedTopology, result: ScenarioResult | undefined, root = 'artifacts'): Promise<string> {
  const { dir } = await saveRunLogs(topology.runId, root);
  const queue = await topology.client.queueListing().catch((error: Error) => error.message);
  writeFileSync(join(dir, 'client-queue.txt'), queue);
  if (result) writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));
  return dir;
}

/**
 * Saves the log of every container of a run, found by the run's label (so also of a run that
 * failed to start). Returns the folder and each member's log text (by the name after the run id).
 */
export async function saveRunLogs(runId: string, root = 'artifacts'): Promise<{ dir: string; logs: Map<string, string> }> {
  const dir = resolve(root, runId);
  mkdirSync(dir, { recursive: true });
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const containers = await dockerode.listContainers({ all: true, filters: JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] }) });
  const logs = new Map<string, string>();
  await Promise.all(containers.map(async (info) => {
    const name = (info.Names[0] ?? info.Id).replace(/^\//, '').replace(`${runId}-`, '');
    const raw = (await dockerode.getContainer(info.Id).logs({ stdout: true, stderr: true, follow: false }).catch((error: Error) => Buffer.from(error.message))) as unknown as Buffer;
    const text = demultiplex(raw) || raw.toString('utf8');
    logs.set(name, text);
    writeFileSync(join(dir, `${name}.log`), text);
  }));
  return { dir, logs };
}
