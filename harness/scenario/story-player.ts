import type { SentMessage } from '../mail/mail-sender';
import type { StartedSinkContainer } from '../containers/sink-container';
import { FaultInjector, type FaultTopology } from '../topology/fault-injector';
import type { ChaosRecord, ScenarioResult, StepTiming, TopologySummary } from '../report/scenario-result';
import type { Progress } from '../util/progress';
import { waitUntil, sleep } from '../util/wait-until';
import type { ScenarioDefinition } from './define-scenario';
import type { FaultingStep, Step } from './steps';
import { chaosContextOf, describeStep, runStep, stepEffects, stepInRealTime } from './step-registry';
import { ClientClock } from '../model/client-clock';
import { runSpeed } from '../mta/client-choice';
import { clockOfClient } from '../mta/client-clock-reading';
import { stepCheckContext } from './validate-scenario';
import type { ExpectationResult } from './expectations';
import { clientMta } from '../mta/registry';
import { SinkWatch } from './sink-watch';
import { StoryMail, type StoryClient } from './story-mail';
import type { StoryContext } from './story-context';
import { gatherEvidence, type EvidenceSources } from './run-evidence';
import { runVerdict } from './run-verdict';

/**
 * A promise awaited only at the end of the story: marked as handled now, so that a failure before
 * then is not an unhandled rejection that ends the process; awaiting it still throws.
 */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const isScheduled = (step: Step): step is FaultingStep => stepEffects.scheduled(step);

/**
 * What the story needs of a topology: the client, the sinks, the servers to fault and ask, the DNS.
 * A started topology is one; a unit test's stand-in is another, so that the story's scheduling and
 * heal order are tested without containers.
 */
export interface StoryTopology extends FaultTopology, EvidenceSources {
  client: StoryClient & EvidenceSources['client'];
  changeDns(commands: string): Promise<void>;
  sinks(): Pick<StartedSinkContainer, 'getName' | 'messages' | 'isRunning'>[];
  summary(): TopologySummary;
}

/**
 * Plays the scenario's steps against a started topology, then asks for the evidence and the verdict.
 * What each step does is its registry entry's; this only schedules, times and waits.
 */
export class StoryPlayer {
  private readonly sinks: SinkWatch;
  private readonly mail: StoryMail;
  private readonly faults: FaultInjector;
  /** The client's clock: its speed now, its origin once the story begins. */
  private clock: ClientClock;
  /** The steps as played: their durations at real time. */
  private readonly realSteps: Step[];
  private readonly timings: StepTiming[] = [];
  /** Checks made during the story (expect-queued, a scheduled fault that never began), judged with the expectations. */
  private readonly checks: ExpectationResult[] = [];
  private readonly pendingHeals: Promise<void>[] = [];
  /** Steps begun in the background (a scheduled fault, a chaos fault), awaited before the verdict. */
  private readonly scheduled: Promise<void>[] = [];
  private readonly chaosPlayed: ChaosRecord[] = [];
  private storyStartedAt = 0;
  /** Set once every step ran and the mail settled: an afterMessage not reached by then never will be. */
  private storyOver = false;
  private readonly context: StoryContext;

  constructor(
    private readonly scenario: ScenarioDefinition,
    private readonly topology: StoryTopology,
    /** This run's own id (a reused topology's containers carry the id of the run that started them). */
    private readonly runId: string,
    private readonly progress: Progress,
    /** The run's start, which step times are measured from. */
    private readonly startedAt = Date.now(),
  ) {
    this.faults = new FaultInjector(topology, () => Date.now() - this.startedAt);
    this.clock = new ClientClock(runSpeed(scenario), 0, clientMta(topology.clientKind).deliveryLatencyMs);
    this.realSteps = scenario.steps.map((step) => stepInRealTime(step, (ms) => this.clock.realMs(ms)));
    this.sinks = new SinkWatch(() => topology.sinks(), runId);
    // Only a story that can lose mail at a relay asks the relays after it (see StoryMail.lostAtRelays).
    const relays = scenario.steps.some(stepEffects.losesMail) ? topology : undefined;
    this.mail = new StoryMail(scenario, topology.client, this.sinks, runId, this.clock, progress, relays);
    this.context = {
      faults: this.faults,
      mail: this.mail,
      dns: { change: (commands) => topology.changeDns(commands) },
      sleep,
      healAfter: (member, forMs, fault) => {
        if (forMs && fault) this.pendingHeals.push(handledLater(sleep(forMs).then(() => this.faults.heal(member, [fault]))));
      },
      playLater: (step, index, inMs) => {
        this.scheduled.push(handledLater(sleep(inMs).then(() => this.play(step, index))));
      },
      check: (result) => void this.checks.push(result),
      say: (line) => progress.info(line),
      elapsedMs: () => Date.now() - this.startedAt,
      chaos: { context: chaosContextOf(stepCheckContext(scenario)), played: this.chaosPlayed },
    };
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
    await this.mail.settleUnsettled();
    this.storyOver = true;
    await Promise.all(this.scheduled);
    await Promise.all(this.pendingHeals);
    // Chaos may outlast the sending: once every fault is healed, what is still out has its chance to arrive.
    if (this.chaosPlayed.length > 0) await this.mail.settleAll('the mail still out after the last fault healed');
  }

  private async play(step: Step, index: number): Promise<void> {
    // Said as the scenario wrote it, at the client's clock (a chaos fault is its own step, drawn at real time).
    const written = this.realSteps[index] === step ? this.scenario.steps[index] : step;
    const began = Date.now();
    await runStep(step, this.context, index);
    const ended = Date.now();
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
        arrived = await this.sinks.arrivedCount();
        return arrived >= wanted || over ? true : undefined;
      }, { what: description, timeoutMs: 3_600_000, intervalMs: 100 });
      if (arrived < wanted) {
        this.checks.push({ description, passed: false, detail: `only ${arrived} message${arrived === 1 ? '' : 's'} arrived, so "after message ${wanted}" never came` });
        return;
      }
    }
    await this.play(step, index);
  }

  /** Mail someone else submitted (the walkthrough's reader), as sent by the send step at `index`. */
  recordSubmitted(sent: SentMessage[], index: number): void {
    const step = this.scenario.steps[index];
    this.mail.recordSubmitted(sent, index, step?.kind === 'send' ? step.expectCarriedBy ?? null : null);
  }

  async verdict(durationMs: number): Promise<ScenarioResult> {
    const evidence = await gatherEvidence(this.topology, { ledger: this.mail.ledger, sinks: this.sinks }, this.faults.history, this.clock, this.startedAt);
    return runVerdict(this.scenario, evidence, {
      runId: this.runId,
      startedAtMs: this.startedAt,
      durationMs,
      clock: this.clock,
      steps: this.timings,
      checks: this.checks,
      chaos: this.chaosPlayed,
      topology: this.topology.summary(),
    });
  }

  close(): void {
    this.mail.close();
  }
}
