import { spawn } from 'node:child_process';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { engineApi } from '../engine/engine-api';
import { healed } from './kept-topologies';
import { containersOfRun } from './run-labels';

/** A healer that takes longer than this gives up: the next run's reset heals what is left. */
const HEAL_MS = 60_000;

/**
 * Starts, detached, a process that heals a kept topology after this one exits (`--reuse`): it starts
 * what the run stopped and unpauses what it paused, so that the next process's reset need not wait
 * for a start, then gives the topology back. Its pid, or undefined when it could not be started.
 */
export function healDetached(runId: string): number | undefined {
  try {
    // As this process runs: the same node, compiled or the sources through tsx (which a process
    // started by scripts/run-harness.js loaded without --import).
    const sources = extname(__filename) === '.ts' && !process.execArgv.includes('tsx') ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
    const child = spawn(process.execPath, [...process.execArgv, ...sources, join(__dirname, `kept-healer${extname(__filename)}`), runId], { detached: true, stdio: 'ignore', env: process.env });
    child.on('error', () => undefined);
    child.unref();
    return child.pid;
  } catch {
    return undefined;
  }
}

/**
 * What the engine must undo for the next run: what was paused, unpaused at once; what was stopped,
 * started one at a time (each start adds an endpoint: engine/endpoint-turns.ts). No wait until
 * each serves (the reset does that).
 */
async function heal(runId: string): Promise<void> {
  const dockerode = await engineApi();
  const containers = await containersOfRun(dockerode, runId);
  const paused = containers.filter((info) => info.State === 'paused');
  const stopped = containers.filter((info) => info.State !== 'paused' && info.State !== 'running');
  await Promise.all(paused.map((info) => dockerode.getContainer(info.Id).unpause()));
  for (const info of stopped) await dockerode.getContainer(info.Id).start();
}

if (require.main === module) {
  const runId = process.argv[2] ?? '';
  setTimeout(() => process.exit(0), HEAL_MS).unref();
  // A heal that fails still gives the topology back: the next run's reset heals, or starts afresh.
  void heal(runId).catch(() => undefined).finally(() => {
    healed(runId);
    process.exit(0);
  });
}
