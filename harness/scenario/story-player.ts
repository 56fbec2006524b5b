import { MailSender, SentMessage } from '../mail/mail-sender';
import { MessageLedger } from '../mail/message-ledger';
import { failoverTimes, heldThroughFaults } from '../mail/failover-time';
import type { RelayHandoffs } from '../mail/duplicate-reason';
import type { SinkMessage, StartedSinkContainer } from '../containers/sink-container';
import type { QueueEntry } from '../model/mail-records';
import { reportsQueue } from '../containers/queue-reporter';
import { FaultInjector, type FaultTopology } from '../topology/fault-injector';
import type { StartedClientMta } from '../mta/client-mta';
import type { ServerIdentity } from '../mail/attribution';
import type { ChaosRecord, ScenarioResult, StepTiming, TopologySummary } from '../report/scenario-result';
import type { Progress } from '../util/progress';
import { waitUntil, sleep } from '../util/wait-until';
import type { ScenarioDefinition } from './define-scenario';
import type { ChaosStep, FaultingStep, FaultStep, SendStep, ServfailStep, SmtpFaultStep, Step } from './steps';
import { chaosContextOf, describeStep, runStep, stepInRealTime, StoryContext } from './step-registry';
import { ClientClock } from '../model/client-clock';
import { runSpeed } from '../mta/client-choice';
import { clockOfClient, inRealTime } from '../mta/client-clock-reading';
import { chaosSchedule, isGap } from './chaos-schedule';
import { stepCheckContext } from './validate-scenario';
import type { ExpectationResult } from './expectations';
import { judgeMessages } from './judge-run';
import { judgeQueued } from './queue-check';
import { clientMta } from '../mta/registry';
import { logsReceipts, ReceiptLogger } from '../containers/receipt-logger';
import type { MessageOutcome } from '../mail/message-outcome';

const DEFAULT_SETTLE_MS = 20_000;
/** At shipped or own timing a fault can cost the client minutes (Postfix's 300 s greeting timeout, twice over with a retry). */
const DEFAULT_SCALED_SETTLE_MS = 1_200_000;
/** What the harness itself takes to see mail arrive (a relay's hand-off, a sink read), which no clock scales. */
const SETTLE_FLOOR_MS = 5_000;

/**
 * A promise awaited only at the end of the story: marked as handled now, so that a failure before
 * then is not an unhandled rejection that ends the process; awaiting it still throws.
 */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const isScheduled = (step: Step): step is FaultingStep =>
  (step.kind === 'fault' || step.kind === 'smtp-fault' || step.kind === 'servfail') && (step.at !== undefined || step.afterMessage !== undefined);

/** Messages that reached a sink or came back as a bounce, each counted once. */
function arrivedCount(messages: SinkMessage[]): number {
  return new Set(messages.map((message) => message.bounceOf ?? message.harnessId).filter(Boolean)).size;
}

/**
 * What the story needs of a topology: the client, the sinks, the servers to fault and ask, the DNS.
 * A started topology is one; a unit test's stand-in is another, so that the story's scheduling and
 * heal order are tested without containers.
 */
export interface StoryTopology extends FaultTopology {
  client: Pick<StartedClientMta, 'address' | 'queueIdOf' | 'queue' | 'deliveryLog' | 'configWarnings' | 'faultTimeouts' | 'exec'>;
  clientKind: string;
  servers: Map<string, unknown>;
  identities: ServerIdentity[];
  changeDns(commands: string): Promise<void>;
  sinks(): Pick<StartedSinkContainer, 'getName' | 'messages' | 'isRunning'>[];
  members(): [string, { exitsAfterStart: readonly string[] }][];
  summary(): TopologySummary;
}

/** Plays the scenario's steps against a started topology and gathers the evidence. */
export class StoryPlayer implements StoryContext {
  private readonly ledger: MessageLedger;
  private readonly sender: MailSender;
  /** How long a settle waits, in real time. */
  private readonly settleMs: number;
  /** The client's clock: its speed now, its origin once the story begins. */
  private clock: ClientClock;
  /** The steps as played: their durations at real time. */
  private readonly realSteps: Step[];
  private readonly sinkMessages = new Map<string, SinkMessage[]>();
  private readonly unsettled: string[] = [];
  /** Results of checks made during the story (expect-queued), judged with the expectations. */
  private readonly stepChecks: ExpectationResult[] = [];
  private readonly timings: StepTiming[] = [];
  private readonly sinkErrors = new Set<string>();
  private readonly faults: FaultInjector;
  private readonly pendingHeals: Promise<void>[] = [];
  /** Faults scheduled with `at` or `afterMessage`, begun in the background. */
  private readonly scheduled: Promise<void>[] = [];
  private storyStartedAt = 0;
  /** Set once every step ran and the mail settled: an afterMessage not reached by then never will be. */
  private storyOver = false;
  private sinkReads: Promise<SinkMessage[]> = Promise.resolve([]);
  /** Each chaos step's schedule, as drawn from its seed. */
  private readonly chaosPlayed: ChaosRecord[] = [];

