import { execFileSync } from 'node:child_process';
import faultPaused, { negativeTwin } from '../../scenarios/fault-paused';
import mxPairPaused from '../../scenarios/fault-mx-pair-paused';
import allRelaysDown from '../../scenarios/all-relays-down';
import { exim, opensmtpd, runScenario } from '../../harness';
import { removeRun } from '../../harness/topology/run-cleanup';
import { runLeftovers } from './harness-containers';
import { longestTrailMs } from './clock-trail';

/** Runs a shell command in a kept run's client and returns its output. */
const inClient = (runId: string, script: string) => execFileSync('docker', ['exec', `${runId}-client`, 'sh', '-c', script], { encoding: 'utf8' });

describe("the client's own clock at 60× (libfaketime), Postfix at the timing Debian ships", () => {
  // What each run left behind, by its own label: other runs may share the engine.
  const runs: string[] = [];
  afterEach(async () => {
    for (const runId of runs.splice(0)) expect(await runLeftovers(runId)).toEqual({ containers: [], networks: [] });
  });

  it('waits out the shipped 300 s greeting timeout in seconds, every process of Postfix on one clock', async () => {
    const result = await runScenario({ ...faultPaused, timing: 'shipped' }, { keep: true });
    runs.push(result.runId);
    try {
      expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(result.clock).toMatchObject({ timing: 'shipped', speed: 60 });
      const [failover] = result.failovers ?? [];
      expect(failover.clientTimeout).toBe('smtp_helo_timeout = 300s');
      expect(failover.clientMs).toBeGreaterThanOrEqual(290_000);
      expect(failover.failoverMs).toBeLessThan(10_000);
      // One clock for every process: each stamps its own lines (postlogd only writes them) in whole
      // seconds, and the log runs in order but for a second or two of lines written side by side
      // (CI saw one a second behind the line before), although the clock ran minutes ahead of real
      // time within seconds; a daemon on real time would stamp its lines those minutes behind.
      const log = execFileSync('docker', ['logs', `${result.runId}-client`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const lines = [...log.matchAll(/^(\w{3} +\d+ \d\d:\d\d:\d\d) \S+ postfix\/([a-z-]+)\[/gm)];
      expect(new Set(lines.map((m) => m[2]))).toEqual(expect.objectContaining(new Set(['master', 'smtpd', 'cleanup', 'qmgr', 'smtp'])));
      const times = lines.map((m) => Date.parse(`${m[1]} ${new Date().getUTCFullYear()} UTC`));
      expect(longestTrailMs(times)).toBeLessThanOrEqual(5000);
      expect(times[times.length - 1] - times[0]).toBeGreaterThan(290_000);
      // At the client's clock, its start is recorded where the harness reads it.
      expect(Number(inClient(result.runId, 'cat /run/client-clock-origin'))).toBeGreaterThan(Date.parse(result.startedAt!));
    } finally {
      await removeRun(result.runId);
    }
  });

  it("runs Exim's deliveries, re-executed setuid, on the same clock: its shipped 5 min command timeout in seconds", async () => {
    const result = await runScenario({ ...faultPaused, client: exim(), timing: 'shipped' }, { keep: true });
    runs.push(result.runId);
    try {
      expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
      const [failover] = result.failovers ?? [];
      expect(failover.clientTimeout).toBe('command_timeout = 5m');
      expect(failover.clientMs).toBeGreaterThanOrEqual(290_000);
      expect(failover.failoverMs).toBeLessThan(15_000);
      // The daemon, its receiving children and the deliveries it re-executes write one log in order
      // at the client's clock, minutes ahead of real time.
      const log = inClient(result.runId, 'cat /var/log/exim4/mainlog');
      const times = [...log.matchAll(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) /gm)].map((m) => Date.parse(`${m[1].replace(' ', 'T')}Z`));
      expect(log).toMatch(/SMTP timeout after initial connection/);
      expect(longestTrailMs(times)).toBeLessThan(5000);
      expect(times[times.length - 1] - times[0]).toBeGreaterThan(290_000);
    } finally {
      await removeRun(result.runId);
    }
  });

  it("runs OpenSMTPD's privilege-separated processes on one clock at 30×: its compiled-in 300 s session timeout in seconds", async () => {
    const result = await runScenario({ ...mxPairPaused, client: opensmtpd(), timing: 'shipped' }, { keep: true });
    runs.push(result.runId);
    try {
      expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(result.clock).toMatchObject({ timing: 'shipped', speed: 30 });
      const [failover] = result.failovers ?? [];
      expect(failover.clientTimeout).toBe('compiled-in session I/O timeout = 300s');
      // At the client's clock a figure is good to ± the clock's precision (a stamp's second, and the
      // real latency of submissions and deliveries counted 30 times): 20 messages submitted over a
      // fraction of a real second are created seconds apart at 30×, so one waits a little under 300 s.
      const floorMs = 300_000 - result.clock!.precisionMs;
      expect(failover.clientMs).toBeGreaterThanOrEqual(floorMs);
      expect(failover.failoverMs).toBeLessThan(20_000);
      // The queue process stamps each envelope's creation, the mta process its delivery's delay from
      // it: a delay of about 300 s, within seconds of real time by rsyslog's own stamps, is one clock
      // in both (one on real time would give seconds, or hours).
      const log = inClient(result.runId, 'cat /var/log/mail.log');
      const delivered = [...log.matchAll(/^(\S+) .* mta delivery .* delay=(?:(\d+)m)?(\d+)s result="Ok"/gm)];
      expect(delivered).toHaveLength(20);
      for (const [, , minutes, seconds] of delivered) expect(Number(minutes ?? 0) * 60 + Number(seconds)).toBeGreaterThanOrEqual(floorMs / 1000);
      const stamps = delivered.map((m) => Date.parse(m[1]));
      expect(Math.max(...stamps) - Math.min(...stamps)).toBeLessThan(10_000);
    } finally {
      await removeRun(result.runId);
    }
  });

  // A deferred message's next try is its queue file's time stamp, set ahead on the client's clock:
  // read back through a faked stat() it never fell due, and the mail stayed queued after the relays
  // came back (every-message-delivered failed at shipped timing until file times were left as written).
  it('tries deferred mail again at the shipped backoff, in seconds: every relay down, then back', async () => {
    const result = await runScenario({ ...allRelaysDown, timing: 'shipped' });
    runs.push(result.runId);
    expect(result.clock).toMatchObject({ timing: 'shipped', speed: 60 });
    expect(result.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(result.messages.filter((m) => m.status === 'delivered').length).toBe(result.messages.length);
  });

  it("FAILS the test timing's claim on a shipped-timing run (negative twin)", async () => {
    const result = await runScenario({ ...negativeTwin.twin, timing: 'shipped' });
    runs.push(result.runId);
    expect(result.passed).toBe(false);
    const claim = result.expectations.find((e) => /within 3000 ms/.test(e.description));
    expect(claim?.passed).toBe(false);
    expect(claim?.detail).toMatch(/at the client's clock \(60×\) \(smtp_helo_timeout = 300s\), over 3000 ms/);
  });
});
