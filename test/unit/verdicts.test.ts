import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageLedger, Evidence } from '../../harness/mail/message-ledger';
import { attemptTrails, uncertainHandoffs } from '../../harness/mta/postfix/postfix-attempt-log';
import { deliveryProblem, MessageOutcome } from '../../harness/mail/message-outcome';
import { carriedByOneOf, everyMessageAccountedFor, everyMessageDeliveredExactlyOnce, everyTryAt, lostOnlyAt, messageFates, noMessageDelivered, NOTHING_COUNTED, RunOutcome } from '../../harness/scenario/expectations';
import { shareFollows } from '../../harness/scenario/share-expectation';
import { reverseDnsOf } from '../../harness/scenario/reverse-dns-expectation';
import { deliveriesByQueueId } from '../../harness/mta/postfix/postfix-log';
import { judgeQueued } from '../../harness/scenario/queue-check';
import { demultiplex } from '../../harness/containers/harness-container';
import type { SinkMessage } from '../../harness/containers/sink-container';
import type { ServerIdentity } from '../../harness/mail/attribution';

// The code that decides pass or fail, with made-up sink, queue and log records: no container.
const servers: ServerIdentity[] = ['one', 'two', 'three'].map((n, i) => ({ name: `server-${n}`, hostname: `server-${n}.example-domain.com`, address: `10.213.5.${10 + i}` }));
let seq = 0;
function arrival(id: string, relay: string | null, options: { bounceOf?: string; confirmed?: boolean } = {}): SinkMessage {
  const server = servers.find((s) => s.name === relay) ?? { hostname: 'rogue.example.net', address: '10.213.5.99' };
  return {
    seq: ++seq, receivedAt: '2026-11-25T01:00:00.000Z', peerAddress: server.address, helo: server.hostname, mailFrom: '', rcptTo: ['inbox@example-domain.com'],
    messageId: `<${id}@run>`, harnessId: options.bounceOf ? null : id, bounceOf: options.bounceOf ?? null, size: 100,
    received: [`from ${server.hostname} (unknown [${server.address}]) by server-four.example-domain.com (harness-sink) with ESMTP id S${seq}; Wed, 25 Nov 2026 01:00:00 GMT`],
    reverseDns: { ptr: options.confirmed ? [server.hostname] : [], forwardConfirmed: options.confirmed ?? false },
  };
}

function ledgerOf(count: number, step = 0, expectCarriedBy: string[] | null = null): MessageLedger {
  const ledger = new MessageLedger('m');
  ledger.record(ledger.nextIds(count).map((id, i) => ({ id, messageId: `<${id}@run>`, queueId: `Q${i + 1}` })), step, expectCarriedBy);
  return ledger;
}

const evidence = (sinkMessages: SinkMessage[], extra: Partial<Evidence> = {}): Evidence => ({
  sinkMessages, clientQueue: [], clientLog: new Map(), relayQueues: new Map(), servers, ...extra,
});
const outcome = (messages: MessageOutcome[], statisticalChecks = 0): RunOutcome => ({ messages, identities: servers, statisticalChecks });

