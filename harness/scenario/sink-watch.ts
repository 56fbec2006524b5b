import type { SinkMessage, StartedSinkContainer } from '../containers/sink-container';

type Sink = Pick<StartedSinkContainer, 'getName' | 'messages' | 'isRunning'>;

/**
 * What the sinks have received so far, read in bulk and one read at a time (a scheduled fault watches
 * the sinks while a send step settles). A stopped sink keeps what it had.
 */
export class SinkWatch {
  private readonly received = new Map<string, SinkMessage[]>();
  /** The last sequence number read from each sink. */
  private readonly readUpTo = new Map<string, number>();
  private reads: Promise<SinkMessage[]> = Promise.resolve([]);
  /** Sinks that were running but could not be read: findings of the run. */
  readonly errors = new Set<string>();

  constructor(
    private readonly sinks: () => Sink[],
    /** This run's id: mail an earlier run on a kept topology sent is not this run's. */
    private readonly runId: string,
  ) {}

  read(): Promise<SinkMessage[]> {
    this.reads = this.reads.catch(() => []).then(() => this.readNow());
    return this.reads;
  }

  /** Messages that reached a sink or came back as a bounce, each counted once. */
  async arrivedCount(): Promise<number> {
    return new Set((await this.read()).map((message) => message.bounceOf ?? message.harnessId).filter(Boolean)).size;
  }

  private async readNow(): Promise<SinkMessage[]> {
    await Promise.all(
      this.sinks().map(async (sink) => {
        const name = sink.getName();
        const fresh = await sink.messages(this.readUpTo.get(name) ?? 0).catch(async (error: Error) => {
          // A sink a step stopped cannot answer and keeps what it had; a running one that fails is a finding.
          if (await sink.isRunning().catch(() => true)) this.errors.add(`sink ${name} could not be read: ${error.message}`);
          return [];
        });
        if (fresh.length) this.readUpTo.set(name, fresh[fresh.length - 1].seq);
        this.received.set(name, [...(this.received.get(name) ?? []), ...fresh.filter((message) => !this.ofAnotherRun(message))]);
      }),
    );
    return [...this.received.values()].flat();
  }

  /**
   * Mail an earlier run on a kept topology sent, which a relay was passing on while it was reset:
   * its Message-ID (or the one it bounces) names that run.
   */
  private ofAnotherRun(message: SinkMessage): boolean {
    return [message.messageId, message.bounceOf].some((id) => id && /@mrh-[^>]*\.harness\.test>?$/.test(id) && !id.includes(`@${this.runId}.harness.test`));
  }
}
