import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A result file that could not be written after the run is a run lost: each file's folder is made
 * now, and a path that cannot hold a file is refused (one sentence) before anything starts.
 */
export function outputProblem(files: [flag: string, file: string | undefined][]): string | undefined {
  for (const [flag, file] of files) {
    if (!file) continue;
    try {
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return `${flag} ${file} is a folder; name a file in it`;
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      return `${flag} ${file}: cannot make its folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
  return undefined;
}
