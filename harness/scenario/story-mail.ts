import { MailSender, type SentMessage } from '../mail/mail-sender';
import { MessageLedger, relayNamed } from '../mail/message-ledger';
import type { DeliveryRecord } from '../model/mail-records';
import type { StartedClientMta } from '../mta/client-mta';
import type { ClientClock } from '../model/client-clock';
import { submissionPort } from '../model/client-submission';
import type { Progress } from '../util/progress';
import { waitUntil } from '../util/wait-until';
import type { ScenarioDefinition } from './define-scenario';
import type { ExpectationResult } from './expectations';
import { judgeQueued } from './queue-check';
import type { EvidenceSources } from './run-evidence';
import type { SinkWatch } from './sink-watch';
import type { SendStep } from './steps';

const DEFAULT_SETTLE_MS = 20_000;
/** At shipped or own timing a fault can cost the client minutes (Postfix's 300 s greeting timeout, twice over with a retry). */
const DEFAULT_SCALED_SETTLE_MS = 1_200_000;
/** How long after the client handed a message to a relay a settle asks that relay whether it still holds mail. */
const HANDED_OVER_A_WHILE_MS = 2_000;
/** What the harness itself takes to see mail arrive (a relay's hand-off, a sink read), which no clock scales. */
const SETTLE_FLOOR_MS = 5_000;

/** How long a settle waits, in real time: the scenario's settle time is at the client's clock. */
export function settleRealMs(scenario: Pick<ScenarioDefinition, 'timing' | 'settleTimeoutMs'>, clock: ClientClock): number {
  // At a timing not the harness's, at least what a shipped timeout costs.
  const settle = (scenario.timing ?? 'test') === 'test'
    ? scenario.settleTimeoutMs ?? DEFAULT_SETTLE_MS
    : Math.max(scenario.settleTimeoutMs ?? 0, DEFAULT_SCALED_SETTLE_MS);
  return Math.max(clock.realMs(settle), Math.min(settle, SETTLE_FLOOR_MS));
}

export type StoryClient = Pick<StartedClientMta, 'address' | 'queueIdOf' | 'queue' | 'deliveryLog'>;
/** The relays a settle may ask whether they still hold mail: given only to a story whose steps can lose mail at a relay. */
export type StoryRelays = Pick<EvidenceSources, 'serverAbilities' | 'identities'>;

/** The story's mail: what it sent (the ledger), how it sends, and its wait until mail has arrived. */
export class StoryMail {
  readonly ledger: MessageLedger;
  private readonly sender: MailSender;
  /** Mail sent by steps that did not settle, waited for once the steps are over. */
  private readonly unsettled: string[] = [];

  constructor(
    private readonly scenario: ScenarioDefinition,
    private readonly client: StoryClient,
    private readonly sinks: SinkWatch,
    runId: string,
    private readonly clock: ClientClock,
    private readonly progress: Progress,
    private readonly relays?: StoryRelays,
  ) {
    this.ledger = new MessageLedger(scenario.name);
    this.sender = new MailSender({
      host: client.address,
      port: submissionPort(scenario.submission),
      from: `harness@${scenario.domain}`,
      to: scenario.recipient ?? `inbox@${scenario.domain}`,
      messageIdDomain: `${runId}.harness.test`,
      queueIdOf: (reply) => client.queueIdOf(reply),
    });
  }

