import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from '../../containers/harness-container';
import { MainCf, renderMainCf } from './postfix-settings';
import { deliveriesByQueueId } from './postfix-log';
import { attemptTrails, messageIdsByQueueId, uncertainHandoffs } from './postfix-attempt-log';
import type { ClientLog, DeliveryRecord, QueueEntry } from '../../model/mail-records';
import type { FaultCost, SmtpStage } from '../../model/fault-record';
import type { QueueReporter } from '../../containers/queue-reporter';
import type { SmtpFault, SmtpFaultPlayer } from '../../containers/smtp-fault-player';
import type { ReceiptLogger } from '../../containers/receipt-logger';
import type { PortCloser } from '../../containers/port-closer';
import type { ClientContainer, StartedClientMta } from '../client-mta';
import type { FreshState } from '../../containers/resettable';

/** The restriction list that acts at each stage, and the access check that answers there. */
const STAGE_RESTRICTIONS: Record<SmtpStage, [parameter: string, check: string]> = {
  greeting: ['smtpd_client_restrictions', 'check_client_access'],
  helo: ['smtpd_helo_restrictions', 'check_helo_access'],
  mail: ['smtpd_sender_restrictions', 'check_sender_access'],
  rcpt: ['smtpd_recipient_restrictions', 'check_recipient_access'],
  data: ['smtpd_data_restrictions', 'check_client_access'],
  'end-of-data': ['smtpd_end_of_data_restrictions', 'check_client_access'],
};

/**
 * Warnings about the moment, not the configuration: a daemon's exit status, throttling, and the
 * clock skew a tmpfs queue sometimes shows. As findings they would be change alerts that mean nothing.
 */
export const RUNTIME_NOISE = /exit status|throttling|file system clock is \d+ seconds? ahead|resetting file time stamps/;

/** The main.cf parameter that bounds each wait a fault can cost the client. */
const TIMEOUT_OF_COST: Record<FaultCost, string> = {
  connect: 'smtp_connect_timeout',
  greeting: 'smtp_helo_timeout',
  helo: 'smtp_helo_timeout',
  mail: 'smtp_mail_timeout',
  rcpt: 'smtp_rcpt_timeout',
  data: 'smtp_data_init_timeout',
  'end-of-data': 'smtp_data_done_timeout',
};

/** Postfix 3.10 in either role: the client that submits, or a relay listening on some port. */
export class PostfixContainer extends HarnessContainer implements ClientContainer {
  private settings: MainCf = {};
  private listenPort = 25;
  private tables: Record<string, string> = {};

  constructor(image: string) {
    super(image);
    this.withReadyLine(/daemon started/);
  }

  /**
   * Keeps the mail queue in memory: no fsync per queue file, much faster bulk runs. Only for a
   * container that is never stopped by a step, since a restart would empty its queue.
   */
  public withQueueInMemory(): this {
    return this.withTmpFs({ '/var/spool/postfix': 'rw,exec,mode=755' });
  }

  /** main.cf settings, merged over what was set before (later wins). */
  public withMainCf(settings: MainCf): this {
    this.settings = { ...this.settings, ...settings };
    return this;
  }

  /** The port smtpd listens on (the relay's port in the SRV record). */
  public withListenPort(port: number): this {
    this.listenPort = port;
    return this;
  }

  /** A lookup table file (e.g. /etc/postfix/transport), compiled with `postmap` at start. */
  public withLookupTable(path: string, content: string): this {
    this.tables[path] = content;
    return this;
  }

  protected override configure(): void {
    this.withEnvironment({ SMTPD_PORT: String(this.listenPort), POSTMAP_FILES: Object.keys(this.tables).join(' ') });
    this.withCopyContentToContainer([
      { content: renderMainCf(this.settings), target: '/etc/postfix/main.cf' },
      ...Object.entries(this.tables).map(([target, content]) => ({ content: content.replace(/^[ \t]+/gm, '') + '\n', target })),
    ]);
  }

  protected wrap(started: StartedTestContainer): StartedPostfixContainer {
    return new StartedPostfixContainer(started, this.address ?? '', this.listenPort);
  }

  public override async start(): Promise<StartedPostfixContainer> {
    return this.wrap(await super.start());
  }
}

export class StartedPostfixContainer extends StartedHarnessContainer implements StartedClientMta, QueueReporter, SmtpFaultPlayer, PortCloser, ReceiptLogger {
  constructor(
    started: StartedTestContainer,
    address: string,
    /** The smtpd port; a reset may give the next run another. */
    public listenPort: number,
  ) {
    super(started, address);
  }

