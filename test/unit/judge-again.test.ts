import failover from '../../scenarios/failover';
import srv11 from '../../scenarios/srv-weights-1-1';
import staticRelayhost from '../fixtures/failover-static-relayhost';
import { judgeAgain, sameRun, send, stop, withClaim } from '../../harness';
import { MessageLedger } from '../../harness/mail/message-ledger';
import type { ScenarioResult } from '../../harness';
import type { SinkMessage } from '../../harness/containers/sink-container';

const servers = ['one', 'two', 'three'].map((n, i) => ({ name: `server-${n}`, hostname: `server-${n}.example-domain.com`, address: `10.213.5.${10 + i}` }));
const arrival = (id: string, relay: number, seq: number): SinkMessage => ({
  seq, receivedAt: '2026-11-25T01:00:00.000Z', peerAddress: servers[relay].address, helo: servers[relay].hostname, mailFrom: '', rcptTo: [],
  messageId: `<${id}@run>`, harnessId: id, bounceOf: null, size: 1, reverseDns: { ptr: [], forwardConfirmed: false },
  received: [`from ${servers[relay].hostname} (unknown [${servers[relay].address}]) by sink (harness-sink) with ESMTP id S${seq}; x`],
});

/** A made-up run of failover: message 1 via server-one, 2 and 3 via server-two. */
function failoverRun(): ScenarioResult {
  const ledger = new MessageLedger('failover');
  ledger.record([{ id: 'failover-1', messageId: '<failover-1@run>', queueId: 'Q1' }], 0, ['server-one']);
  ledger.record(['failover-2', 'failover-3'].map((id, i) => ({ id, messageId: `<${id}@run>`, queueId: `Q${i + 2}` })), 2, ['server-two', 'server-three']);
  const messages = ledger.outcomes({ sinkMessages: [arrival('failover-1', 0, 1), arrival('failover-2', 1, 2), arrival('failover-3', 1, 3)], clientQueue: [], clientLog: new Map(), relayQueues: new Map(), servers });
  return { scenario: 'failover', runId: 'r', passed: true, durationMs: 1, messages, expectations: [], findings: [], identities: servers, stepChecks: [] };
}

describe('one run, two judgements', () => {
  it('should judge a twin that changes only its expectations on the same evidence', () => {
    const twin = { ...failover, name: 'failover-twin', steps: [send(1, { expectCarriedBy: 'server-two' }), stop('server-one'), send(2, { expectCarriedBy: ['server-two', 'server-three'] })] };
    const steps = { ...failover, steps: [send(1, { expectCarriedBy: 'server-one' }), stop('server-one'), send(2, { expectCarriedBy: ['server-two', 'server-three'] })] };
    expect(sameRun(steps, twin)).toBe(true);
    expect(judgeAgain(failoverRun(), steps, steps).passed).toBe(true);
    const judged = judgeAgain(failoverRun(), twin, steps);
    expect(judged.passed).toBe(false);
    expect(judged.expectations.find((e) => !e.passed)).toEqual({ description: 'the message of step 1 is carried by server-two', passed: false, detail: 'failover-1 was carried by server-one, expected server-two', rule: failover.source });
    expect(judged.messages[0].expectCarriedBy).toEqual(['server-two']);
  });

  it('should insist on its own run for a twin that changes the configuration or the story', () => {
    expect(sameRun(failover, staticRelayhost)).toBe(false);
    expect(sameRun(failover, { ...failover, steps: [send(7)] })).toBe(false);
    expect(() => judgeAgain(failoverRun(), staticRelayhost, failover)).toThrow(/differs from failover in more than its expectations/);
    expect(sameRun(srv11, { ...withClaim(srv11, '75/25'), name: 'srv-twin' })).toBe(true);
  });
});