  /** A send step: its messages submitted (paced when it says so), then waited for when it settles. */
  async send(step: SendStep, index: number): Promise<void> {
    const ids = this.ledger.nextIds(step.count);
    const began = Date.now();
    const expected = step.expectCarriedBy ?? null;
    if (step.intervalMs) await this.sender.sendPaced(ids, step.intervalMs, (sent) => this.ledger.record([sent], index, expected), step.from);
    else this.ledger.record(await this.sender.sendAll(ids, step.from), index, expected);
    if (step.count > 50) this.progress.info(`submitted ${step.count} messages to the client in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    if (step.settle) await this.settle(ids, `the messages of step ${index + 1}`);
    else this.unsettled.push(...ids);
  }

  /** Mail someone else submitted (the walkthrough's reader), as sent by the send step at `index`. */
  recordSubmitted(sent: SentMessage[], index: number, expectCarriedBy: string[] | null): void {
    this.ledger.record(sent, index, expectCarriedBy);
  }

  /** Waits for the mail sent without settling, if any. */
  async settleUnsettled(): Promise<void> {
    if (this.unsettled.length > 0) await this.settle(this.unsettled, 'the messages sent without settling');
  }

  /** Waits for all the mail sent, wherever it is. */
  settleAll(what: string): Promise<void> {
    return this.settle(this.ledger.sent.map((entry) => entry.id), what);
  }

  /** Every message not at a sink must be in the client's queue, and none may have bounced. */
  async queueCheck(index: number): Promise<ExpectationResult> {
    const [sinkMessages, queue, log] = await Promise.all([this.sinks.read(), this.client.queue(), this.client.deliveryLog()]);
    return judgeQueued(index, this.ledger.undelivered(sinkMessages), queue, log.deliveries);
  }

  /**
   * Waits, bounded, until the given messages reached a sink, bounced, or were lost at a relay; a
   * timeout is not an error here.
   */
  private async settle(ids: string[], what: string): Promise<void> {
    const settleMs = settleRealMs(this.scenario, this.clock);
    // Mail the client bounced never reaches a sink, nor mail a relay accepted and lost; the client's
    // log says the first, the relay the second. Read them at most once a second.
    let gone = new Set<string>();
    let logReadAt = 0;
    // When this settle first saw each message handed to a relay, by the client's queue id.
    const handedAt = new Map<string, number>();
    const outstanding = async () => {
      const left = this.ledger.outstanding(ids, await this.sinks.read(), gone);
      if (left.length > 0 && Date.now() - logReadAt > 1000) {
        logReadAt = Date.now();
        const { deliveries } = await this.client.deliveryLog();
        const bounced = [...deliveries].filter(([, log]) => log.status === 'bounced').map(([id]) => id);
        gone = new Set([...bounced, ...(await this.lostAtRelays(left, deliveries, handedAt))]);
      }
      return left;
    };
    try {
      await waitUntil(async () => ((await outstanding()).length === 0 ? true : undefined), { what, timeoutMs: settleMs, intervalMs: 100 });
    } catch {
      const left = await outstanding();
      this.progress.info(`${left.length} of ${ids.length} messages not arrived after ${this.clock.describe(settleMs, 1)}: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', ...' : ''}`);
    }
  }

  /**
   * The client's queue ids of messages it handed a while ago to a relay that now holds no mail at
   * all, and that no sink has: lost there (a black hole), however long the settle waits. A relay
   * that cannot be asked (stopped, paused) may still hold its mail, so none of its is counted.
   * Each relay is asked one command, whatever its queue holds: asking after each message (postcat)
   * loaded a busy CI.
   */
  private async lostAtRelays(left: string[], deliveries: Map<string, DeliveryRecord>, handedAt: Map<string, number>): Promise<string[]> {
    if (!this.relays) return [];
    const now = Date.now();
    const handedOff = this.ledger.sent.flatMap((entry) => {
      const log = left.includes(entry.id) && entry.queueId ? deliveries.get(entry.queueId) : undefined;
      const relay = log?.status === 'sent' ? relayNamed(log.relay, this.relays!.identities) : undefined;
      if (relay && !handedAt.has(entry.queueId!)) handedAt.set(entry.queueId!, now);
      return relay && now - handedAt.get(entry.queueId!)! >= HANDED_OVER_A_WHILE_MS ? [{ id: entry.id, queueId: entry.queueId!, relay }] : [];
    });
    const abilities = new Map(this.relays.serverAbilities());
    const empty = new Set<string>();
    for (const relay of new Set(handedOff.map((message) => message.relay))) {
      if ((await abilities.get(relay)?.reportsQueue?.holdsMail().catch(() => true)) === false) empty.add(relay);
    }
    if (empty.size === 0) return [];
    // The sinks read after the relays: a relay lets a message go only once its next hop has it.
    const lost = handedOff.filter((message) => empty.has(message.relay));
    const stillOut = new Set(this.ledger.outstanding(lost.map((message) => message.id), await this.sinks.read()));
    return lost.filter((message) => stillOut.has(message.id)).map((message) => message.queueId);
  }

  close(): void {
    this.sender.close();
  }
}
