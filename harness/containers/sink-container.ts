import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from './harness-container';
import type { FreshState } from './resettable';
import type { StoredMessage } from '../../containers/sink/src/stored-message';

const SMTP_PORT = 25;
const HTTP_PORT = 8025;

/** The sink's settings, for a container the harness starts and for an exported compose project. */
export function sinkEnvironment(hostname: string): Record<string, string> {
  return { SINK_HOSTNAME: hostname, SMTP_PORT: String(SMTP_PORT), HTTP_PORT: String(HTTP_PORT) };
}

/** A message as the sink kept it (the sink's own type, shared with its server code). */
export type SinkMessage = StoredMessage;

/** The final destination (the article's server-four): smtp-server + mailparser, read over HTTP. */
export class SinkContainer extends HarnessContainer {
  private hostname = 'sink.invalid';

  constructor(image: string) {
    super(image);
    this.withReadyLine(/sink listening/);
  }

  /** The name the sink stamps in its Received header (`by ...`). */
  public withSinkHostname(hostname: string): this {
    this.hostname = hostname;
    return this;
  }

  protected override configure(): void {
    this.withEnvironment(sinkEnvironment(this.hostname));
  }

  protected wrap(started: StartedTestContainer): StartedSinkContainer {
    return new StartedSinkContainer(started, this.address ?? '');
  }

  public override async start(): Promise<StartedSinkContainer> {
    return this.wrap(await super.start());
  }
}

export class StartedSinkContainer extends StartedHarnessContainer {
  readonly listenPort = SMTP_PORT;
  /** The last message of the runs before a reset: this run reads only those after it. */
  private storedBefore = 0;

  constructor(started: StartedTestContainer, address: string) {
    super(started, address);
  }

  private url(path: string): string {
    return `http://${this.address}:${HTTP_PORT}${path}`;
  }

  protected async isServing(): Promise<boolean> {
    const response = await fetch(this.url('/healthz'), { signal: AbortSignal.timeout(1000) });
    return response.ok;
  }

  /** Empty to the run after it: what was stored before is no longer read (its numbers go on). */
  public async resetTo(_state: FreshState): Promise<void> {
    const response = await fetch(this.url('/reset'), { method: 'POST', signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`sink ${this.getName()} answered ${response.status} to POST /reset`);
    this.storedBefore = ((await response.json()) as { lastSeq: number }).lastSeq;
    this.readLogFromNow();
  }

  /** Every message stored so far (since the last reset), or only those after sequence number `afterSeq`. */
  public async messages(afterSeq = 0): Promise<SinkMessage[]> {
    const response = await fetch(this.url(`/messages?after=${Math.max(afterSeq, this.storedBefore)}`), { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`sink ${this.getName()} answered ${response.status} to GET /messages`);
    return (await response.json()) as SinkMessage[];
  }
}
