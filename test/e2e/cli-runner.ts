import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would (`npm run scenario -- ...`), minus npm's banner. */
export function runCli(...args: string[]): CliRun {
  const result = spawnSync(resolve(ROOT, 'node_modules/.bin/tsx'), ['harness/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function fixture(name: string): string {
  return resolve(__dirname, '../fixtures', `${name}.ts`);
}
