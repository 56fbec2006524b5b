import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from '../../containers/harness-container';
import type { ClientLog, QueueEntry } from '../../model/mail-records';
import type { FaultCost } from '../../model/fault-record';
import type { ClientContainer, StartedClientMta } from '../client-mta';
import type { FreshState } from '../../containers/resettable';
import { smtpdAttemptTrails, smtpdConnections, smtpdDeliveries, smtpdQueue } from './opensmtpd-log';

const MAIL_LOG = '/var/log/mail.log';
/** Its only start line at info level (through syslog, followed onto stdout). */
const STARTING = / smtpd\[\d+\]: info: OpenSMTPD \S+ starting$/m;

/** OpenSMTPD 7.6 (Debian's opensmtpd) as the client MTA. */
export class OpenSmtpdContainer extends HarnessContainer implements ClientContainer {
  private config = '';

  constructor(image: string) {
    super(image);
    this.withReadyLine(STARTING, { listeningPort: 25 });
  }

  /** The whole smtpd.conf (see opensmtpd-settings). */
  public withConfig(config: string, hostname: string): this {
    this.config = config;
    return this.withEnvironment({ MAILNAME: hostname });
  }

  protected wrap(started: StartedTestContainer): StartedOpenSmtpdContainer {
    return new StartedOpenSmtpdContainer(started, this.address ?? '');
  }

  protected override configure(): void {
    this.withCopyContentToContainer([{ content: this.config, target: '/etc/smtpd.conf' }]);
  }

  public override async start(): Promise<StartedOpenSmtpdContainer> {
    return this.wrap(await super.start());
  }
}

export class StartedOpenSmtpdContainer extends StartedHarnessContainer implements StartedClientMta {
  constructor(started: StartedTestContainer, address: string) {
    super(started, address);
  }

  public async resetTo(state: FreshState): Promise<void> {
    await this.resetUnderSupervisor(state, async () => STARTING.test(await this.mailLog()));
  }

  protected async isServing(): Promise<boolean> {
    return (await this.exec(['smtpctl', 'show', 'status'])).exitCode === 0;
  }

  /** "250 2.0.0 4c0f7d3a Message accepted for delivery": the message id, the first half of each envelope id. */
  public queueIdOf(reply: string): string | null {
    return /^250 \S+ ([0-9a-f]{8}) Message accepted/.exec(reply)?.[1] ?? null;
  }

  /** mail.log as rsyslog writes it: each line whole, with its own microsecond stamp. */
  private mailLog(): Promise<string> {
    return this.execOrThrow(['cat', MAIL_LOG]);
  }

  public async deliveryLog(): Promise<ClientLog> {
    const log = await this.mailLog();
    return { deliveries: smtpdDeliveries(log), attempts: smtpdAttemptTrails(log), connections: smtpdConnections(log) };
  }

  public async queue(): Promise<QueueEntry[]> {
    return smtpdQueue(await this.queueListing());
  }

  public async queueListing(): Promise<string> {
    return this.execOrThrow(['smtpctl', 'show', 'queue']);
  }

  /** Compiled in, not configurable: one 300 s timeout on the session's I/O covers the connect and the greeting (mta_session.c, io_set_timeout). */
  public async faultTimeouts(): Promise<Partial<Record<FaultCost, string>>> {
    const timeout = 'compiled-in session I/O timeout = 300s';
    return { connect: timeout, greeting: timeout };
  }

  public async configWarnings(): Promise<string[]> {
    const log = await this.logText();
    return [...new Set(log.split('\n').filter((line) => /(^|\]: )(warn|fatal):|syntax error/.test(line)).map((line) => line.replace(/^.*?smtpd\[\d+\]: /, '').trim()))];
  }
}
