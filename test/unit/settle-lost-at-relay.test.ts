import { SMTPServer } from 'smtp-server';
import { StoryMail, type StoryRelays } from '../../harness/scenario/story-mail';
import { SinkWatch } from '../../harness/scenario/sink-watch';
import { ClientClock } from '../../harness/model/client-clock';
import { stepEffects } from '../../harness/scenario/step-registry';
import { blackHole, chaos, defineScenario, postfixRelay, refuse, send, sink } from '../../harness';
import { LOOPBACK_SUBMISSION_PORT } from '../../harness/model/client-submission';
import type { DeliveryRecord } from '../../harness/model/mail-records';

// A settle ends once every message reached a sink, bounced, or was lost at a relay: the client's log
// says it handed the message to mail1, mail1 holds no mail, and no sink has it. A real SMTP listener
// on loopback stands in for the client; the relay and sink are stand-ins. The relay is asked 2 s
// after the hand-off, so the settle's bound leaves room for that.
const SETTLE_MS = 6000;

describe('a settle, with mail a relay accepted and lost', () => {
  let server: SMTPServer;
  const given: string[] = [];
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          const queueId = `Q${given.length + 1}`;
          given.push(queueId);
          callback(null, `Ok: queued as ${queueId}`);
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(LOOPBACK_SUBMISSION_PORT, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends two messages and settles them; `mail1Holds` is what the relay answers when asked whether it holds mail. */
  async function settle(mail1Holds: boolean, asksRelays = true): Promise<{ said: string[]; asked: number; ms: number }> {
    const said: string[] = [];
    let asked = 0;
    const before = given.length;
    const scenario = defineScenario({
      name: 'settle', description: 'stand-in', domain: 'example-domain.com', zone: '',
      servers: [postfixRelay('mail1'), sink('mailstore')],
      submission: 'loopback',
      settleTimeoutMs: SETTLE_MS,
      steps: [blackHole('mail1'), send(2)],
    });
    const client = {
      address: '127.0.0.1',
      queueIdOf: (reply: string) => /queued as (\w+)/.exec(reply)?.[1] ?? null,
      queue: async () => [],
      // Every message the listener took, handed to mail1 (status=sent).
      deliveryLog: async () => ({
        deliveries: new Map(given.slice(before).map((queueId): [string, DeliveryRecord] => [queueId, { status: 'sent', relay: 'mail1.example-domain.com[10.0.0.1]:25', detail: '250 2.0.0 Ok', attempts: 1 }])),
        attempts: new Map(),
      }),
    };
    const relays: StoryRelays = {
      identities: [{ name: 'mail1', hostname: 'mail1.example-domain.com', address: '10.0.0.1' }],
      serverAbilities: () => [['mail1', { reportsQueue: { queuedHarnessIds: async () => new Map(), holdsMail: async () => { asked += 1; return mail1Holds; } } }]],
    };
    const sinks = new SinkWatch(() => [{ getName: () => 'mailstore', isRunning: async () => true, messages: async () => [] }], 'mrh-settle-1');
    const mail = new StoryMail(scenario, client, sinks, 'mrh-settle-1', new ClientClock(1), { info: (line) => said.push(line) }, asksRelays ? relays : undefined);
    const began = Date.now();
    try {
      await mail.send(send(2), 1);
    } finally {
      mail.close();
    }
    return { said, asked, ms: Date.now() - began };
  }

  it('should end once the relay the client handed the mail to holds no mail and no sink has it', async () => {
    const { said, asked, ms } = await settle(false);
    expect(said.filter((line) => /not arrived/.test(line))).toEqual([]);
    expect(asked).toBeGreaterThan(0);
    expect(ms).toBeLessThan(SETTLE_MS);
  });

  it('should wait out its time while the relay still holds mail (negative twin)', async () => {
    const { said } = await settle(true);
    expect(said.filter((line) => /not arrived/.test(line))).toEqual([expect.stringMatching(/^2 of 2 messages not arrived after/)]);
  });

  it('should not ask the relays at all when its story gives it none (no step can lose mail)', async () => {
    const { said, asked } = await settle(false, false);
    expect(asked).toBe(0);
    expect(said.filter((line) => /not arrived/.test(line))).toEqual([expect.stringMatching(/^2 of 2 messages not arrived after/)]);
  });
});

describe('which steps can lose mail at a relay', () => {
  it('should be a black hole, played alone or drawn by chaos, and no other step', () => {
    expect(stepEffects.losesMail(blackHole('mail1'))).toBe(true);
    expect(stepEffects.losesMail(chaos({ seed: 1, servers: ['mail1'], everyMs: 1000, forMs: 1000, kinds: ['black-hole'] }))).toBe(true);
    expect(stepEffects.losesMail(chaos({ seed: 1, servers: ['mail1'], everyMs: 1000, forMs: 1000, kinds: ['kill', 'pause'] }))).toBe(false);
    expect(stepEffects.losesMail(refuse('mail1'))).toBe(false);
    expect(stepEffects.losesMail(send(3))).toBe(false);
  });
});