  /** main.cf and the tables rewritten, every queue emptied, master.cf as shipped, all daemons reloaded. */
  public async resetTo(state: FreshState): Promise<void> {
    const { SMTPD_PORT = '25', POSTMAP_FILES = '' } = state.environment;
    const settings = { content: `SMTPD_PORT='${SMTPD_PORT}'\nPOSTMAP_FILES='${POSTMAP_FILES}'\n`, target: '/etc/postfix/harness.env' };
    // A service the master throttled (a daemon that died at start: seed 004's transport list) stays
    // throttled through a reload; only a new master forgets it. The log is read beside the reset,
    // which returns once the port listens (postfix-await-listener).
    const [log] = await Promise.all([this.logText(), this.writeFilesThen([...state.files, settings], ['postfix-reset'])]);
    this.beforeFaults.clear();
    this.listenPort = Number(SMTPD_PORT);
    if (/-- throttling/.test(log)) {
      await this.restartServer();
      await this.untilListening(this.listenPort);
    }
    this.readLogFromNow();
  }

  protected async isServing(): Promise<boolean> {
    return (await this.exec(['postfix', 'status'])).exitCode === 0;
  }

  public queueIdOf(reply: string): string | null {
    return /queued as ([0-9A-Za-z]+)/.exec(reply)?.[1] ?? null;
  }

  public async deliveryLog(): Promise<ClientLog> {
    const log = await this.logText();
    return { deliveries: deliveriesByQueueId(log), attempts: attemptTrails(log) };
  }

  public async faultTimeouts(): Promise<Partial<Record<FaultCost, string>>> {
    const costs = Object.keys(TIMEOUT_OF_COST) as FaultCost[];
    const values = await this.settings(costs.map((cost) => TIMEOUT_OF_COST[cost]));
    return Object.fromEntries(costs.map((cost) => [cost, `${TIMEOUT_OF_COST[cost]} = ${values[TIMEOUT_OF_COST[cost]]}`]));
  }

  public async queueListing(): Promise<string> {
    return (await this.exec(['postqueue', '-p'])).output;
  }

  /** Every Message-ID cleanup logged: the messages this Postfix took in. */
  public async receivedMessageIds(): Promise<Set<string>> {
    return new Set(messageIdsByQueueId(await this.logText()).values());
  }

  public async uncertainHandoffs(): Promise<Map<string, string>> {
    return uncertainHandoffs(await this.logText());
  }

