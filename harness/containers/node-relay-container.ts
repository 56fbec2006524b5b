import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from './harness-container';
import type { QueueEntry } from '../model/mail-records';
import type { QueueReporter } from './queue-reporter';
import type { SmtpFault, SmtpFaultPlayer } from './smtp-fault-player';
import type { FreshState } from './resettable';
import type { RelayFault, RelayQueueEntry } from '../../containers/sink/src/relay-api';

const HTTP_PORT = 8025;

/** The node relay's settings, for a container the harness starts and for an exported compose project. */
export function nodeRelayEnvironment(hostname: string, port: number, relayhost?: string): Record<string, string> {
  return { RELAY_HOSTNAME: hostname, SMTP_PORT: String(port), HTTP_PORT: String(HTTP_PORT), RELAYHOST: relayhost ?? '' };
}

/**
 * The node relay: smtp-server receiving, nodemailer forwarding by MX lookup, its own Received
 * header. It runs from the sink's image and plays the faults Postfix has no means for.
 */
export class NodeRelayContainer extends HarnessContainer {
  private hostname = 'relay.invalid';
  private listenPort = 25;
  private relayhost?: string;

  constructor(image: string) {
    super(image);
    this.withCommand(['node', '/opt/sink/node-relay.js'])
      .withReadyLine(/node relay listening/);
  }

  /** The name it says in EHLO and stamps as `by` in its Received header. */
  public withRelayHostname(hostname: string): this {
    this.hostname = hostname;
    return this;
  }

  public withListenPort(port: number): this {
    this.listenPort = port;
    return this;
  }

  /** Every message to this host, as Postfix's relayhost = [host]; by default the recipient domain's MX. */
  public withRelayhost(host: string | undefined): this {
    this.relayhost = host;
    return this;
  }

  protected override configure(): void {
    this.withEnvironment(nodeRelayEnvironment(this.hostname, this.listenPort, this.relayhost));
  }

  protected wrap(started: StartedTestContainer): StartedNodeRelayContainer {
    return new StartedNodeRelayContainer(started, this.address ?? '', this.listenPort);
  }

  public override async start(): Promise<StartedNodeRelayContainer> {
    return this.wrap(await super.start());
  }
}

export class StartedNodeRelayContainer extends StartedHarnessContainer implements QueueReporter, SmtpFaultPlayer {
  constructor(
    started: StartedTestContainer,
    address: string,
    readonly listenPort: number,
  ) {
    super(started, address);
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`http://${this.address}:${HTTP_PORT}${path}`, {
      method,
      signal: AbortSignal.timeout(5000),
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`node relay ${this.getName()} answered ${response.status} to ${method} ${path}`);
    return response.json();
  }

  protected async isServing(): Promise<boolean> {
    return (await fetch(`http://${this.address}:${HTTP_PORT}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  }

  /** Faults cleared and the queue emptied; its settings (name, port, relayhost) are the topology's shape. */
  public async resetTo(_state: FreshState): Promise<void> {
    await this.clearSmtpFaults();
    await this.call('DELETE', '/queue');
    this.readLogFromNow();
  }

  public async playSmtpFault(fault: SmtpFault): Promise<void> {
    // The relay's own type for what it is sent: a harness fault must fit it, or this does not compile.
    const body: RelayFault = fault;
    await this.call('POST', '/faults', body);
  }

  public async clearSmtpFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  /** The messages it still holds, with why the last try to pass each on failed. */
  public async queuedHarnessIds(): Promise<Map<string, QueueEntry>> {
    const entries = (await this.call('GET', '/queue')) as RelayQueueEntry[];
    return new Map(entries.filter((entry) => entry.harnessId).map((entry) => [entry.harnessId!, {
      queueId: entry.queueId,
      queueName: entry.reason ? 'deferred' : 'active',
      recipients: entry.recipients.map((address) => ({ address, delayReason: entry.reason })),
    }]));
  }

  public async holdsMail(): Promise<boolean> {
    return ((await this.call('GET', '/queue')) as RelayQueueEntry[]).length > 0;
  }
}
