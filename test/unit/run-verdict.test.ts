import failover from '../../scenarios/failover';
import { MessageLedger } from '../../harness/mail/message-ledger';
import type { SinkMessage } from '../../harness/containers/sink-container';
import { ClientClock } from '../../harness/model/client-clock';
import { runVerdict, type PlayedStory } from '../../harness/scenario/run-verdict';
import type { RunEvidence } from '../../harness/scenario/run-evidence';
import { stepEffects } from '../../harness/scenario/step-registry';
import { cellOf } from '../../harness/matrix/behaviours';
import { judgeAgain } from '../../harness/scenario/judge-run';
import { jsonResult } from '../../harness/report/result-table';
import { passedAll, type NightlyResults } from '../../harness/nightly/nightly-results';
import { citing, failoverWithin, kill, pause, restart, send, start, stop, changeDns, chaos } from '../../harness';

// The verdict is a pure function of what the run gathered: judged here on evidence written out,
// the way a run on containers would have read it.
const servers = ['one', 'two', 'three'].map((n, i) => ({ name: `server-${n}`, hostname: `server-${n}.example-domain.com`, address: `10.213.5.${10 + i}` }));
const arrival = (id: string, relay: number, seq: number): SinkMessage => ({
  seq, receivedAt: '2026-12-05T01:00:00.000Z', peerAddress: servers[relay].address, helo: servers[relay].hostname, mailFrom: '', rcptTo: [],
  messageId: `<${id}@run>`, harnessId: id, bounceOf: null, size: 1, reverseDns: { ptr: [], forwardConfirmed: false },
  received: [`from ${servers[relay].hostname} (unknown [${servers[relay].address}]) by sink (harness-sink) with ESMTP id S${seq}; x`],
});

/** failover's evidence: message 1 via server-one, then server-one stopped, 2 and 3 via `later`. */
function evidence(later: number, relayLogs: RunEvidence['relayLogs'] = new Map()): RunEvidence {
  const ledger = new MessageLedger('failover');
  ledger.record([{ id: 'failover-1', messageId: '<failover-1@run>', queueId: 'Q1' }], 0, ['server-one']);
  ledger.record(['failover-2', 'failover-3'].map((id, i) => ({ id, messageId: `<${id}@run>`, queueId: `Q${i + 2}` })), 2, ['server-two', 'server-three']);
  const sinkMessages = [arrival('failover-1', 0, 1), arrival('failover-2', later, 2), arrival('failover-3', later, 3)];
  return {
    messages: ledger.outcomes({ sinkMessages, clientQueue: [], clientLog: new Map(), relayQueues: new Map(), servers }),
    identities: servers,
    faults: [],
    clientTimeouts: {},
    connections: [],
    relayLogs,
    client: { mta: 'postfix', version: 'mail_version = 3.10.1', warnings: ['unused parameter: x=y'] },
    incidents: [],
  };
}

const story: PlayedStory = {
  runId: 'mrh-failover-1', startedAtMs: Date.parse('2026-12-05T01:00:00.000Z'), durationMs: 4000, clock: ClientClock.REAL,
  steps: [], checks: [], chaos: [], topology: { subnet: '10.213.5.0/24', members: [], zone: '' },
};

describe('the verdict, from the evidence alone', () => {
  it("should pass the article's failover when the later mail went to a backup, and fail it when it went to the stopped relay", () => {
    const passed = runVerdict(failover, evidence(1), story);
    expect(passed.passed).toBe(true);
    expect(passed.findings).toContain('client: unused parameter: x=y');
    const failed = runVerdict(failover, evidence(0), story);
    expect(failed.passed).toBe(false);
    expect(failed.expectations.find((e) => !e.passed)?.detail).toMatch(/failover-2 was carried by server-one/);
  });

  it("should hold each carried-by to the carrying relay's own log, and fail one the relay never logged", () => {
    const logs = (two: string[]) => new Map([['server-one', new Set(['<failover-1@run>'])], ['server-two', new Set(two)]]);
    const witnessed = runVerdict(failover, evidence(1, logs(['<failover-2@run>', '<failover-3@run>'])), story);
    expect(witnessed.stepChecks).toEqual([{ description: "each carried-by agrees with the relay's own log", passed: true, detail: "3 deliveries found in their relays' logs" }]);
    const unwitnessed = runVerdict(failover, evidence(1, logs(['<failover-2@run>'])), story);
    expect(unwitnessed.passed).toBe(false);
    expect(unwitnessed.stepChecks?.[0].detail).toBe("not in the relay's log: <failover-3@run> (server-two)");
    // A relay whose log could not be read witnesses nothing, either way.
    expect(runVerdict(failover, evidence(1, new Map([['server-two', undefined]])), story).stepChecks?.[0].detail).toBe("0 deliveries found in their relays' logs");
  });

  it('should be the same verdict each time on the same evidence', () => {
    const one = evidence(1);
    expect(runVerdict(failover, one, story)).toEqual(runVerdict(failover, one, story));
  });
});

