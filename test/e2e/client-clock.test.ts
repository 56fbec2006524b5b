import { execFileSync } from 'node:child_process';
import faultPaused, { negativeTwin } from '../../scenarios/fault-paused';
import { runScenario } from '../../harness';
import { removeRun } from '../../harness/topology/run-cleanup';
import { harnessLeftovers } from './harness-containers';

/** Runs a shell command in a kept run's client and returns its output. */
const inClient = (runId: string, script: string) => execFileSync('docker', ['exec', `${runId}-client`, 'sh', '-c', script], { encoding: 'utf8' });

describe("the client's own clock at 60× (libfaketime), Postfix at the timing Debian ships", () => {
  afterEach(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('waits out the shipped 300 s greeting timeout in seconds, every process of Postfix on one clock', async () => {
    const result = await runScenario({ ...faultPaused, timing: 'shipped' }, { keep: true });
    try {
      expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(result.clock).toMatchObject({ timing: 'shipped', speed: 60 });
      const [failover] = result.failovers ?? [];
      expect(failover.clientTimeout).toBe('smtp_helo_timeout = 300s');
      expect(failover.clientMs).toBeGreaterThanOrEqual(290_000);
      expect(failover.clientMs).toBeLessThanOrEqual(340_000);
      expect(failover.failoverMs).toBeLessThan(10_000);
      // One clock for every process: each stamps its own lines (postlogd only writes them), and the
      // log runs in order although the clock ran minutes ahead of real time within seconds; a daemon
      // on real time would stamp its lines those minutes behind the others.
      const log = execFileSync('docker', ['logs', `${result.runId}-client`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const lines = [...log.matchAll(/^(\w{3} +\d+ \d\d:\d\d:\d\d) \S+ postfix\/([a-z-]+)\[/gm)];
      expect(new Set(lines.map((m) => m[2]))).toEqual(expect.objectContaining(new Set(['master', 'smtpd', 'cleanup', 'qmgr', 'smtp'])));
      const times = lines.map((m) => Date.parse(`${m[1]} ${new Date().getUTCFullYear()} UTC`));
      times.slice(1).forEach((time, i) => expect(time).toBeGreaterThanOrEqual(times[i]));
      expect(times[times.length - 1] - times[0]).toBeGreaterThan(290_000);
      // At the client's clock, its start is recorded where the harness reads it.
      expect(Number(inClient(result.runId, 'cat /run/client-clock-origin'))).toBeGreaterThan(Date.parse(result.startedAt!));
    } finally {
      await removeRun(result.runId);
    }
  });

  it("FAILS the test timing's claim on a shipped-timing run (negative twin)", async () => {
    const result = await runScenario({ ...negativeTwin.twin, timing: 'shipped' });
    expect(result.passed).toBe(false);
    const claim = result.expectations.find((e) => /within 3000 ms/.test(e.description));
    expect(claim?.passed).toBe(false);
    expect(claim?.detail).toMatch(/at the client's clock \(60×\) \(smtp_helo_timeout = 300s\), over 3000 ms/);
  });
});