  constructor(
    private readonly scenario: ScenarioDefinition,
    private readonly topology: StoryTopology,
    /** This run's own id (a reused topology's containers carry the id of the run that started them). */
    private readonly runId: string,
    private readonly progress: Progress,
    /** The run's start, which step times are measured from. */
    private readonly startedAt = Date.now(),
  ) {
    this.ledger = new MessageLedger(scenario.name);
    this.faults = new FaultInjector(topology, () => Date.now() - this.startedAt);
    const timing = scenario.timing ?? 'test';
    this.clock = new ClientClock(runSpeed(scenario), 0, clientMta(topology.clientKind).deliveryLatencyMs);
    this.realSteps = scenario.steps.map((step) => stepInRealTime(step, (ms) => this.clock.realMs(ms)));
    // A settle time is at the client's clock; at a timing not the harness's, at least what a shipped timeout costs.
    const settle = timing === 'test' ? scenario.settleTimeoutMs ?? DEFAULT_SETTLE_MS : Math.max(scenario.settleTimeoutMs ?? 0, DEFAULT_SCALED_SETTLE_MS);
    this.settleMs = Math.max(this.clock.realMs(settle), Math.min(settle, SETTLE_FLOOR_MS));
    this.sender = new MailSender({
      host: topology.client.address,
      port: 25,
      from: `harness@${scenario.domain}`,
      to: scenario.recipient ?? `inbox@${scenario.domain}`,
      messageIdDomain: `${runId}.harness.test`,
      queueIdOf: (reply) => topology.client.queueIdOf(reply),
    });
  }

  async steps(): Promise<void> {
    this.clock = await clockOfClient(this.topology.client, this.clock);
    this.storyStartedAt = Date.now();
    for (const [index, step] of this.realSteps.entries()) {
      if (isScheduled(step)) {
        this.scheduled.push(handledLater(this.playWhenDue(step, index)));
        continue;
      }
      await this.play(step, index);
    }
    // Steps that settled already had their wait; only mail sent without settling is waited for here.
    if (this.unsettled.length > 0) await this.settle(this.unsettled, 'the messages sent without settling');
    this.storyOver = true;
    await Promise.all(this.scheduled);
    await Promise.all(this.pendingHeals);
    // Chaos may outlast the sending: once every fault is healed, what is still out has its chance to arrive.
    if (this.chaosPlayed.length > 0) await this.settle(this.ledger.sent.map((entry) => entry.id), 'the mail still out after the last fault healed');
  }

  private async play(step: Step, index: number, written: Step = this.realSteps[index] === step ? this.scenario.steps[index] : step): Promise<void> {
    const began = Date.now();
    await runStep(step, this, index);
    const ended = Date.now();
    // Said as the scenario wrote it, at the client's clock.
    this.timings.push({
      index,
      kind: step.kind,
      description: describeStep(written),
      server: 'server' in step ? step.server : undefined,
      startMs: began - this.startedAt,
      endMs: ended - this.startedAt,
    });
    this.progress.info(`step ${index + 1}: ${describeStep(written)} — done in ${this.clock.describe(ended - began, 1)}`);
  }

  /** A scheduled fault begins at its moment while later steps run; one whose moment never came fails the run. */
  private async playWhenDue(step: FaultingStep, index: number): Promise<void> {
    const description = `step ${index + 1} (${describeStep(this.scenario.steps[index] ?? step)}) began`;
    if (step.at !== undefined) {
      await sleep(Math.max(0, this.storyStartedAt + step.at - Date.now()));
    } else {
      const wanted = step.afterMessage!;
      let arrived = 0;
      await waitUntil(async () => {
        const over = this.storyOver;
        arrived = arrivedCount(await this.readSinks());
        return arrived >= wanted || over ? true : undefined;
      }, { what: description, timeoutMs: 3_600_000, intervalMs: 100 });
      if (arrived < wanted) {
        this.stepChecks.push({ description, passed: false, detail: `only ${arrived} message${arrived === 1 ? '' : 's'} arrived, so "after message ${wanted}" never came` });
        return;
      }
    }
    await this.play(step, index);
  }

