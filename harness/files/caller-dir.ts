import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioInputError } from '../util/errors';

/**
 * The folder of the file `depth` calls up the stack (2: the caller of the function calling this
 * one): a scenario's `zoneFile('x')` is read beside the scenario file, wherever it is run from.
 */
function callerDir(depth: number): string {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[];
    const file = frames[depth]?.getFileName() ?? '';
    return dirname(file.startsWith('file:') ? fileURLToPath(file) : file || process.cwd());
  } finally {
    Error.prepareStackTrace = original;
  }
}

/** Every file a scenario read from disk since it was last cleared: what --watch watches beside the scenario's modules. */
export const filesRead = new Set<string>();

/** A file named by a scenario, read beside the scenario file; `what` names the reader in the error. */
export function readBesideScenario(path: string, what: string): string {
  // 0: callerDir, 1: here, 2: zoneFile or mainCfFile, 3: the scenario file.
  const full = resolve(callerDir(3), path);
  filesRead.add(full);
  try {
    return readFileSync(full, 'utf8');
  } catch {
    throw new ScenarioInputError(`${what}: ${path} cannot be read (looked for ${full})`);
  }
}
