import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would (`npm run scenario -- ...`), minus npm's banner. */
export function runCli(...args: string[]): CliRun {
  return runTsx('harness/cli.ts', args);
}

/** Runs one of the project's entry points (`harness/cli.ts`, the walkthrough) to its end. */
export function runTsx(script: string, args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking: for many short runs side by side. */
export function runTsxAsync(script: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

export function fixture(name: string): string {
  return resolve(__dirname, '../fixtures', `${name}.ts`);
}

/** A CLI process that runs alongside the test, whose output the test can wait on. */
export class LiveCli {
  readonly child: ChildProcess;
  output = '';
  private readonly exited: Promise<number | null>;

  constructor(script: string, args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((done) => this.child.on('close', (code) => done(code)));
  }

  /** Resolves with the first match of `pattern` in the output after `from` (its index counts from the start); bounded. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.slice(from).match(pattern);
      if (match) {
        match.index = (match.index ?? 0) + from;
        return match;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern} in the output${this.child.exitCode !== null ? ` (exited ${this.child.exitCode})` : ''}:\n${this.output}`);
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }

  exit(): Promise<number | null> {
    return this.exited;
  }
}