  /** Mail someone else submitted (the walkthrough's reader), as sent by the send step at `index`. */
  recordSubmitted(sent: SentMessage[], index: number): void {
    const step = this.scenario.steps[index];
    this.ledger.record(sent, index, step?.kind === 'send' ? step.expectCarriedBy ?? null : null);
  }

  // The story's steps, as the step registry runs them.
  async sendMessages(step: SendStep, index: number): Promise<void> {
    const ids = this.ledger.nextIds(step.count);
    const began = Date.now();
    const expected = step.expectCarriedBy ?? null;
    if (step.intervalMs) await this.sender.sendPaced(ids, step.intervalMs, (sent) => this.ledger.record([sent], index, expected), step.from);
    else this.ledger.record(await this.sender.sendAll(ids, step.from), index, expected);
    if (step.count > 50) this.progress.info(`submitted ${step.count} messages to the client in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    if (step.settle) await this.settle(ids, `the messages of step ${index + 1}`);
    else this.unsettled.push(...ids);
  }

  stopServer(name: string): Promise<void> {
    return this.faults.stop(name);
  }

  startServer(name: string): Promise<void> {
    return this.faults.start(name);
  }

  changeDns(commands: string): Promise<void> {
    return this.topology.changeDns(commands);
  }

  async fault(step: FaultStep): Promise<void> {
    await this.faults.fault(step.server, step.fault);
    this.healLater(step.server, step.forMs);
  }

  async smtpFault(step: SmtpFaultStep): Promise<void> {
    const { kind: _kind, server, forMs, at: _at, afterMessage: _after, ...fault } = step;
    await this.faults.smtpFault(server, fault);
    this.healLater(server, forMs);
  }

  async servfail(step: ServfailStep): Promise<void> {
    await this.faults.servfail(step.name);
    this.healLater('dns', step.forMs);
  }

  heal(name: string): Promise<void> {
    return this.faults.heal(name);
  }

  /** Draws the schedule from the seed, says it, and plays each fault at its moment in the background. */
  async chaos(step: ChaosStep, index: number): Promise<void> {
    const began = Date.now();
    const schedule = chaosSchedule(step, chaosContextOf(stepCheckContext(this.scenario)));
    const record: ChaosRecord = { step: index, seed: step.seed, startMs: began - this.startedAt, schedule: [] };
    this.chaosPlayed.push(record);
    for (const entry of schedule) {
      if (isGap(entry)) {
        record.schedule.push({ atMs: entry.atMs, skipped: true });
        this.progress.info(`chaos +${(entry.atMs / 1000).toFixed(1)} s: nothing broken (every server that could be is broken, or is the last relay up)`);
        continue;
      }
      const fault = describeStep(entry.step);
      record.schedule.push({ atMs: entry.atMs, server: entry.server, kind: entry.kind, fault, forMs: entry.step.kind === 'fault' && entry.step.fault === 'restart' ? undefined : entry.forMs });
      this.progress.info(`chaos +${(entry.atMs / 1000).toFixed(1)} s: ${fault}`);
      this.scheduled.push(handledLater(sleep(Math.max(0, began + entry.atMs - Date.now())).then(() => this.play(entry.step, index))));
    }
  }

  sleep(ms: number): Promise<void> {
    return sleep(ms);
  }

  /** A fault with a duration heals itself while the story goes on; the verdict waits for the healing. */
  private healLater(server: string, forMs?: number): void {
    if (!forMs) return;
    this.pendingHeals.push(handledLater(sleep(forMs).then(() => this.faults.heal(server))));
  }

  /** Every message not at a sink must be in the client's queue, and none may have bounced. */
  async checkQueued(index: number): Promise<void> {
    this.stepChecks.push(await this.queueCheck(index));
  }

  private async queueCheck(index: number): Promise<ExpectationResult> {
    const [sinkMessages, queue, log] = await Promise.all([this.readSinks(), this.topology.client.queue(), this.topology.client.deliveryLog()]);
    return judgeQueued(index, this.ledger.undelivered(sinkMessages), queue, log.deliveries);
  }


  /** Reads every sink in bulk, one read at a time (a scheduled fault watches the sink while mail settles). */
  private readSinks(): Promise<SinkMessage[]> {
    this.sinkReads = this.sinkReads.catch(() => []).then(() => this.readSinksNow());
    return this.sinkReads;
  }

  /** The last sequence number read from each sink. */
  private readonly sinkReadUpTo = new Map<string, number>();

  /** A stopped sink keeps what it had. */
  private async readSinksNow(): Promise<SinkMessage[]> {
    await Promise.all(
      this.topology.sinks().map(async (sink) => {
        const known = this.sinkMessages.get(sink.getName()) ?? [];
        const fresh = await sink.messages(this.sinkReadUpTo.get(sink.getName()) ?? 0).catch(async (error: Error) => {
          // A sink a step stopped cannot answer and keeps what it had; a running one that fails is a finding.
          if (await sink.isRunning().catch(() => true)) this.sinkErrors.add(`sink ${sink.getName()} could not be read: ${error.message}`);
          return [];
        });
        if (fresh.length) this.sinkReadUpTo.set(sink.getName(), fresh[fresh.length - 1].seq);
        this.sinkMessages.set(sink.getName(), [...known, ...fresh.filter((message) => !this.ofAnotherRun(message))]);
      }),
    );
    return [...this.sinkMessages.values()].flat();
  }

  /**
   * Mail an earlier run on a kept topology sent, which a relay was passing on while it was reset:
   * its Message-ID (or the one it bounces) names that run.
   */
  private ofAnotherRun(message: SinkMessage): boolean {
    return [message.messageId, message.bounceOf].some((id) => id && /@mrh-[^>]*\.harness\.test>?$/.test(id) && !id.includes(`@${this.runId}.harness.test`));
  }

  /** Waits, bounded, until the given messages reached a sink or bounced; a timeout is not an error here. */
  private async settle(ids: string[], what: string): Promise<void> {
    // Mail the client bounced never reaches a sink; its log says so. Read it at most once a second.
    let bounced = new Set<string>();
    let logReadAt = 0;
    const outstanding = async () => {
      const left = this.ledger.outstanding(ids, await this.readSinks(), bounced);
      if (left.length > 0 && Date.now() - logReadAt > 1000) {
        logReadAt = Date.now();
        const { deliveries } = await this.topology.client.deliveryLog();
        bounced = new Set([...deliveries].filter(([, log]) => log.status === 'bounced').map(([id]) => id));
      }
      return left;
    };
    try {
      await waitUntil(async () => ((await outstanding()).length === 0 ? true : undefined), { what, timeoutMs: this.settleMs, intervalMs: 100 });
    } catch {
      const left = await outstanding();
      this.progress.info(`${left.length} of ${ids.length} messages not arrived after ${this.clock.describe(this.settleMs, 1)}: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', ...' : ''}`);
    }
  }

  async verdict(durationMs: number): Promise<ScenarioResult> {
    const [sinkMessages, clientQueue, { deliveries: clientLog, attempts, connections }, clientWarnings] = await Promise.all([
      this.readSinks(),
      this.topology.client.queue(),
      // A log stamped at the client's clock is read at real time, as every other record is.
      this.topology.client.deliveryLog().then((log) => (clientMta(this.topology.clientKind).logClock === 'client' ? inRealTime(log, this.clock) : log)),
      this.topology.client.configWarnings(),
    ]);
    const [{ found: relayQueues, asked: relaysAsked }, relayHandoffs] = await Promise.all([this.relayQueues(sinkMessages, clientQueue), this.relayHandoffs(sinkMessages)]);
    const messages = this.ledger.outcomes({
      sinkMessages,
      clientQueue,
      clientLog,
      attempts,
      relayQueues,
      relaysAsked,
      servers: this.topology.identities,
      timeline: { faults: this.faults.history, startedAtMs: this.startedAt },
      relayHandoffs,
    });
    const identities = this.topology.identities;
    const clientTimeouts = this.faults.history.length ? await this.topology.client.faultTimeouts() : {};
    const failovers = failoverTimes(this.faults.history, messages, this.startedAt, identities, clientTimeouts, this.clock, connections);
    const heldThrough = heldThroughFaults(this.faults.history, messages, this.startedAt, identities);
    this.stepChecks.push(...(await this.relayWitnesses(messages)));
    const sessions = connections ?? [];
    const expectations = judgeMessages(this.scenario, messages, identities, this.stepChecks, failovers, sessions);
    return {
      scenario: this.scenario.name,
      description: this.scenario.description,
      source: this.scenario.source,
      startedAt: new Date(this.startedAt).toISOString(),
      steps: this.timings,
      topology: this.topology.summary(),
      runId: this.runId,
      client: { mta: this.topology.clientKind, version: await this.clientVersion() },
      clock: { timing: this.scenario.timing ?? 'test', speed: this.clock.speed, precisionMs: this.clock.precisionMs() },
      passed: expectations.every((expectation) => expectation.passed),
      durationMs,
      messages,
      expectations,
      identities,
      stepChecks: this.stepChecks,
      failovers,
      ...(sessions.some((session) => session.result) ? { sessions } : {}),
      ...(heldThrough.length ? { heldThrough } : {}),
      ...(this.chaosPlayed.length ? { chaos: this.chaosPlayed } : {}),
      findings: [
        ...(this.scenario.notes ?? []),
        ...clientWarnings.map((warning) => `client: ${warning}`),
        ...this.sinkErrors,
        ...this.topology.members().flatMap(([, member]) => member.exitsAfterStart),
      ],
    };
  }

  /**
   * The relays' own logs as witnesses: every message attributed to a relay that logs receipts must
   * be in that relay's log, so a carried-by never rests on the client's word or the headers alone.
   */
  private async relayWitnesses(messages: MessageOutcome[]): Promise<ExpectationResult[]> {
    const carried = messages.flatMap((message) => message.deliveries.flatMap((d) => (d.carriedBy ? [{ relay: d.carriedBy, messageId: message.messageId }] : [])));
    const witnesses = [...this.topology.servers].flatMap(([name, server]): [string, ReceiptLogger][] =>
      logsReceipts(server) && carried.some((c) => c.relay === name) ? [[name, server]] : []);
    if (witnesses.length === 0) return [];
    const logs = new Map(await Promise.all(witnesses.map(async ([name, server]) => [name, await server.receivedMessageIds().catch(() => undefined)] as const)));
    const unseen = carried.filter((c) => logs.has(c.relay) && logs.get(c.relay) && !logs.get(c.relay)!.has(c.messageId));
    const checked = carried.filter((c) => logs.get(c.relay));
    return [{
      description: "each carried-by agrees with the relay's own log",
      passed: unseen.length === 0,
      detail: unseen.length ? `not in the relay's log: ${unseen.slice(0, 5).map((c) => `${c.messageId} (${c.relay})`).join(', ')}` : `${checked.length} deliveries found in their relays' logs`,
    }];
  }

  /**
   * When a message arrived twice: what the relays' own logs say they passed on without learning
   * whether the next hop took it (a second copy that relay made itself).
   */
  private async relayHandoffs(sinkMessages: SinkMessage[]): Promise<RelayHandoffs | undefined> {
    const ids = sinkMessages.map((message) => message.harnessId).filter(Boolean);
    if (new Set(ids).size === ids.length) return undefined;
    const handoffs: RelayHandoffs = new Map();
    await Promise.all([...this.topology.servers].map(async ([name, server]) => {
      if (!logsReceipts(server)) return;
      // A stopped relay's log is still there to read; one that cannot be read explains nothing.
      for (const [messageId, reply] of await server.uncertainHandoffs().catch(() => new Map<string, string>())) handoffs.set(messageId, { relay: name, reply });
    }));
    return handoffs;
  }

  /** The client's version as its own MTA prints it (the registry's command, run in its container). */
  private async clientVersion(): Promise<string> {
    const asked = await this.topology.client.exec(['sh', '-c', clientMta(this.topology.clientKind).versionCommand]).catch(() => undefined);
    return asked?.exitCode === 0 ? asked.stdout.trim() : 'unknown';
  }

  /** When the client has handed off mail the sink never got, looks for it in the relays' queues. */
  private async relayQueues(sinkMessages: SinkMessage[], clientQueue: QueueEntry[]) {
    const found = new Map<string, { relay: string; entry: QueueEntry }>();
    const asked = new Set<string>();
    const inClientQueue = new Set(clientQueue.map((entry) => entry.queueId));
    const handedOff = this.ledger.undelivered(sinkMessages).filter((entry) => !inClientQueue.has(entry.queueId ?? ''));
    if (handedOff.length === 0) return { found, asked };
    for (const [name, server] of this.topology.servers) {
      if (!reportsQueue(server)) continue;
      // A stopped relay cannot be asked; its mail stays "missing", never "lost", until it is started again.
      const queued = await server.queuedHarnessIds().catch(() => undefined);
      if (!queued) continue;
      asked.add(name);
      for (const [id, entry] of queued) found.set(id, { relay: name, entry });
    }
    return { found, asked };
  }

  close(): void {
    this.sender.close();
  }
}
