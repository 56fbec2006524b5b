import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, runCli, runTsx } from './cli-runner';
import { harnessLeftovers } from './harness-containers';

// --client on the command line: bad names and unswappable scenarios are refused before anything
// starts; a route the client has no means for is a finding, exit 3, not a pass.
describe('npm run scenario -- --client', () => {
  afterAll(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should refuse a client MTA the registry does not have: exit 2, one line', () => {
    const run = runCli('mx-hot-standby', '--client', 'qmail');
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 2, stderr: 'error: --client must be one of postfix, exim, opensmtpd, sendmail, not "qmail"' });
  });

  it.each([
    [['--parallel', '9'], /^error: --parallel must be a whole number from 1 to 4 \(not 9\)$/],
    [['--parallel', 'two'], /^error: --parallel must be a whole number from 1 to 4 \(not two\)$/],
    [['--clients', 'qmail'], /^error: --clients must name client MTAs among .* \(not qmail\)$/],
    [['--only', 'failover'], /^error: --only names scenarios that are not matrix rows: failover$/],
  ])('should refuse a matrix asked %p: exit 2, one line, nothing written', (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'harness-matrix-bad-')), 'matrix');
    const run = runTsx('harness/matrix/matrix-cli.ts', [...args, '--out', out]);
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({ status: 2, stderr: [expect.stringMatching(message)] });
    expect(existsSync(out)).toBe(false);
  });

  it("should refuse to swap the client of a scenario written in Postfix's own settings: exit 2", () => {
    const run = runCli('failover', '--client', 'exim');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/failover routes with Postfix settings of its own, not a neutral route/)]);
    expect(run.stdout).not.toMatch(/starting \d+ containers/);
  });

  it('should say, not run, when the client has no means for the route: exit 3, a FINDING line', () => {
    const run = runCli(fixture('exim-random-hosts'), '--client', 'postfix');
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^FINDING exim-random-hosts on postfix: Postfix tries a relayhost list in order and has no setting to pick from it at random; not run$/m);
    expect(run.stdout).not.toMatch(/starting \d+ containers/);
  });

  it('should run the same fixture on the client it names (Exim, hosts_randomize), through real relays', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'harness-client-')), 'result.json');
    const run = runCli(fixture('exim-random-hosts'), '--json', json);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/exim-random-hosts: PASSED/);
    expect(JSON.parse(readFileSync(json, 'utf8')).client).toEqual({ mta: 'exim', version: expect.stringMatching(/^Exim version 4\.\d+/) });
  });

  it('should run Sendmail through a smart host list in order, with a sendmail.mc define of the scenario', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'harness-client-')), 'result.json');
    const run = runCli(fixture('sendmail-smart-hosts'), '--json', json);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/FAULT stop relay-a at [\d.]+ s: first mail via relay-b [\d.]+ s later \(client's Timeout\.connect = 1s\)/);
    expect(JSON.parse(readFileSync(json, 'utf8')).client).toEqual({ mta: 'sendmail', version: expect.stringMatching(/^Sendmail 8\.\d+/) });
  });
});
