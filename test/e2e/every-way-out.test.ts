import { existsSync, readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fixture, LiveCli, runCli } from './cli-runner';
import { leftoversOn } from './harness-containers';
import { FULL_SUITE } from './suite-tier';

// Every way out leaves nothing: Ctrl-C or SIGTERM at several moments of the start and while mail
// flows, on each engine; and two runs started at the same moment both pass.
// On Podman, every CI run plays the engine's death (its own service); the signals and two runs at
// once, the harness's own code on either engine, play there in the full suite (npm run test:full, nightly).
describe.each(['docker', 'podman'] as const)('on %s', (engine) => {
  const everyRun = engine === 'docker' || FULL_SUITE ? it : it.skip;
  afterEach(() => {
    expect(leftoversOn(engine)).toEqual({ containers: [], networks: [] });
  });

  everyRun.each([
    ['SIGINT', 'as the network is created', /starting 6 containers/, 0, 130],
    ['SIGTERM', 'while the containers start', /starting 6 containers/, 700, 143],
    ['SIGINT', 'later in the start', /starting 6 containers/, 2000, 130],
    ['SIGINT', 'while mail flows', /step 1: /, 0, 130],
  ])('should leave nothing behind on %s %s', async (signal, _when, marker, delayMs, code) => {
    const cli = new LiveCli('harness/cli.ts', ['failover', '--engine', engine]);
    await cli.waitFor(marker);
    await new Promise((wake) => setTimeout(wake, delayMs));
    cli.child.kill(signal as NodeJS.Signals);
    expect(await cli.exit()).toBe(code);
  });

  it('should end in one sentence and exit 2 when the engine dies under the run, and leave only what clean removes', async () => {
    const cli = new LiveCli('harness/cli.ts', [fixture('engine-dies'), '--engine', engine]);
    await cli.waitFor(/step 1: /);
    execFileSync('pkill', engine === 'docker' ? ['-9', '-x', 'dockerd'] : ['-9', '-f', 'podman system service']);
    expect(await cli.exit()).toBe(2);
    // It did not wait out its two-minute wait step (whose line is said when the wait is over).
    expect(cli.output).not.toMatch(/step 2: wait/);
    expect(cli.output.trim().split('\n').filter((line) => line.startsWith('error:'))).toEqual([
      expect.stringMatching(/^error: the container engine \(unix:\/\/\S+\.sock\) stopped answering during the run: the run cannot go on; once the engine is back, 'npm run clean' removes/),
    ]);
    // The engine comes back with the next command, which removes what the run left.
    expect(runCli('--clean', '--engine', engine).status).toBe(0);
  });

  everyRun('should pass two failover runs started at the same moment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-twice-'));
    const runs = [1, 2].map((n) => new LiveCli('harness/cli.ts', ['failover', '--engine', engine, '--json', join(dir, `${n}.json`)]));
    expect(await Promise.all(runs.map((run) => run.exit()))).toEqual([0, 0]);
    const subnets = [1, 2].map((n) => JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8')).topology.subnet);
    expect(new Set(subnets).size).toBe(2);
  });
});

// The other commands: Ctrl-C in the walkthrough, in an export and in a nightly shard leaves
// nothing; two shards of one night at once both pass, each on a network of its own.
describe('every way out of the other commands', () => {
  const root = mkdtempSync(join(tmpdir(), 'harness-ways-out-'));

  afterEach(() => {
    expect(leftoversOn('docker')).toEqual({ containers: [], networks: [] });
  });

  it.each([
    ['npm run walkthrough -- --auto', 'harness/walkthrough/walkthrough-cli.ts', ['--auto', '--engine', 'docker'], /exec article_client \.\/senddummy\.sh/],
    ['a nightly shard', 'harness/nightly/nightly-cli.ts', ['--shard', '1/4', '--engine', 'docker', '--out', join(root, 'shard')], /PASS {2}\S+ \(/],
  ])('should leave nothing behind on Ctrl-C in %s', async (_name, script, args, marker) => {
    const cli = new LiveCli(script, args);
    await cli.waitFor(marker);
    cli.child.kill('SIGINT');
    expect(await cli.exit()).toBe(130);
    // It starts no further run after the signal: one more run would be one more network to race the sweep.
    expect(cli.output.split(/\ninterrupted:/)[1] ?? '').not.toMatch(/(PASS|FAIL) {2}\S/);
  });

  it('should leave a whole compose project or none on Ctrl-C in an export', async () => {
    const outcomes = await Promise.all([0, 150, 400, 800].map(async (delayMs) => {
      const dir = join(root, `export-${delayMs}`);
      const cli = new LiveCli('harness/cli.ts', ['failover', '--export-compose', dir]);
      await new Promise((wake) => setTimeout(wake, delayMs));
      cli.child.kill('SIGINT');
      const code = await cli.exit();
      const files = existsSync(dir) ? readdirSync(dir).sort() : [];
      return { code, files };
    }));
    // The sink has no configuration of its own, so no folder.
    const whole = ['README.md', 'client', 'compose.yaml', 'dns', 'server-one', 'server-three', 'server-two'];
    for (const { code, files } of outcomes) {
      // null: the signal came before the process had set its handler, so before it did anything.
      expect([0, 130, null]).toContain(code);
      expect([[], whole]).toContainEqual(files);
    }
    // No staging folder is left beside them.
    expect(readdirSync(root).filter((entry) => entry.startsWith('.export-'))).toEqual([]);
  });

  it('should pass two shards of one night started at the same moment, on two networks', async () => {
    const shards = [1, 2].map((n) => new LiveCli('harness/nightly/nightly-cli.ts', ['--only', 'failover,fault-refused', '--shard', `${n}/2`, '--out', join(root, `night-${n}`)]));
    expect(await Promise.all(shards.map((shard) => shard.exit()))).toEqual([0, 0]);
    const subnets = [1, 2].map((n) => JSON.parse(readFileSync(join(root, `night-${n}`, 'results.json'), 'utf8')).scenarios.map((s: { topology: { subnet: string } }) => s.topology.subnet)).flat();
    expect(subnets).toHaveLength(2);
    expect(new Set(subnets).size).toBe(2);
  });
});