describe('the ledger: each message delivered, duplicated, bounced, queued or missing', () => {
  const ledger = ledgerOf(6);
  const messages = ledger.outcomes(evidence(
    [arrival('m-1', 'server-one'), arrival('m-2', 'server-two'), arrival('m-2', 'server-three'), arrival('dsn', 'server-one', { bounceOf: '<m-3@run>' }), arrival('m-6', null)],
    {
      clientQueue: [{ queueId: 'Q4', queueName: 'deferred', recipients: [{ address: 'inbox@example-domain.com', delayReason: 'connect to server-one: Connection timed out' }] }],
      relayQueues: new Map([['m-5', { relay: 'server-two', entry: { queueId: 'R5', queueName: 'active', recipients: [{ address: 'x', delayReason: 'connect to server-four: Connection refused' }] } }]]),
    },
  ));

  it('should give each message its fate and one sentence when it is not delivered once by a known relay', () => {
    expect(messages.map((m) => m.status)).toEqual(['delivered', 'duplicated', 'bounced', 'queued', 'queued', 'delivered']);
    expect(messages.map(deliveryProblem)).toEqual([
      null,
      "m-2 arrived 2 times (via server-two, server-three): no log and no relay's take-down explains it",
      'm-3 bounced (a delivery status notification reached the sink)',
      'm-4 is still queued at the client (deferred: connect to server-one: Connection timed out)',
      'm-5 is still queued at relay server-two (active: connect to server-four: Connection refused)',
      'm-6 was carried by an unknown host rogue.example.net [10.213.5.99]',
    ]);
  });

  it('should call a message missing when no record anywhere has it', () => {
    const [missing] = ledgerOf(1).outcomes(evidence([]));
    expect(deliveryProblem(missing)).toBe("m-1 is missing: not at the sink, not in the client's or a running relay's queue, not bounced");
  });

  it('should call a message lost at the relay that accepted it, held it not and passed it on not', () => {
    const sent = deliveriesByQueueId('Nov 25 05:54:19 client postfix/smtp[112]: Q1: to=<inbox@example-domain.com>, relay=server-one.example-domain.com[10.213.5.10]:2525, delay=0.17, delays=0.02/0.03/0.07/0.05, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 7AB3)');
    const [lost] = ledgerOf(1).outcomes(evidence([], { clientLog: sent, relaysAsked: new Set(['server-one', 'server-two']) }));
    expect(lost).toMatchObject({ status: 'lost', lostAt: 'server-one' });
    expect(deliveryProblem(lost)).toBe('m-1 was lost at relay server-one: it accepted the message (250 2.0.0 Ok: queued as 7AB3), does not hold it, and never passed it on');
    // A relay that could not be asked (stopped) may still hold it: that is not a loss anyone can name.
    const [unasked] = ledgerOf(1).outcomes(evidence([], { clientLog: sent, relaysAsked: new Set(['server-two']) }));
    expect(unasked.status).toBe('missing');
  });

  it("should name RFC 1047's window as the reason for a duplicate when the client's log shows it (lines captured from Postfix 3.10)", () => {
    // fault-slow-acceptance: server-one answers the end of data 8 s late; the client gives up after 5 s.
    const log = readFileSync(join(__dirname, '../fixtures/postfix/fault-slow-acceptance.txt'), 'utf8');
    const captured: ServerIdentity[] = servers.map((server, i) => ({ ...server, address: `10.213.190.${10 + i}` }));
    const ledger = new MessageLedger('m');
    ledger.record([{ id: 'm-1', messageId: '<m-1@run>', queueId: 'B167735' }], 0, null);
    const twice = [arrival('m-1', 'server-three'), arrival('m-1', 'server-one')].map((message, i) => ({ ...message, peerAddress: captured[i === 0 ? 2 : 0].address, received: message.received.map((r) => r.replace(/10\.213\.5\./g, '10.213.190.')) }));
    const [duplicated] = ledger.outcomes(evidence(twice, { servers: captured, attempts: attemptTrails(log) }));
    expect(duplicated.status).toBe('duplicated');
    expect(deliveryProblem(duplicated)).toBe('m-1 arrived 2 times (via server-three, server-one): the client gave up on server-one after sending it the whole message ("conversation with server-one.example-domain.com[10.213.190.10] timed out while sending end of data -- message may be sent more than once") and tried again elsewhere, while server-one had taken it and passed it on too (RFC 1047\'s window)');
    // Without that line in the log, no reason is made up.
    const [unexplained] = ledger.outcomes(evidence(twice, { servers: captured, attempts: attemptTrails(log.split('\n').filter((line) => !/more than once/.test(line)).join('\n')) }));
    expect(unexplained.duplicateReason).toBeUndefined();
  });

  describe("a relay's own second copy (chaos-mx-trio in CI: twice via mail1, which was restarted in between)", () => {
    const startedAtMs = Date.parse('2026-11-25T01:00:00.000Z');
    const at = (ms: number) => new Date(startedAtMs + ms).toISOString();
    const handedTo = (relays: string[]) => relays.map((relay) => ({ host: `${relay}.example-domain.com`, address: servers.find((s) => s.name === relay)!.address, result: 'sent' as const, at: at(0) }));
    const killedAt = { faults: [{ server: 'server-one', fault: 'kill' as const, startMs: 5000, healedMs: 7500 }], startedAtMs };
    const fateOf = (copies: [string, number][], handoffs: string[], timeline = killedAt) => {
      const sink = copies.map(([relay, ms]) => ({ ...arrival('m-1', relay), receivedAt: at(ms) }));
      return ledgerOf(1).outcomes(evidence(sink, { attempts: new Map([['Q1', handedTo(handoffs)]]), timeline }))[0];
    };

    it('should name the take-down when the client handed it over once and the relay was killed between its copies', () => {
      const twice = fateOf([['server-one', 4200], ['server-one', 8100]], ['server-one']);
      expect(deliveryProblem(twice)).toBe("m-1 arrived 2 times (via server-one, server-one): the client handed it to server-one once; server-one passed it on and was killed (at 5.0 s) before it recorded that, so its queue still held the message and it passed it on again once back (RFC 1047's window, between server-one and the next hop)");
      expect(everyMessageAccountedFor().judge(outcome([twice])).passed).toBe(true);
    });

    it("should name the window a relay's own log shows, one hop further on (lines captured from Postfix 3.10: fault-relay-slow-acceptance)", () => {
      const handoffs = uncertainHandoffs(readFileSync(join(__dirname, '../fixtures/postfix/relay-slow-next-hop.txt'), 'utf8'));
      expect([...handoffs.keys()].sort()).toEqual([1, 2, 3].map((n) => `<fault-relay-slow-acceptance-${n}@run.harness.test>`));
      const relayHandoffs = new Map([['<m-1@run>', { relay: 'server-one', reply: handoffs.get('<fault-relay-slow-acceptance-1@run.harness.test>')! }]]);
      const sink = [arrival('m-1', 'server-two'), arrival('m-1', 'server-two')];
      const [twice] = ledgerOf(1).outcomes(evidence(sink, { attempts: new Map([['Q1', handedTo(['server-one'])]]), relayHandoffs }));
      expect(deliveryProblem(twice)).toBe('m-1 arrived 2 times (via server-two, server-two): the client handed it to server-one once; server-one gave up on its next hop after sending it the whole message ("conversation with filter.example-domain.com[10.213.226.11] timed out while sending end of data -- message may be sent more than once") and passed it on again, while that hop had taken it (RFC 1047\'s window, at server-one)');
      // Another message's window explains nothing here; nor does one when the client handed it over twice.
      const [other] = ledgerOf(1).outcomes(evidence(sink, { attempts: new Map([['Q1', handedTo(['server-one'])]]), relayHandoffs: new Map([['<m-9@run>', relayHandoffs.get('<m-1@run>')!]]) }));
      const [twiceHanded] = ledgerOf(1).outcomes(evidence(sink, { attempts: new Map([['Q1', handedTo(['server-one', 'server-two'])]]), relayHandoffs }));
      expect([other.duplicateReason, twiceHanded.duplicateReason]).toEqual([undefined, undefined]);
    });

    it('should make up no reason when the evidence does not show that window', () => {
      const unexplained = [
        fateOf([['server-one', 4200], ['server-one', 8100]], ['server-one'], { faults: [], startedAtMs }), // no take-down at all
        fateOf([['server-one', 4200], ['server-one', 8100]], ['server-one'], { faults: [{ ...killedAt.faults[0], server: 'server-two' }], startedAtMs }), // another relay's
        fateOf([['server-one', 4200], ['server-one', 8100]], ['server-one', 'server-one']), // handed over twice
        fateOf([['server-one', 1000], ['server-one', 8100]], ['server-one']), // the first copy left long before the kill
        fateOf([['server-one', 4200], ['server-one', 4300]], ['server-one']), // both before it
        fateOf([['server-one', 4200], ['server-two', 8100]], ['server-one']), // two carriers: the client's window or nothing
      ];
      expect(unexplained.map((m) => [m.status, m.duplicateReason])).toEqual(unexplained.map(() => ['duplicated', undefined]));
      expect(everyMessageAccountedFor().judge(outcome(unexplained)).passed).toBe(false);
    });
  });

  it('should name the undelivered entries for the queue checks', () => {
    expect(ledger.undelivered([arrival('m-1', 'server-one')]).map((e) => e.id)).toEqual(['m-2', 'm-3', 'm-4', 'm-5', 'm-6']);
  });
});

