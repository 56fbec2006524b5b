import { readFileSync, statSync } from 'node:fs';
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

/** Larger than any zone or main.cf a site keeps: a file this size is the wrong file. */
const MAX_BYTES = 1024 * 1024;

/** A file named by a scenario, read beside the scenario file; `what` names the reader in the error. */
export function readBesideScenario(path: string, what: string): string {
  // 0: callerDir, 1: here, 2: zoneFile or mainCfFile, 3: the scenario file.
  const full = resolve(callerDir(3), path);
  filesRead.add(full);
  return readTextFile(full, `${what}: ${path}`);
}

/** A configuration file as text, or one sentence on why it is none: missing, a directory, too large, binary. */
export function readTextFile(full: string, named: string): string {
  let bytes: Buffer;
  try {
    const stat = statSync(full);
    if (stat.isDirectory()) throw new ScenarioInputError(`${named} is a directory, not a file (looked at ${full})`);
    if (stat.size > MAX_BYTES) throw new ScenarioInputError(`${named} is ${(stat.size / MAX_BYTES).toFixed(1)} MB; a zone or configuration file is far smaller (the limit is 1 MB): is it the right file?`);
    bytes = readFileSync(full);
  } catch (error) {
    if (error instanceof ScenarioInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioInputError(`${named} cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code ?? 'unreadable'}; looked for ${full})`);
  }
  if (bytes.includes(0)) throw new ScenarioInputError(`${named} is not a text file (it holds binary data; looked at ${full})`);
  return bytes.toString('utf8');
}
