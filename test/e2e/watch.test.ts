import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LiveCli } from './cli-runner';
import { harnessLeftovers } from './harness-containers';

const ROOT = resolve(__dirname, '../..');

/** A scenario of the user's, in a folder of its own, sending `count` messages through one relay. */
const scenarioText = (count: number) => `import { defineScenario, send, postfixRelay, sink } from '${ROOT}/harness';
export default defineScenario({
  name: 'watched',
  description: 'one relay, edited while watched',
  domain: 'example-domain.com',
  zone: \`
    $TTL 60
    @ IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @ IN NS ns1
    ns1 IN A {{dns}}
    relay-a IN A {{relay-a}}
    mailstore IN A {{mailstore}}
  \`,
  servers: [postfixRelay('relay-a', { mainCf: { relayhost: '[mailstore.example-domain.com]' } }), sink('mailstore')],
  client: { relayhost: '[relay-a.example-domain.com]' },
  steps: [send(${count}, { expectCarriedBy: 'relay-a' })],
});
`;

describe('npm run scenario -- FILE --watch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-watch-'));
  const file = join(dir, 'watched.ts');
  let cli: LiveCli | undefined;
  afterAll(async () => {
    // A failed expectation must not leave the watching process (and its containers) behind.
    if (cli && cli.child.exitCode === null) {
      cli.child.kill('SIGINT');
      await cli.exit();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('should run again on a save, on the same containers reset, and remove them on Ctrl-C', async () => {
    writeFileSync(file, scenarioText(2));
    cli = new LiveCli('harness/cli.ts', [file, '--watch']);
    const first = await cli.waitFor(/watched: PASSED in/);
    await cli.waitFor(/watching \d+ files?/, 10_000, first.index!);
    expect(cli.output.slice(0, first.index!)).not.toMatch(/reused the topology/);
    expect((await harnessLeftovers()).containers.length).toBeGreaterThan(0);

    writeFileSync(file, readFileSync(file, 'utf8').replace('send(2,', 'send(3,'));
    const second = await cli.waitFor(/watched: PASSED in/, 120_000, first.index! + 1);
    const rerun = cli.output.slice(first.index!, second.index!);
    expect(rerun).toMatch(/changed: running again/);
    expect(rerun).toMatch(/reused the topology of run mrh-watched-/);
    expect(rerun).toMatch(/watched-3 /);

    cli.child.kill('SIGINT');
    expect(await cli.exit()).toBe(130);
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });
});
