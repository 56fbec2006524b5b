import { MailSender, type SentMessage } from '../mail/mail-sender';
import { MessageLedger } from '../mail/message-ledger';
import type { StartedClientMta } from '../mta/client-mta';
import type { ClientClock } from '../model/client-clock';
import { submissionPort } from '../model/client-submission';
import type { Progress } from '../util/progress';
import { waitUntil } from '../util/wait-until';
import type { ScenarioDefinition } from './define-scenario';
import type { ExpectationResult } from './expectations';
import { judgeQueued } from './queue-check';
import type { SinkWatch } from './sink-watch';
import type { SendStep } from './steps';

const DEFAULT_SETTLE_MS = 20_000;
/** At shipped or own timing a fault can cost the client minutes (Postfix's 300 s greeting timeout, twice over with a retry). */
const DEFAULT_SCALED_SETTLE_MS = 1_200_000;
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

  /** Waits, bounded, until the given messages reached a sink or bounced; a timeout is not an error here. */
  private async settle(ids: string[], what: string): Promise<void> {
    const settleMs = settleRealMs(this.scenario, this.clock);
    // Mail the client bounced never reaches a sink; its log says so. Read it at most once a second.
    let bounced = new Set<string>();
    let logReadAt = 0;
    const outstanding = async () => {
      const left = this.ledger.outstanding(ids, await this.sinks.read(), bounced);
      if (left.length > 0 && Date.now() - logReadAt > 1000) {
        logReadAt = Date.now();
        const { deliveries } = await this.client.deliveryLog();
        bounced = new Set([...deliveries].filter(([, log]) => log.status === 'bounced').map(([id]) => id));
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

  close(): void {
    this.sender.close();
  }
}
