import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCli } from './cli-runner';
import { leftoversOn } from './harness-containers';

// Every way out leaves nothing: Ctrl-C or SIGTERM at several moments of the start and while mail
// flows, on each engine; and two runs started at the same moment both pass.
describe.each(['docker', 'podman'] as const)('on %s', (engine) => {
  afterEach(() => {
    expect(leftoversOn(engine)).toEqual({ containers: [], networks: [] });
  });

  it.each([
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

  it('should pass two failover runs started at the same moment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-twice-'));
    const runs = [1, 2].map((n) => new LiveCli('harness/cli.ts', ['failover', '--engine', engine, '--json', join(dir, `${n}.json`)]));
    expect(await Promise.all(runs.map((run) => run.exit()))).toEqual([0, 0]);
    const subnets = [1, 2].map((n) => JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8')).topology.subnet);
    expect(new Set(subnets).size).toBe(2);
  });
});
