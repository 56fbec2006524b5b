import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from '../../containers/harness-container';
import type { ClientLog, QueueEntry } from '../../model/mail-records';
import type { FaultCost } from '../../model/fault-record';
import type { ClientContainer, StartedClientMta } from '../client-mta';
import type { FreshState } from '../../containers/resettable';
import { sendmailOptionOf, SENDMAIL_TIMING } from './sendmail-settings';
import { sendmailAttemptTrails, sendmailDeliveries, sendmailQueue } from './sendmail-log';

const MAIL_LOG = '/var/log/mail.log';
const STARTING = /starting daemon \(/;


/** Sendmail 8.18 (Debian's sendmail-bin) as the client MTA, with rsyslog writing its log. */
export class SendmailContainer extends HarnessContainer implements ClientContainer {
  private mc = '';
  private relayDomains = '';

  constructor(image: string) {
    super(image);
    this.withReadyLine(STARTING, { listeningPort: 25 });
  }

  /** sendmail.mc (built into sendmail.cf at start) and relay-domains (see sendmail-settings). */
  public withConfig(mc: string, relayDomains: string, hostname: string): this {
    this.mc = mc;
    this.relayDomains = relayDomains;
    // Sendmail sleeps a minute at start when its own name is not fully qualified.
    return this.withHostname(hostname);
  }

  /** The queue in memory (no fsync per message); only for a client no step stops. */
  public withQueueInMemory(): this {
    return this.withTmpFs({ '/var/spool/mqueue': 'rw,mode=700' });
  }

  protected wrap(started: StartedTestContainer): StartedSendmailContainer {
    return new StartedSendmailContainer(started, this.address ?? '');
  }

  protected override configure(): void {
    this.withCopyContentToContainer([
      { content: this.mc, target: '/etc/mail/sendmail.mc' },
      { content: this.relayDomains, target: '/etc/mail/relay-domains' },
    ]);
  }

  public override async start(): Promise<StartedSendmailContainer> {
    return this.wrap(await super.start());
  }
}

/** The wait each fault costs, by the define that bounds it. */
const TIMEOUT_OF_COST: Record<FaultCost, keyof typeof SENDMAIL_TIMING> = {
  connect: 'confTO_CONNECT',
  greeting: 'confTO_INITIAL',
  helo: 'confTO_HELO',
  mail: 'confTO_MAIL',
  rcpt: 'confTO_RCPT',
  data: 'confTO_DATAINIT',
  'end-of-data': 'confTO_DATAFINAL',
};

/** Sendmail's own defaults (op.me, "Timeouts"), for an option sendmail.cf leaves unset: connect 0 is the kernel's own timeout. */
const SHIPPED_TIMEOUTS: Record<keyof typeof SENDMAIL_TIMING, string> = {
  confTO_ICONNECT: '0s', confTO_CONNECT: '0s', confTO_INITIAL: '5m', confTO_HELO: '5m', confTO_MAIL: '10m', confTO_RCPT: '1h',
  confTO_DATAINIT: '5m', confTO_DATABLOCK: '1h', confTO_DATAFINAL: '1h', confTO_RSET: '5m', confTO_QUIT: '2m',
};

export class StartedSendmailContainer extends StartedHarnessContainer implements StartedClientMta {
  constructor(started: StartedTestContainer, address: string) {
    super(started, address);
  }

  public async resetTo(state: FreshState): Promise<void> {
    await this.resetUnderSupervisor(state, async () => STARTING.test(await this.mailLog()));
  }

  protected async isServing(): Promise<boolean> {
    return (await this.exec(['sh', '-c', 'grep -qx sendmail-mta /proc/[0-9]*/comm || grep -qx sendmail /proc/[0-9]*/comm'])).exitCode === 0;
  }

  /** "250 2.0.0 4B2EBk3x000017 Message accepted for delivery". */
  public queueIdOf(reply: string): string | null {
    return /^250 \S+ (\w{14}) Message accepted/.exec(reply)?.[1] ?? null;
  }

  private mailLog(): Promise<string> {
    return this.execOrThrow(['cat', MAIL_LOG]);
  }

  public async deliveryLog(): Promise<ClientLog> {
    const log = await this.mailLog();
    return { deliveries: sendmailDeliveries(log), attempts: sendmailAttemptTrails(log) };
  }

  public async queue(): Promise<QueueEntry[]> {
    return sendmailQueue(await this.queueListing());
  }

  public async queueListing(): Promise<string> {
    return this.execOrThrow(['mailq']);
  }

  /** The options as sendmail.cf has them after m4 (`O Timeout.connect=1s`). */
  public async faultTimeouts(): Promise<Partial<Record<FaultCost, string>>> {
    const cf = await this.execOrThrow(['cat', '/etc/mail/sendmail.cf']);
    return Object.fromEntries(Object.entries(TIMEOUT_OF_COST).map(([cost, define]) => {
      const option = sendmailOptionOf(define);
      const value = new RegExp(`^O ${option.replace('.', '\\.')}=(\\S+)`, 'm').exec(cf)?.[1];
      return [cost, `${option} = ${value ?? SHIPPED_TIMEOUTS[define]}`];
    }));
  }

  /**
   * What Sendmail or m4 said of the configuration at start (warnings, unknown options). Not its
   * search for a SASL configuration: the image has none on purpose (no relay offers AUTH).
   */
  public async configWarnings(): Promise<string[]> {
    const printed = await this.logText();
    const lines = printed.split('\n').filter((line) => /warning|unknown|error/i.test(line) && !/ stat=| relay=|safesasl\(|AUTH warning: no mechanisms/.test(line));
    return [...new Set(lines.map((line) => line.replace(/^\S+ \S+ \S+\[\d+\]: /, '').trim()))];
  }
}
