import { SMTPServer } from 'smtp-server';
import { StoryPlayer, type StoryTopology } from '../../harness/scenario/story-player';
import { defineScenario, postfixRelay, send, sink } from '../../harness';
import { LOOPBACK_SUBMISSION_PORT } from '../../harness/model/client-submission';
import type { DeliveryRecord, QueueEntry } from '../../harness/model/mail-records';

// A settle ends once every message reached a sink, bounced, or was lost at a relay: the client's log
// says it handed the message to mail1, mail1 no longer holds it, and no sink has it. A real SMTP
// listener on loopback stands in for the client; the rest of the topology is a stand-in. The relay is
// asked 2 s after the hand-off, so the settle's bound leaves room for that.
const SETTLE_MS = 6000;

/** The client's log names each message the listener took (`taken`) as handed to mail1. */
function topology(taken: () => string[], heldByMail1: () => Set<string>, asked: string[]): StoryTopology {
  return {
    network: { name: 'net' },
    dns: {} as never,
    server: () => ({}) as never,
    abilities: () => ({}),
    serverAbilities: () => [['mail1', {
      reportsQueue: {
        queuedHarnessIds: async () => {
          asked.push('mail1');
          return new Map([...heldByMail1()].map((id): [string, QueueEntry] => [id, { queueId: 'R1', queueName: 'active', recipients: [] }]));
        },
      },
    }]],
    client: {
      address: '127.0.0.1',
      queueIdOf: (reply) => /queued as (\w+)/.exec(reply)?.[1] ?? null,
      queue: async () => [],
      // Every message the client took, handed to mail1 (status=sent).
      deliveryLog: async () => ({
        deliveries: new Map(taken().map((queueId): [string, DeliveryRecord] => [queueId, { status: 'sent', relay: 'mail1.example-domain.com[10.0.0.1]:25', detail: '250 2.0.0 Ok', attempts: 1 }])),
        attempts: new Map(),
      }),
      configWarnings: async () => [], faultTimeouts: async () => ({}), exec: async () => ({ exitCode: 1, output: '', stdout: '', stderr: '' }),
    },
    clientKind: 'postfix',
    identities: [{ name: 'mail1', hostname: 'mail1.example-domain.com', address: '10.0.0.1' }],
    changeDns: async () => undefined,
    sinks: () => [{ getName: () => 'mailstore', isRunning: async () => true, messages: async () => [] }],
    members: () => [],
    summary: () => ({ subnet: '10.0.0.0/24', members: [], zone: '' }),
  };
}

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

  async function settle(heldByMail1: () => Set<string>): Promise<{ said: string[]; asked: string[] }> {
    const said: string[] = [];
    const asked: string[] = [];
    const before = given.length;
    const stage = topology(() => given.slice(before), heldByMail1, asked);
    const scenario = defineScenario({
      name: 'settle', description: 'stand-in', domain: 'example-domain.com', zone: '',
      servers: [postfixRelay('mail1'), sink('mailstore')],
      submission: 'loopback',
      settleTimeoutMs: SETTLE_MS,
      steps: [send(2)],
    });
    const player = new StoryPlayer(scenario, stage, 'mrh-settle-1', { info: (line) => said.push(line) });
    try {
      await player.steps();
    } finally {
      player.close();
    }
    return { said, asked };
  }

  it('should end once the relay the client handed the mail to no longer holds it and no sink has it', async () => {
    const { said, asked } = await settle(() => new Set());
    expect(said.filter((line) => /not arrived/.test(line))).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('should wait out its time while the relay still holds the mail (negative twin)', async () => {
    const { said } = await settle(() => new Set(['settle-1', 'settle-2']));
    expect(said.filter((line) => /not arrived/.test(line))).toEqual([expect.stringMatching(/^2 of 2 messages not arrived after/)]);
  });
});
