import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { engineApi } from '../engine/engine-api';
import { demultiplex } from '../containers/harness-container';
import { containersOfRun } from './run-labels';

/**
 * Saves the log of every container of a run, found by the run's label (so also of a run that
 * failed to start). Returns the folder and each member's log text (by the name after the run id).
 */
export async function saveRunLogs(runId: string, root = 'artifacts', folder = runId): Promise<{ dir: string; logs: Map<string, string> }> {
  const dir = resolve(root, folder);
  mkdirSync(dir, { recursive: true });
  const dockerode = await engineApi();
  const containers = await containersOfRun(dockerode, runId);
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
