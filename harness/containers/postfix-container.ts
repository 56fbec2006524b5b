import { Wait, StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from './harness-container';
import { MainCf, renderMainCf } from './postfix-settings';

export interface QueuedMessage {
  queueId: string;
  queueName: string;
  recipients: { address: string; delayReason?: string }[];
}

/** Postfix 3.10 in either role: the client that submits, or a relay listening on some port. */
export class PostfixContainer extends HarnessContainer {
  private settings: MainCf = {};
  private listenPort = 25;

  constructor(image: string) {
    super(image);
    this.withWaitStrategy(Wait.forLogMessage(/daemon started/)).withStartupTimeout(30_000);
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

  public override async start(): Promise<StartedPostfixContainer> {
    this.withEnvironment({ SMTPD_PORT: String(this.listenPort) });
    this.withCopyContentToContainer([{ content: renderMainCf(this.settings), target: '/etc/postfix/main.cf' }]);
    return new StartedPostfixContainer(await super.start(), this.address ?? '', this.listenPort);
  }
}

export class StartedPostfixContainer extends StartedHarnessContainer {
  constructor(
    started: StartedTestContainer,
    address: string,
    readonly listenPort: number,
  ) {
    super(started, address);
  }

  protected async isServing(): Promise<boolean> {
    return (await this.exec(['postfix', 'status'])).exitCode === 0;
  }

  /** The mail queue as `postqueue -j` reports it (one JSON object per message). */
  public async queue(): Promise<QueuedMessage[]> {
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

  /** Asks the queue manager to try deferred mail now (`postqueue -f`). */
  public async flushQueue(): Promise<void> {
    await this.execOrThrow(['postqueue', '-f']);
  }

  /** Warnings Postfix prints about main.cf, such as parameters it does not know (`postconf -n`). */
  public async configWarnings(): Promise<string[]> {
    const result = await this.exec(['postconf', '-n']);
    return result.stderr.split('\n').filter((line) => /warning/i.test(line));
  }
}
