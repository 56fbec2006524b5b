import { ClientClock, neighbourTimersAt, speedFor } from '../../harness/model/client-clock';
import { failoverTimes, settingMs } from '../../harness/mail/failover-time';
import { inRealTime } from '../../harness/mta/client-clock-reading';
import { runSpeed } from '../../harness/mta/client-choice';
import { stepInRealTime } from '../../harness/scenario/step-registry';
import { faultLine } from '../../harness/report/result-table';
import { everyTryAt, failoverWithin, failoverWithinClientTimeout } from '../../harness/scenario/expectations';
import { scenarioProblems } from '../../harness/scenario/validate-scenario';
import { chaos, exim, exim as exim_, opensmtpd, pause, send, smtpFault, wait, byMx } from '../../harness';
import failover from '../../scenarios/failover';
import type { MessageOutcome, Delivery } from '../../harness/mail/message-outcome';
import type { ServerIdentity } from '../../harness/mail/attribution';
import type { ClientLog } from '../../harness/model/mail-records';
import type { FaultRecord } from '../../harness/model/fault-record';

const servers: ServerIdentity[] = ['one', 'two'].map((n, i) => ({ name: `server-${n}`, hostname: `server-${n}.example-domain.com`, address: `10.213.5.${10 + i}` }));
const start = Date.parse('2026-12-04T20:00:00.000Z');
const at = (ms: number) => new Date(start + ms).toISOString();

describe("the client's clock", () => {
  const clock = new ClientClock(60, start);

  it('converts durations by the speed and instants by the origin too', () => {
    expect(clock.realMs(300_000)).toBe(5000);
    expect(clock.clientMs(5000)).toBe(300_000);
    expect(clock.clientTimeOf(start + 5000)).toBe(start + 300_000);
    expect(clock.realTimeOf(start + 300_000)).toBe(start + 5000);
    expect(clock.realTimeOf(clock.clientTimeOf(start + 1234))).toBeCloseTo(start + 1234, 6);
    expect(ClientClock.REAL.realMs(5000)).toBe(5000);
    expect(() => new ClientClock(0.5)).toThrow(/1× or faster/);
  });

  it('says a figure at the client clock first with the real time beside it, and plainly at real speed', () => {
    expect(clock.describe(5000)).toBe("300.0 s at the client's clock (5.00 s here, 60×)");
    expect(ClientClock.REAL.describe(5020)).toBe('5.02 s');
    // A log stamp's second, and the client's delivery latency (500 ms unless told) counted 60 times.
    expect(clock.precisionMs()).toBe(31_000);
    expect(new ClientClock(60, start, 1000).precisionMs()).toBe(61_000);
    expect(ClientClock.REAL.precisionMs()).toBe(1000);
  });

  it('runs at real time at test timing and at 60× otherwise, unless told', () => {
    expect(speedFor('test')).toBe(1);
    expect(speedFor('shipped')).toBe(60);
    expect(speedFor('own', 30)).toBe(30);
  });

  it('plays every duration a step gives, written at the client clock, that many times shorter', () => {
    const real = (ms: number) => clock.realMs(ms);
    expect(stepInRealTime(wait(600_000), real)).toMatchObject({ ms: 10_000 });
    expect(stepInRealTime(send(3, { intervalMs: 60_000 }), real)).toMatchObject({ intervalMs: 1000, count: 3 });
    expect(stepInRealTime(pause('server-one', { at: 120_000, forMs: 600_000 }), real)).toMatchObject({ at: 2000, forMs: 10_000 });
    expect(stepInRealTime(smtpFault('server-one', { stage: 'greeting', delayMs: 600_000 }), real)).toMatchObject({ delayMs: 10_000 });
    expect(stepInRealTime(chaos({ seed: 1, servers: ['server-one'], everyMs: 60_000, forMs: [60_000, 120_000] }), real)).toMatchObject({ everyMs: 1000, forMs: [1000, 2000] });
    expect(stepInRealTime(pause('server-one'), real)).toEqual(pause('server-one'));
  });

  it("reads a client log's stamps, at its clock, as real time", () => {
    const log: ClientLog = { deliveries: new Map(), attempts: new Map([['Q1', [{ host: 'h', address: 'a', result: 'sent', at: new Date(start + 300_000).toISOString() }]]]) };
    expect(inRealTime(log, clock).attempts.get('Q1')![0].at).toBe(at(5000));
    expect(inRealTime(log, ClientClock.REAL)).toBe(log);
  });

  it("reads a setting's duration in the units MTAs write", () => {
    expect(settingMs('smtp_helo_timeout = 300s')).toBe(300_000);
    expect(settingMs('command_timeout = 5m')).toBe(300_000);
    expect(settingMs('smtp_connect_timeout = 30')).toBe(30_000);
    expect(settingMs('hosts = a:b')).toBeUndefined();
  });
});

