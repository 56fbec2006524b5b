import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import failover from '../../scenarios/failover';
import { runScenario, messageFates, send, stop, wait } from '../../harness';
import { deliveryProblem } from '../../harness/mail/message-outcome';
import { fixture, runCli } from './cli-runner';
import { harnessLeftovers } from './harness-containers';

describe('the failover scenario (seed 000), real BIND + Postfix + sink', () => {
  afterEach(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should pass: server-one carries the first message, server-two/three the six after it stops', async () => {
    const result = await runScenario(failover);
    expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.messages.map((m) => m.status)).toEqual(Array(7).fill('delivered'));
    expect(result.messages[0].deliveries[0].carriedBy).toBe('server-one');
    for (const message of result.messages.slice(1)) {
      expect(['server-two', 'server-three']).toContain(message.deliveries[0].carriedBy);
    }
  });

  it('should FAIL with exit 1 when the client uses a static relayhost (the negative twin)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-e2e-'));
    // Into a folder that does not exist yet: the CLI makes it before the run.
    const file = join(dir, 'results', 'today', 'result.json');
    const run = runCli(fixture('failover-static-relayhost'), '--json', file);
    expect(run.status).toBe(1);
    const result = JSON.parse(readFileSync(file, 'utf8'));
    expect(result.passed).toBe(false);
    expect(result.messages[0].carriedBy).toBe('server-one');
    const after = result.messages.slice(1);
    expect(after).toHaveLength(6);
    for (const message of after) {
      expect(message.status).toBe('queued');
      expect(message.problem).toMatch(/still queued at the client/);
    }
    expect(run.stdout).toMatch(/FAIL {2}every message is delivered exactly once/);
    expect(run.stdout).toMatch(/container logs saved to (\S+)/);
  });
});

describe('accounting for mail that did not arrive', () => {
  afterEach(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should say which relay holds mail when the sink is down, rather than calling it missing', async () => {
    const result = await runScenario({
      ...failover,
      name: 'sink-down',
      steps: [stop('server-four'), send(3, { settle: false }), wait(2000)],
      expect: [messageFates({ queued: 3 })],
      settleTimeoutMs: 2000,
    });
    expect(result.passed).toBe(true);
    for (const message of result.messages) {
      expect(message.queuedAt).toBe('relay server-one');
      expect(deliveryProblem(message)).toMatch(/still queued at relay server-one \((deferred|active|incoming): connect to server-four/);
    }
  });
});

describe('bad input', () => {
  afterEach(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it.each([
    ['a step naming an unknown server', 'bad-step', /step 4 \(stop\) names unknown server "server-five"/],
    ['a zone named-checkzone rejects', 'bad-zone', /zone for example-domain\.com does not load: .*zone line 9: near 'server-one': not a valid number/],
  ])('should exit 2 with one clear line for %s, starting nothing', (_what, name, message) => {
    const run = runCli(fixture(name));
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('should exit 2 with one line for --twin on a scenario that exports no negativeTwin, starting nothing', () => {
    const run = runCli(fixture('failover-static-relayhost'), '--twin');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: --twin: \S+ exports no negativeTwin/)]);
  });

  it('should exit 2 when a relay does not start, saving its log and quoting its last lines', () => {
    const run = runCli(fixture('relay-does-not-start'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: server-two did not start: .* \(logs saved to (\S+)\); its last lines:\n {2}.*fatal: unknown inet_protocols value "carrier-pigeon"/);
    const dir = /logs saved to (\S+)\)/.exec(run.stderr)![1];
    expect(readFileSync(join(dir, 'server-two.log'), 'utf8')).toMatch(/fatal: unknown inet_protocols value/);
  });

  it('should exit 2 with one line, starting nothing, when a result file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-e2e-'));
    writeFileSync(join(dir, 'a-file'), '');
    const run = runCli('failover', '--report', join(dir, 'a-file', 'report.html'));
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({ status: 2, stderr: [expect.stringMatching(/^error: --report \S+: cannot make its folder \(ENOTDIR\)$/)] });
    expect(run.stdout).not.toMatch(/starting/);
    expect(runCli('failover', '--json', dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: --json \S+ is a folder; name a file in it\n$/) });
  });

  it('should exit 2 for a scenario file that does not exist', () => {
    const run = runCli('no-such-scenario');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: no scenario "no-such-scenario"/);
  });
});