  /** The mail queue as `postqueue -j` reports it (one JSON object per message). */
  public async queue(): Promise<QueueEntry[]> {
    const output = await this.execOrThrow(['postqueue', '-j']);
    return output
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line))
      .map((entry) => ({
        queueId: entry.queue_id,
        queueName: entry.queue_name,
        recipients: (entry.recipients ?? []).map((r: { address: string; delay_reason?: string }) => ({
          address: r.address,
          delayReason: r.delay_reason,
        })),
      }));
  }

  /**
   * The harness ids (X-Harness-Id) of the messages in this queue, read with `postcat -hq`. A message
   * caught in the active queue (a retry under way) has no delay reason in `postqueue -j`; it gets
   * its last attempt's reason from the log, so the answer does not depend on the moment of asking.
   */
  public async queuedHarnessIds(): Promise<Map<string, QueueEntry>> {
    const byId = new Map<string, QueueEntry>();
    const queue = await this.queue();
    const lastAttempts = queue.some((entry) => entry.recipients.some((r) => !r.delayReason))
      ? deliveriesByQueueId(await this.logText())
      : new Map<string, DeliveryRecord>();
    for (const entry of queue) {
      const logged = lastAttempts.get(entry.queueId)?.detail;
      if (logged) entry.recipients = entry.recipients.map((r) => ({ ...r, delayReason: r.delayReason ?? logged }));
      const headers = await this.exec(['postcat', '-hq', entry.queueId]);
      const id = /^X-Harness-Id:\s*(\S+)/im.exec(headers.stdout);
      if (id) byId.set(id[1], entry);
    }
    return byId;
  }

  public async holdsMail(): Promise<boolean> {
    return (await this.queue()).length > 0;
  }

  /** The master.cf service that listens for SMTP: `smtp/inet` on 25, `<port>/inet` otherwise. */
  private get smtpService(): string {
    return this.listenPort === 25 ? 'smtp/inet' : `${this.listenPort}/inet`;
  }

  /**
   * Host up, port closed: the SMTP service is taken out of master.cf and Postfix reloaded. Returns
   * once nothing listens on the port any more (see postfix-await-listener), so the fault is in
   * effect when it is recorded: a message sent right after meets a refusal, not a reset.
   */
  public async closeSmtpPort(): Promise<void> {
    await this.execOrThrow(['sh', '-c', 'postconf -M# "$1" && postfix reload && postfix-await-listener "$2" no', 'close', this.smtpService, String(this.listenPort)]);
  }

  public async openSmtpPort(): Promise<void> {
    const name = this.listenPort === 25 ? 'smtp' : String(this.listenPort);
    const service = `${this.smtpService}=${name} inet n - n - - smtpd`;
    await this.execOrThrow(['sh', '-c', 'postconf -M "$1" && postfix reload && postfix-await-listener "$2" yes', 'open', service, String(this.listenPort)]);
  }

  /** main.cf values a fault changed, as they were before it: what clearSmtpFaults() puts back. */
  private readonly beforeFaults = new Map<string, string>();

  /**
   * Plays an SMTP fault with Postfix's own restrictions: a static access map answers the reply
   * (or DISCARD, a black hole), `sleep` delays the answer, and smtpd_delay_reject = no makes the
   * restriction act at its own stage rather than at RCPT. What the list held before stays after it.
   */
  public async playSmtpFault(fault: SmtpFault): Promise<void> {
    const [parameter, check] = STAGE_RESTRICTIONS[fault.stage];
    const before = this.beforeFaults.get(parameter) ?? (await this.settings([parameter]))[parameter];
    const action = fault.reply ? `${check} static:{${fault.reply}}` : fault.blackHole ? `${check} static:DISCARD` : undefined;
    const restrictions = [fault.delayMs && `sleep ${fault.delayMs / 1000}`, action, before].filter(Boolean).join(', ');
    await this.changeMainCf({ smtpd_delay_reject: 'no', [parameter]: restrictions }, true, true);
  }

  public async clearSmtpFaults(): Promise<void> {
    // Nothing played since the last clear (a heal after a heal, as chaos may do): nothing to put back.
    if (this.beforeFaults.size === 0) return;
    const previous = Object.fromEntries(this.beforeFaults);
    this.beforeFaults.clear();
    await this.changeMainCf(previous, false);
  }

  private async changeMainCf(settings: Record<string, string>, remember = true, outliveOldSmtpd = false): Promise<void> {
    const unknown = Object.keys(settings).filter((name) => remember && !this.beforeFaults.has(name));
    if (unknown.length) for (const [name, value] of Object.entries(await this.settings(unknown))) this.beforeFaults.set(name, value);
    // One exec for all. main.cf is dated back because Postfix sleeps until a freshly written one is
    // ~2 s old (see postfix-start). A fault's exec returns once every smtpd from before the reload
    // is gone (see postfix-outlive-smtpd). Clearing does not wait: a chaos kill may come right after.
    const reload = outliveOldSmtpd ? 'postfix-outlive-smtpd postfix reload' : 'postfix reload';
    await this.execOrThrow(['sh', '-c', `postconf -e "$@" && touch -d "-1 minute" /etc/postfix/main.cf && ${reload}`, 'postconf', ...Object.entries(settings).map(([name, value]) => `${name}=${value}`)]);
  }

  /** Effective main.cf values (`postconf -h`), by name. */
  public async settings(names: string[]): Promise<Record<string, string>> {
    const values = (await this.execOrThrow(['postconf', '-h', ...names])).split('\n');
    return Object.fromEntries(names.map((name, i) => [name, (values[i] ?? '').trim()]));
  }

  /** Asks the queue manager to try deferred mail now (`postqueue -f`). */
  public async flushQueue(): Promise<void> {
    await this.execOrThrow(['postqueue', '-f']);
  }

  /**
   * What Postfix said about its own configuration: `postconf -n` warnings (unknown parameters),
   * postmap warnings at start, and fatal errors of its daemons (e.g. a next hop it cannot parse).
   */
  public async configWarnings(): Promise<string[]> {
    const [postconf, log] = await Promise.all([this.exec(['postconf', '-n']), this.logText()]);
    const relevant = [...postconf.stderr.split('\n'), ...log.split('\n')].filter(
      (line) => /(warning|fatal):/.test(line) && !RUNTIME_NOISE.test(line),
    );
    // One line per distinct message: drop timestamps, host, program paths and process ids.
    const normalized = relevant.map((line) =>
      line.replace(/^.*?\b(postfix\/)?([a-z-]+)(\[\d+\])?: (warning|fatal):/, '$2: $4:').trim(),
    );
    return [...new Set(normalized)];
  }
}