describe('failover at the client clock', () => {
  const clock = new ClientClock(60, start);
  const delivery = (carriedBy: string, ms: number) => ({ carriedBy, deliveredAt: at(ms), peerAddress: '', received: [], reverseDns: { ptr: [], forwardConfirmed: false } }) as Delivery;
  // Tried server-one, handed to server-two at 9.0 s (the client's log, read as real time); at the sink 0.4 s later.
  const message: MessageOutcome = {
    id: 'm-2', messageId: 'm-2', queueId: null, step: 2, expectCarriedBy: null, status: 'delivered', deliveries: [delivery('server-two', 9400)],
    attempts: [
      { host: 'server-one.example-domain.com', address: '10.213.5.10', result: 'greeting timeout', at: at(8900) },
      { host: 'server-two.example-domain.com', address: '10.213.5.11', result: 'sent', at: at(9000) },
    ],
  };
  const faults: FaultRecord[] = [{ server: 'server-one', fault: 'pause', startMs: 4000 }];
  const timeouts = { greeting: 'smtp_helo_timeout = 300s' };

  it("measures to the client's own hand-off, so that the relay's real-time latency is not counted 60 times", () => {
    const [time] = failoverTimes(faults, [message], start, servers, timeouts, clock);
    expect(time).toMatchObject({ failoverMs: 5000, clientMs: 300_000, speed: 60, clientTimeoutMs: 300_000 });
    expect(faultLine(time)).toBe("FAULT pause server-one at 4.0 s: first mail via server-two 300.0 s later at the client's clock (5.00 s here, 60×; client's smtp_helo_timeout = 300s)");
    // At real speed, by the sink as before.
    expect(failoverTimes(faults, [message], start, servers, timeouts)[0]).toMatchObject({ failoverMs: 5400 });
  });

  it('measures a message submitted after the fault from its submission, not the harness own submission time', () => {
    const later = { ...message, submittedAt: at(6000) };
    expect(failoverTimes(faults, [later], start, servers, timeouts, clock)[0]).toMatchObject({ failoverMs: 3000, clientMs: 180_000, precisionMs: 31_000 });
  });

  it("holds a bound of the client's own timeout at any timing, and fails the test timing's bound at shipped timing (negative twin)", () => {
    const failovers = failoverTimes(faults, [message], start, servers, timeouts, clock);
    const outcome = { messages: [message], identities: servers, statisticalChecks: 0, failovers };
    expect(failoverWithinClientTimeout({ marginMs: 1500 }).judge(outcome).passed).toBe(true);
    const claimed = failoverWithin(6500).judge(outcome);
    expect(claimed.passed).toBe(false);
    expect(claimed.detail).toMatch(/300000 ms at the client's clock \(60×\).*over 6500 ms/);
    const late = failoverTimes(faults, [message], start, servers, { greeting: 'smtp_helo_timeout = 200s' }, clock);
    expect(failoverWithinClientTimeout({ marginMs: 1500 }).judge({ ...outcome, failovers: late }).passed).toBe(false);
  });

  // OpenSMTPD (30×): its session to the frozen server failed before it was handed any envelope,
  // so the message's trail shows only its delivery by server-two (the shape of a real run's log).
  const sessionClock = new ClientClock(30, start);
  const viaSession: MessageOutcome = { ...message, submittedAt: at(4100), attempts: [message.attempts![1]] };
  const failedSession = { address: '10.213.5.10', at: at(4200), result: 'greeting timeout' as const, reply: 'Connection timeout', endedAt: at(8900) };

  it("counts a message that waited while a session to the faulted server failed as having met the fault", () => {
    expect(failoverTimes(faults, [viaSession], start, servers, {}, sessionClock)[0]).toMatchObject({ failoverMs: null });
    const [time] = failoverTimes(faults, [viaSession], start, servers, {}, sessionClock, [failedSession]);
    expect(time).toMatchObject({ failoverMs: 4900, clientMs: 147_000, carriedBy: 'server-two', metBy: 1 });
    // Submitted after that session had failed: it never waited for the frozen server.
    const after = { ...viaSession, submittedAt: at(8950) };
    expect(failoverTimes(faults, [after], start, servers, {}, sessionClock, [failedSession])[0]).toMatchObject({ failoverMs: null });
  });

  it("judges every try at a server by the sessions the client began when no message's trail has one, and fails on their result (negative twin)", () => {
    const outcome = { messages: [viaSession], identities: servers, statisticalChecks: 0, sessions: [failedSession] };
    const held = everyTryAt('server-one', ['greeting timeout', 'timed out']).judge(outcome);
    expect(held).toMatchObject({ passed: true, detail: '1 session the client began before handing over any message, each "greeting timeout" or "timed out"' });
    expect(everyTryAt('server-one', 'refused').judge(outcome)).toMatchObject({ passed: false });
    expect(everyTryAt('server-one', 'refused').judge({ ...outcome, sessions: [] }).detail).toMatch(/no message tried server-one/);
  });
});

describe("the kernel's neighbour timers on the client's clock", () => {
  it('gives a gone host up after three probes at the client\'s clock, leaving real time alone', () => {
    expect(neighbourTimersAt(1, true)).toEqual({});
    expect(neighbourTimersAt(60, false)).toEqual({
      'net.ipv4.neigh.eth0.retrans_time_ms': '17',
      'net.ipv4.neigh.eth0.base_reachable_time_ms': '500',
      'net.ipv4.neigh.eth0.delay_first_probe_time': '0',
    });
    expect(Object.keys(neighbourTimersAt(2, true))).toContain('net.ipv6.neigh.eth0.retrans_time_ms');
    expect(neighbourTimersAt(2, false)['net.ipv4.neigh.eth0.delay_first_probe_time']).toBe('3');
  });
});

describe('what a clock speed allows', () => {
  it("refuses a speed whose whole-second alarms an MTA's timing would lose", () => {
    expect(scenarioProblems({ ...failover, client: exim(), route: byMx(), speed: 60 }).join('; ')).toMatch(/^speed: Exim at test timing runs at most 1×, not 60×: .*whole-second alarms/);
  });

  it("refuses a Postfix relay delay that is no whole second of real time at the run's speed", () => {
    const steps = [send(1), smtpFault('server-one', { stage: 'greeting', delayMs: 30_000 }), send(1)];
    expect(scenarioProblems({ ...failover, steps, timing: 'shipped' }).join('; ')).toMatch(/at 60× delayMs must be a multiple of 60000 \(30000 ms at the client's clock is 500 ms here\)/);
    expect(scenarioProblems({ ...failover, steps: [send(1), smtpFault('server-one', { stage: 'greeting', delayMs: 600_000 }), send(1)], timing: 'shipped' })).toEqual([]);
  });

  it('refuses a timing that is not one', () => {
    expect(scenarioProblems({ ...failover, timing: 'fast' }).join('; ')).toMatch(/^timing: /);
    expect(scenarioProblems({ ...failover, speed: 0.5 }).join('; ')).toMatch(/^speed: /);
  });
});

describe('timing as the run is told, in each client configuration', () => {
  const { renderEximConfig } = jest.requireActual('../../harness/mta/exim/exim-settings');
  const { renderSendmailMc } = jest.requireActual('../../harness/mta/sendmail/sendmail-settings');
  const { commonSettings } = jest.requireActual('../../harness/mta/postfix/postfix-settings');
  const exim = (testTiming: boolean, clocked: boolean) => renderEximConfig({ hostname: 'client.d.com', domain: 'd.com', subnet: '10.0.0.0/24', route: byMx(), options: {}, testTiming, clocked });

  it("lays the harness's timing over Postfix only at test timing", () => {
    expect(commonSettings('c.d.com', '10.0.0.0/24')).toMatchObject({ smtp_helo_timeout: '5s' });
    expect(commonSettings('c.d.com', '10.0.0.0/24', false)).not.toHaveProperty('smtp_helo_timeout');
  });

  it("gives Exim Debian's retry rule and its own timeouts at shipped timing, and keeps the clock's variables on a fast clock", () => {
    expect(exim(true, false)).toMatch(/command_timeout = 5s[\s\S]*\*  \*  F,1h,1s/);
    const shipped = exim(false, true);
    expect(shipped).not.toMatch(/command_timeout|connect_timeout/);
    expect(shipped).toMatch(/\*  \*  F,2h,15m; G,16h,1h,1\.5; F,4d,6h/);
    expect(shipped).toMatch(/^keep_environment = FAKETIME : FAKETIME_SHARED$/m);
    expect(exim(false, false)).toMatch(/^keep_environment = $/m);
  });

  it('gives Sendmail its own timeouts at shipped timing', () => {
    const mc = (testTiming: boolean) => renderSendmailMc({ hostname: 'client.d.com', route: byMx(), defines: {}, testTiming });
    expect(mc(true)).toMatch(/confTO_INITIAL', `5s'/);
    expect(mc(false)).not.toMatch(/confTO_INITIAL|confTO_HOSTSTATUS/);
  });

  it('allows Exim and Sendmail up to 300× at shipped timing (their 5 min timeouts), Postfix any speed, OpenSMTPD up to 30× (its start handshake), its default at shipped timing', () => {
    expect(scenarioProblems({ ...failover, client: exim_(), route: byMx(), timing: 'shipped', speed: 300 })).toEqual([]);
    expect(scenarioProblems({ ...failover, client: exim_(), route: byMx(), timing: 'shipped', speed: 400 }).join('; ')).toMatch(/runs at most 300×, not 400×/);
    expect(scenarioProblems({ ...failover, timing: 'shipped', speed: 1000 })).toEqual([]);
    expect(scenarioProblems({ ...failover, client: opensmtpd(), route: byMx(), speed: 40 }).join('; ')).toMatch(/OpenSMTPD at test timing runs at most 30×, not 40×: smtpd waits 10 s/);
    expect(scenarioProblems({ ...failover, client: opensmtpd(), route: byMx(), timing: 'shipped' })).toEqual([]);
    expect(runSpeed({ client: opensmtpd(), route: byMx(), timing: 'shipped' })).toBe(30);
    expect(runSpeed({ timing: 'shipped' })).toBe(60);
    expect(runSpeed({ client: opensmtpd(), route: byMx() })).toBe(1);
  });
});

describe('a run at a timing not the harness says so in its reports', () => {
  const { junitXml } = jest.requireActual('../../harness/report/junit-report');
  const result = (timing: string, speed: number) => ({ scenario: 'fault-paused', client: { mta: 'postfix', version: 'Postfix 3.10.5' }, timing, speed, passed: true, durationMs: 1000, expectations: [{ description: 'x', passed: true, detail: '' }], findings: [], messages: [] });

  it('names the timing and the clock in the junit suite, and nothing at test timing', () => {
    expect(junitXml([result('shipped', 60)])).toMatch(/testsuite name="fault-paused \[postfix Postfix 3\.10\.5\] \(timing shipped, 60×\)"/);
    expect(junitXml([result('test', 1)])).toMatch(/testsuite name="fault-paused \[postfix Postfix 3\.10\.5\]"/);
  });
});
