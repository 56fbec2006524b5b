import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function listFiles(directory: string): string[] {
  return readdirSync(directory)
    .flatMap((entry) => {
      const path = join(directory, entry);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    })
    .sort();
}

/** A short content hash of every file under `directory` plus extra inputs: the image tag. */
export function hashInputs(directory: string, extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const file of listFiles(directory)) {
    hash.update(relative(directory, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const item of extra) hash.update(item).update('\0');
  return hash.digest('hex').slice(0, 12);
}