describe('every expectation passes, fails with its sentence, and never passes on no evidence', () => {
  const delivered = (relays: string[], step = 0) => {
    const ledger = ledgerOf(relays.length, step);
    return ledger.outcomes(evidence(relays.map((relay, i) => arrival(`m-${i + 1}`, relay))));
  };

  it('lostOnlyAt', () => {
    const lost = (at: string) => ({ ...delivered(['server-two'])[0], id: 'm-9', status: 'lost' as const, deliveries: [], lostAt: at, clientLog: { detail: '250 2.0.0 Ok' } });
    const check = lostOnlyAt('server-one');
    expect(check.judge(outcome([...delivered(['server-two']), lost('server-one')]))).toEqual({ description: 'messages are lost at server-one and nowhere else; every other one is delivered once', passed: true, detail: '1 lost at server-one, 1 delivered once' });
    expect(check.judge(outcome([lost('server-two')]))).toMatchObject({ passed: false, detail: expect.stringMatching(/^no message was lost at server-one; m-9 was lost at relay server-two/) });
    expect(check.judge(outcome(delivered(['server-two'])))).toMatchObject({ passed: false, detail: 'no message was lost at server-one' });
    expect(check.judge(outcome([]))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('everyTryAt', () => {
    const tried = (result: 'refused' | 'timed out') => delivered(['server-two']).map((m) => ({
      ...m, attempts: [{ host: 'server-one.example-domain.com', address: '10.213.5.10', result, at: '' }, { host: 'server-two.example-domain.com', address: '10.213.5.11', result: 'sent' as const, at: '' }],
    }));
    const check = everyTryAt('server-one', 'refused');
    expect(check.judge(outcome(tried('refused')))).toEqual({ description: 'every try at server-one ended as "refused"', passed: true, detail: '1 try, each "refused"', byClientLog: true });
    expect(check.judge(outcome(tried('timed out')))).toMatchObject({ passed: false, detail: 'm-1 at server-one: timed out' });
    expect(check.judge(outcome(delivered(['server-two'])))).toMatchObject({ passed: false, detail: 'no message tried server-one: a check without evidence cannot pass' });
  });

  it('everyMessageDeliveredExactlyOnce', () => {
    const check = everyMessageDeliveredExactlyOnce();
    expect(check.judge(outcome(delivered(['server-one', 'server-two'])))).toEqual({ description: 'every message is delivered exactly once', passed: true, detail: '2 of 2 delivered once' });
    expect(check.judge(outcome(ledgerOf(1).outcomes(evidence([]))))).toMatchObject({ passed: false, detail: expect.stringMatching(/^m-1 is missing/) });
    expect(check.judge(outcome([]))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('everyMessageAccountedFor', () => {
    const check = everyMessageAccountedFor();
    const [one] = delivered(['server-one']);
    const twice = { ...one, id: 'm-2', status: 'duplicated' as const, deliveries: [...one.deliveries, ...delivered(['server-two'])[0].deliveries] };
    const lost = { ...one, id: 'm-3', status: 'lost' as const, deliveries: [], lostAt: 'server-one' };
    const explained = { ...twice, duplicateReason: 'the client gave up on server-one after sending it the whole message' };
    expect(check.judge(outcome([one, explained, lost]))).toMatchObject({ passed: true, detail: '1 delivered, 1 duplicated, 1 lost' });
    expect(check.judge(outcome([one, twice]))).toMatchObject({ passed: false, detail: "m-2 arrived 2 times (via server-one, server-two): no log and no relay's take-down explains it" });
    expect(check.judge(outcome(ledgerOf(1).outcomes(evidence([]))))).toMatchObject({ passed: false, detail: expect.stringMatching(/^m-1 is missing/) });
    const queued = ledgerOf(1).outcomes(evidence([], { clientQueue: [{ queueId: 'Q1', queueName: 'deferred', recipients: [{ address: 'x' }] }] }));
    expect(check.judge(outcome(queued))).toMatchObject({ passed: false, detail: 'm-1 is still queued at the client (deferred: waiting)' });
    expect(check.judge(outcome([]))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('carriedByOneOf', () => {
    const check = carriedByOneOf(0, 2, ['server-two', 'server-three']);
    expect(check.judge(outcome(delivered(['server-two', 'server-three'])))).toMatchObject({ passed: true, detail: 'server-two: 1, server-three: 1' });
    expect(check.judge(outcome(delivered(['server-one', 'server-three'])))).toMatchObject({ passed: false, detail: 'm-1 was carried by server-one, expected server-two or server-three' });
    expect(check.judge(outcome(delivered(['server-two'], 2)))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('messageFates', () => {
    const check = messageFates({ delivered: 2 });
    expect(check.description).toBe('message fates are exactly: 2 delivered');
    expect(check.judge(outcome(delivered(['server-one', 'server-two'])))).toMatchObject({ passed: true, detail: 'observed 2 delivered' });
    expect(check.judge(outcome(delivered(['server-one'])))).toMatchObject({ passed: false, detail: 'observed 1 delivered' });
    expect(check.judge(outcome([]))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('noMessageDelivered: bounced or still queued holds; delivered, lost or nothing counted does not', () => {
    const check = noMessageDelivered();
    // m-3 bounced, m-4 and m-5 queued; m-1 delivered.
    const all = ledgerOf(6).outcomes(evidence(
      [arrival('m-1', 'server-one'), arrival('dsn', 'server-one', { bounceOf: '<m-3@run>' })],
      { clientQueue: [{ queueId: 'Q4', queueName: 'deferred', recipients: [{ address: 'inbox@example-domain.com', delayReason: 'Name server: .: host not found' }] }] },
    ));
    const bouncedOrQueued = all.filter((m) => m.status === 'bounced' || m.status === 'queued');
    expect(bouncedOrQueued.length).toBeGreaterThan(1);
    expect(check.judge(outcome(bouncedOrQueued))).toMatchObject({ passed: true, detail: expect.stringMatching(/1 bounced/) });
    expect(check.judge(outcome(all.filter((m) => m.id === 'm-1' || m.status === 'bounced')))).toMatchObject({ passed: false, detail: 'm-1 was delivered via server-one' });
    expect(check.judge(outcome(all.filter((m) => m.status === 'missing')))).toMatchObject({ passed: false, detail: expect.stringMatching(/is missing/) });
    expect(check.judge(outcome([]))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('shareFollows: the observed split, each model, its p-value, the α share, and the evidence for charts', () => {
    const check = shareFollows({ models: { even: { 'server-two': 0.5, 'server-three': 0.5 }, skewed: { 'server-two': 0.9, 'server-three': 0.1 } }, claim: 'even' });
    const even = check.judge(outcome(delivered([...Array(50).fill('server-two'), ...Array(50).fill('server-three')]), 2));
    expect(even.passed).toBe(true);
    expect(even.detail).toMatch(/^n=100, observed server-two 50 \/ server-three 50; even expects server-three 50 \/ server-two 50: χ²=0.00 df=1, p=1.0000 → fits; skewed .* → rejected; α=0.001\/2; power to reject, if even is true: skewed 1.00$/);
    expect(even.distribution).toMatchObject({ n: 100, claim: 'even', alpha: 0.0005, observed: { 'server-two': 50, 'server-three': 50 } });
    const skewed = check.judge(outcome(delivered([...Array(90).fill('server-two'), ...Array(10).fill('server-three')]), 1));
    expect(skewed).toMatchObject({ passed: false, description: 'the split of carriers fits the even model' });
    expect(check.judge(outcome([], 1))).toMatchObject({ passed: false, detail: NOTHING_COUNTED });
  });

  it('reverseDnsOf', () => {
    const ledger = ledgerOf(2);
    const messages = ledger.outcomes(evidence([arrival('m-1', 'server-one', { confirmed: true }), arrival('m-2', 'server-two')]));
    expect(reverseDnsOf({ confirmed: ['server-one'], unconfirmed: ['server-two'] }).judge(outcome(messages))).toMatchObject({ passed: true });
    expect(reverseDnsOf({ confirmed: ['server-two'] }).judge(outcome(messages))).toMatchObject({ passed: false, detail: 'server-two: PTR (none) NOT confirmed, expected confirmed' });
    expect(reverseDnsOf({ confirmed: ['server-three'] }).judge(outcome(messages))).toMatchObject({ passed: false, detail: 'server-three carried no message, so its reverse DNS was never seen' });
  });
});

describe('logs', () => {
  it('should read the last status per queue id from the client log', () => {
    const log = [
      'postfix/smtp[88]: Q1: to=<inbox@example-domain.com>, relay=server-one.example-domain.com[10.213.5.10]:2525, delay=1, status=deferred (connect to server-one.example-domain.com[10.213.5.10]:2525: Connection timed out)',
      'postfix/smtp[89]: Q1: to=<inbox@example-domain.com>, relay=server-two.example-domain.com[10.213.5.11]:2625, delay=2, status=sent (250 2.0.0 Ok: queued as X)',
    ].join('\n');
    expect(deliveriesByQueueId(log).get('Q1')).toEqual({ relay: 'server-two.example-domain.com[10.213.5.11]:2625', status: 'sent', detail: '250 2.0.0 Ok: queued as X', attempts: 2 });
  });

  it('should demultiplex the engine log stream (8-byte frame headers), thousands of frames deep', () => {
    const frame = (stream: number, text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    const frames = Array.from({ length: 20_000 }, (_, i) => frame(i % 2 ? 2 : 1, `line ${i}\n`));
    const text = demultiplex(Buffer.concat(frames));
    expect(text.split('\n')).toHaveLength(20_001);
    expect(text.startsWith('line 0\nline 1\n')).toBe(true);
  });
});

describe('expectQueued', () => {
  const ledger = ledgerOf(2);
  const waiting = ledger.undelivered([]);
  const queue = [{ queueId: 'Q1', queueName: 'deferred', recipients: [{ address: 'inbox@example-domain.com', delayReason: 'connect to server-one: Connection refused' }] }];

  it('should pass when every undelivered message waits in the queue, naming why', () => {
    expect(judgeQueued(3, waiting.slice(0, 1), queue, new Map())).toEqual({
      description: "at step 4, every undelivered message waits in the client's queue, none bounced",
      passed: true,
      detail: '1 queued (connect to server-one: Connection refused)',
    });
  });

  it('should fail for a bounce, for a message nowhere, and when nothing was waiting', () => {
    const log = new Map([['Q2', { status: 'bounced', detail: 'host said 550', attempts: 1 }]]);
    expect(judgeQueued(3, waiting, queue, log)).toMatchObject({ passed: false, detail: 'm-2 bounced: host said 550' });
    expect(judgeQueued(3, waiting, queue, new Map())).toMatchObject({ passed: false, detail: "m-2 is neither delivered nor in the client's queue" });
    expect(judgeQueued(3, [], queue, new Map())).toMatchObject({ passed: false, detail: 'no message was waiting: everything had been delivered' });
  });
});
