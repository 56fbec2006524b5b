import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import { RUN_LABEL } from '../../harness/topology/run-labels';
import { harnessLeftovers } from './harness-containers';
import { madeUpResult } from '../fixtures/made-up-results';

// As a mail admin would: the packed tarball installed into an empty npm project, `init`, the
// scaffolded scenario, then a scenario written there on a site's own zone file and main.cf files in a
// /24 of its own, and its negative twin. The package's own copy of the engine set-up is not needed:
// this machine's engine is up (the suite's global set-up).
const ROOT = resolve(__dirname, '../..');

describe('the npm package, installed into a project of its own', () => {
  const project = mkdtempSync(join(tmpdir(), 'harness-user-'));
  const npx = (...args: string[]) => spawnSync('npx', ['--no-install', 'mail-relay-harness', ...args], { cwd: project, encoding: 'utf8', timeout: 240_000 });

  beforeAll(() => {
    const packed = mkdtempSync(join(tmpdir(), 'harness-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', packed], { cwd: ROOT, stdio: 'ignore' });
    const [tarball] = readdirSync(packed).filter((file) => file.endsWith('.tgz'));
    execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', join(packed, tarball)], { cwd: project, stdio: 'ignore' });
    rmSync(packed, { recursive: true, force: true });
  }, 600_000);

  afterAll(async () => {
    rmSync(project, { recursive: true, force: true });
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should scaffold a starter with init, whose scenario passes as written and whose twin fails', () => {
    const init = npx('init', '--domain', 'example.org');
    expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: '' });
    for (const file of ['scenarios/relay-failover.ts', 'test/relay-failover.test.ts', '.github/workflows/mail-relay-nightly.yml', 'README.md']) expect(existsSync(join(project, file))).toBe(true);
    const run = npx('scenarios/relay-failover.ts', '--twin');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/relay-failover: PASSED/);
    expect(run.stdout).toMatch(/negative twin \(claims the stopped primary carries the mail, judged on the same run\): FAILED as it must: the 5 messages of step 3 are each carried by primary/);
    expect(npx('init').status).toBe(2);
  });

  it("should run a scenario on the site's own zone file and main.cf files, on a network with no way out", async () => {
    cpSync(join(ROOT, 'test/fixtures/own-files'), join(project, 'site/own-files'), { recursive: true });
    const copied = ['own-files', 'own-files-static', 'own-files-outside', '_own-files-site'];
    for (const name of copied) {
      cpSync(join(ROOT, `test/fixtures/${name}.ts`), join(project, `site/${name}.ts`));
    }
    // The fixtures import the harness by path; in a user's project it is the package.
    execFileSync('sed', ['-i', "s#'../../harness'#'mail-relay-failover-harness'#", ...copied.map((n) => `site/${n}.ts`)], { cwd: project });
    const run = npx('--dir', 'site', 'own-files', '--keep');
    try {
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/^NOTE {2}own-files\/example-domain\.zone line 17: 192\.168\.100\.99 is no member of the run: nothing answers there .* fails as to a dead host on a LAN/m);
      expect(run.stdout).toMatch(/^NOTE {2}own-files\/client\.cf line 8 sets maillog_file = \/var\/log\/postfix\.log: the harness's maillog_file is used instead/m);
      const runId = /containers kept \(remove with npm run clean\): (\S+)/.exec(run.stdout)![1];
      const client = await getContainerRuntimeClient();
      const { dockerode } = client.container;
      const filters = JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] });
      const [network] = await dockerode.listNetworks({ filters });
      const inspected = await dockerode.getNetwork(network.Id).inspect();
      expect(inspected.Internal).toBe(true);
      // Docker 20.10 still gives each container a default route to the run's bridge; the engine
      // drops whatever comes in on that bridge for anywhere but the run's own /24.
      const [{ Subnet: subnet = '', Gateway: gateway = '' } = {}] = inspected.IPAM?.Config ?? [];
      const rules = execFileSync('iptables', ['-S', 'DOCKER-ISOLATION-STAGE-1'], { encoding: 'utf8' });
      expect(rules).toContain(`! -d ${subnet} -i br-${network.Id.slice(0, 12)} -j DROP`);
      const containers = await dockerode.listContainers({ filters });
      // Six members; server-one was stopped by the story, the other five are running.
      expect(containers.length).toBe(5);
      const hex = (address: string) => address.split('.').reverse().map((octet) => Number(octet).toString(16).padStart(2, '0')).join('').toUpperCase();
      for (const { Id, Names } of containers) {
        // /proc/net/route: destination 00000000 is the default route; its gateway must be the run's bridge.
        const exec = await client.container.exec(client.container.getById(Id), ['cat', '/proc/net/route']);
        const routes = exec.output.split('\n').slice(1).filter(Boolean).map((line) => line.split(/\s+/));
        const ways = routes.filter(([, destination]) => destination === '00000000').map(([, , via]) => via);
        expect({ container: Names[0], ways }).toEqual({ container: Names[0], ways: ways.length ? [hex(gateway)] : [] });
      }
    } finally {
      expect(npx('--clean').status).toBe(0);
    }
    const twin = npx('--dir', 'site', 'own-files-static');
    expect(twin.status).toBe(1);
    expect(twin.stdout).toMatch(/^FAIL {2}the 6 messages of step 3 are each carried by server-two or server-three/m);
    const outside = npx('site/own-files-outside.ts');
    expect(outside.status).toBe(2);
    expect(outside.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: own-files-outside\.ts: own-files\/outside\.zone line 5: an A record points at 203\.0\.113\.7, outside the scenario's network/)]);
    expect(outside.stdout).not.toMatch(/starting \d+ containers/);
  });

  // A site's own zone and main.cf at host numbers below 5 (the relays at .1 to .3, its DNS at .4),
  // audited with no scenario written: the SRV layout goes round a stop, a static relayhost does not.
  it("should audit a site's own files: exit 0 where mail goes round, 1 naming the single point of failure, 2 for a file of another kind", () => {
    cpSync(join(ROOT, 'test/fixtures/audit'), join(project, 'site-audit'), { recursive: true });
    const audit = (client: string, ...more: string[]) => npx('audit', '--zone', 'site-audit/example.com.zone', '--client', `site-audit/${client}`, '--network', '192.168.2.0/24', '--domain', 'example.com', '--faults', 'stop', '--messages', '3', ...more);
    const srv = audit('main.cf', '--json', 'out/audit.json', '--report', 'out/audit.html', '--junit', 'out/audit.xml');
    expect({ status: srv.status, stderr: srv.stderr, said: srv.stdout.split('\n').filter((line) => /^(DIFFERS|RECOMMEND)/.test(line)) }).toEqual({ status: 0, stderr: '', said: [] });
    const result = JSON.parse(readFileSync(join(project, 'out/audit.json'), 'utf8'));
    expect(result.relays).toEqual(['server-one', 'server-two', 'server-three']);
    // With server-one stopped, each message goes to server-two or server-three first (SRV weights 5 and
    // 5): a relay none of the three tried first is "not exercised", never a pass it did not earn.
    const either = expect.stringMatching(/^(as predicted|not exercised)$/);
    expect(result.cells.map((c: { fault: string; relay: string | null; verdict: string }) => [c.fault, c.relay, c.verdict])).toEqual([
      ['baseline', null, 'as predicted'],
      ['stop', 'server-one', 'as predicted'],
      ['stop', 'server-two', either],
      ['stop', 'server-three', either],
      ['back', 'server-one', 'as predicted'],
      ['all-down', null, 'as predicted'],
    ]);
    expect(result.cells[1].carriers).toEqual(expect.not.objectContaining({ 'server-one': expect.anything() }));
    expect(result.cells[1].clientMs).toEqual(expect.any(Number));
    expect(readFileSync(join(project, 'out/audit.html'), 'utf8')).toMatch(/<th>relay<\/th><th>stop<\/th>/);
    expect(readFileSync(join(project, 'out/audit.xml'), 'utf8')).toMatch(/tests="6" failures="0"/);

    const fixed = audit('main-static.cf');
    expect(fixed.status).toBe(1);
    expect(fixed.stdout).toMatch(/^RECOMMEND {2}server-one is a single point of failure: while it was stopped, 3 of 3 messages waited in the client's queue/m);

    const wrongKind = audit('example.com.zone');
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.stderr.trim()).toBe('error: site-audit/example.com.zone line 1: not a "name = value" setting: $TTL 60');
    // Another MTA's file for Exim's whole configure: refused before anything starts.
    const notExim = audit('main.cf', '--client-mta', 'exim');
    expect(notExim.status).toBe(2);
    expect(notExim.stderr.trim()).toMatch(/^error: site-audit\/main\.cf has no routers \("begin routers"\): give Exim's whole configure/);
    expect(wrongKind.stdout).not.toMatch(/starting/);
    // Exim's configure given as the (default) Postfix client's: the refusal names the MTA whose file it is.
    const eximFile = audit('exim4.conf');
    expect(eximFile.status).toBe(2);
    expect(eximFile.stderr.trim()).toMatch(/; it reads as Exim's: give --client-mta exim$/);
  }, 600_000);

  it('should be one program: each subcommand reached by its word, named so in its help', () => {
    for (const sub of ['init', 'nightly', 'matrix', 'walkthrough', 'audit']) {
      const help = npx(sub, '--help');
      expect({ sub, status: help.status, usage: help.stdout.split('\n')[0] }).toEqual({ sub, status: 0, usage: `Usage: mail-relay-harness ${sub} [options]` });
    }
    expect(npx('--help').stdout).toMatch(/^ {2}walkthrough {3}the article's podman walkthrough/m);
    expect(npx('images', '--help').status).toBe(0);
  });

  it('should give vitest its matchers, and an ES module the package\'s own names', () => {
    const vitest = (JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '-D', `vitest@${vitest}`], { cwd: project, stdio: 'ignore' });
    writeFileSync(join(project, 'result.json'), JSON.stringify(madeUpResult('site', { carriers: ['primary', 'backup'] })));
    // An ES module test, as a "type": "module" project writes it: named imports and the vitest entry.
    writeFileSync(join(project, 'matchers.test.mjs'), [
      "import { readFileSync } from 'node:fs';",
      "import { expect, test } from 'vitest';",
      "import 'mail-relay-failover-harness/vitest';",
      "import harness, { defineScenario, byMx, everyMessageDeliveredExactlyOnce } from 'mail-relay-failover-harness';",
      "const result = JSON.parse(readFileSync(new URL('./result.json', import.meta.url), 'utf8'));",
      "test('the matchers hold', () => { expect(result).toPassScenario(); expect(result).toHaveMessageCarriedBy('site-2', 'backup'); });",
      "test('and fail with their words', () => { expect(() => expect(result).toHaveMessageCarriedBy('site-2', 'primary')).toThrow('expected site-2 to be carried by primary; it was carried by backup'); });",
      "test('the names are the package\\'s', () => { expect([typeof defineScenario, byMx().via, typeof everyMessageDeliveredExactlyOnce, harness.byMx]).toEqual(['function', 'mx', 'function', byMx]); });",
      '',
    ].join('\n'));
    const run = spawnSync('npx', ['--no-install', 'vitest', 'run', 'matchers.test.mjs'], { cwd: project, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } });
    expect({ status: run.status, tests: run.stdout.match(/Tests\s+\d+ passed/)?.[0], stderr: run.stderr }).toEqual({ status: 0, tests: expect.stringMatching(/Tests\s+3 passed/), stderr: expect.any(String) });
  }, 300_000);
});