describe('the rule each verdict cites', () => {
  it("should cite an expectation's own rule, else the scenario's source, and say it beside a failure", () => {
    const result = runVerdict(failover, evidence(0), story);
    const byRule = Object.fromEntries(result.expectations.map((e) => [e.description, e.rule]));
    expect(byRule['every message is delivered exactly once']).toMatch(/^RFC 5321 §6\.1/);
    expect(byRule['the 6 messages of step 3 are each carried by server-two or server-three']).toBe(failover.source);
    const cited = runVerdict({ ...failover, expect: [citing(failoverWithin(1), "Postfix's smtp_connect_timeout (postconf(5))")] }, evidence(1), story);
    expect(cited.expectations.at(-1)?.rule).toBe("Postfix's smtp_connect_timeout (postconf(5))");
    expect(cellOf(result).figure).toContain(`(judged by ${failover.source})`);
  });
});

describe("what a step does to the scenario, from its registry entry", () => {
  it('should say which servers a step leaves down, brings up or restarts, and how much mail it sends', () => {
    expect(stepEffects.takesDown(stop('server-one'))).toEqual(['server-one']);
    expect(stepEffects.takesDown(kill('server-one'))).toEqual(['server-one']);
    // A kill with a duration is healed by the harness.
    expect(stepEffects.takesDown(kill('server-one', { forMs: 1000 }))).toEqual([]);
    expect(stepEffects.bringsUp(start('server-one'))).toEqual(['server-one']);
    expect(stepEffects.restarts(restart('server-two'))).toEqual(['server-two']);
    expect(stepEffects.restarts(pause('server-two'))).toEqual([]);
    expect(stepEffects.restarts(chaos({ seed: 1, servers: ['a', 'b'], kinds: ['pause', 'kill'], faults: 2, everyMs: 100, forMs: 100 }))).toEqual(['a', 'b']);
    expect(stepEffects.messages(send(7))).toBe(7);
    expect(stepEffects.messages(stop('x'))).toBe(0);
    expect(stepEffects.zoneText(changeDns('update delete mail1.example-domain.com A'))).toBe('update delete mail1.example-domain.com A');
  });

  it('should schedule only a fault given its own moment', () => {
    expect(stepEffects.scheduled(pause('server-one', { at: 100 }))).toBe(true);
    expect(stepEffects.scheduled(pause('server-one', { afterMessage: 2 }))).toBe(true);
    expect(stepEffects.scheduled(pause('server-one'))).toBe(false);
    expect(stepEffects.scheduled(send(1))).toBe(false);
  });

  it("should say a failure is the one the client's documentation foretells, only on that client and only when it fails", () => {
    const documented = { ...failover, documentedFailures: { postfix: 'postconf(5): as written' } };
    const quiet = evidence(0);
    const failed = runVerdict(documented, { ...quiet, client: { ...quiet.client, warnings: [] } }, story);
    expect({ passed: failed.passed, documented: failed.documented }).toEqual({ passed: false, documented: 'postconf(5): as written' });
    expect(cellOf(failed)).toEqual({ verdict: 'fails', figure: expect.stringMatching(/as documented: postconf\(5\): as written$/) });
    // A pass is a pass, and another client's failure is not foretold.
    expect(runVerdict(documented, evidence(1), story).documented).toBeUndefined();
    const onExim = evidence(0);
    expect(runVerdict(documented, { ...onExim, client: { ...onExim.client, mta: 'exim' } }, story).documented).toBeUndefined();
    // Judged again, the foretelling follows the new verdict.
    expect(judgeAgain(failed, { ...documented, steps: documented.steps.map((step) => (step.kind === 'send' ? { ...step, expectCarriedBy: undefined } : step)) }, documented).documented).toBeUndefined();
  });

  it('should count a foretold failure as no regression of a night, and an unforetold one as one', () => {
    const night = (documented?: string): NightlyResults => ({
      generatedAt: '', engine: 'docker', shards: [], wallMs: 0, versions: { postfix: '', bind: '', debian: '', suite: 'trixie', images: {} },
      scenarios: [{ ...jsonResult(runVerdict(failover, evidence(0), story)), ...(documented ? { documented } : {}) }],
    });
    expect(passedAll(night('postconf(5)'))).toBe(true);
    expect(passedAll(night())).toBe(false);
  });
});
