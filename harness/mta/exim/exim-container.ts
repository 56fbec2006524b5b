import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from '../../containers/harness-container';
import type { ClientLog, QueueEntry } from '../../model/mail-records';
import type { FaultCost } from '../../model/fault-record';
import type { ClientContainer, StartedClientMta } from '../client-mta';
import type { FreshState } from '../../containers/resettable';
import { EXIM_TIMING } from './exim-settings';
import { eximAttemptTrails, eximDeliveries, eximQueue } from './exim-log';

const MAINLOG = '/var/log/exim4/mainlog';
const STARTING = /daemon started/;

/** Exim 4.98 (Debian's exim4-daemon-light) as the client MTA. */
export class EximContainer extends HarnessContainer implements ClientContainer {
  private config = '';
  private transport = 'remote_smtp';

  constructor(image: string) {
    super(image);
    this.withReadyLine(STARTING);
  }

  /** The whole exim4.conf (see exim-settings). */
  public withConfig(config: string): this {
    this.config = config;
    return this;
  }

  /** The smtp transport that carries the mail, whose timeouts a failover pays (default remote_smtp, the harness's own). */
  public withTransport(name: string): this {
    this.transport = name;
    return this;
  }

  /** The spool in memory (no fsync per message); only for a client no step stops. */
  public withQueueInMemory(): this {
    return this.withTmpFs({ '/var/spool/exim4': 'rw,mode=750' });
  }

  protected override configure(): void {
    this.withCopyContentToContainer([{ content: this.config, target: '/etc/exim4/exim4.conf' }]);
  }

  protected wrap(started: StartedTestContainer): StartedEximContainer {
    return new StartedEximContainer(started, this.address ?? '', this.transport);
  }

  public override async start(): Promise<StartedEximContainer> {
    return this.wrap(await super.start());
  }
}

/** The wait each fault costs, by the transport option that bounds it. */
const TIMEOUT_OF_COST: Record<FaultCost, keyof typeof EXIM_TIMING> = {
  connect: 'connect_timeout',
  greeting: 'command_timeout',
  helo: 'command_timeout',
  mail: 'command_timeout',
  rcpt: 'command_timeout',
  data: 'command_timeout',
  'end-of-data': 'final_timeout',
};

export class StartedEximContainer extends StartedHarnessContainer implements StartedClientMta {
  constructor(started: StartedTestContainer, address: string, private readonly transport: string) {
    super(started, address);
  }

  public async resetTo(state: FreshState): Promise<void> {
    await this.resetUnderSupervisor(state, async () => STARTING.test(await this.mainLog()));
  }

  protected async isServing(): Promise<boolean> {
    // The daemon's process (the tail beside it is not it); minbase has no pgrep.
    return (await this.exec(['sh', '-c', 'grep -qx exim4 /proc/[0-9]*/comm'])).exitCode === 0;
  }

  public queueIdOf(reply: string): string | null {
    return /\bid=(\S+)/.exec(reply)?.[1] ?? null;
  }

  private mainLog(): Promise<string> {
    return this.execOrThrow(['cat', MAINLOG]);
  }

  public async deliveryLog(): Promise<ClientLog> {
    const log = await this.mainLog();
    return { deliveries: eximDeliveries(log), attempts: eximAttemptTrails(log) };
  }

  public async queue(): Promise<QueueEntry[]> {
    const [listing, log] = await Promise.all([this.queueListing(), this.mainLog()]);
    return eximQueue(listing, eximDeliveries(log));
  }

  public async queueListing(): Promise<string> {
    return this.execOrThrow(['exim', '-bp']);
  }

  public async faultTimeouts(): Promise<Partial<Record<FaultCost, string>>> {
    // The transport's options as Exim reads them (`exim -bP transport remote_smtp`).
    const printed = await this.execOrThrow(['exim', '-bP', 'transport', this.transport]);
    const value = (name: string) => new RegExp(`^${name} = (.*)$`, 'm').exec(printed)?.[1];
    return Object.fromEntries(Object.entries(TIMEOUT_OF_COST).map(([cost, option]) => [cost, `${option} = ${value(option) ?? EXIM_TIMING[option]}`]));
  }

  /** The panic log and configuration complaints, one line per distinct message. */
  public async configWarnings(): Promise<string[]> {
    const panic = await this.exec(['sh', '-c', 'cat /var/log/exim4/paniclog 2>/dev/null; exim -bV 2>&1 >/dev/null']);
    const lines = panic.stdout.split('\n').map((line) => line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? /, '').trim()).filter(Boolean);
    return [...new Set(lines)];
  }
}
