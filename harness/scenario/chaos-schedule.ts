import { seededRandom, type RandomSource } from '../stats/random-source';
import type { SmtpStage } from '../model/fault-record';
import type { ChaosKind, ChaosStep, FaultingStep } from './steps';

/** A 4xx or 5xx may come at any stage a relay answers at; each draw names one. */
const REPLY_STAGES: readonly SmtpStage[] = ['greeting', 'helo', 'mail', 'rcpt', 'end-of-data'];
const REPLIES: Record<'4xx' | '5xx', (stage: SmtpStage) => string> = {
  '4xx': (stage) => (stage === 'greeting' ? '421 4.3.2 chaos: service not available' : '451 4.3.0 chaos: try again later'),
  '5xx': (stage) => (stage === 'greeting' ? '554 5.3.2 chaos: no service' : '554 5.7.1 chaos: rejected'),
};
/** Longer than every client's greeting timeout (5 s in the test timing): a slow greeting is a dead host. */
const SLOW_GREETING_MS = 8000;
/**
 * After a fault is healed its server needs a moment before it serves again (a killed Postfix is
 * started, a reconnected one is routed): not broken again, nor counted as up, until then.
 */
const RECOVERY_MS = 2000;
/** A schedule that finds no server to break in this many slots per fault gives up (the check before start says so). */
const MAX_SLOTS_PER_FAULT = 20;

/** One fault of a chaos schedule: which, where, when (ms after the chaos step began) and for how long. */
export interface ChaosEntry {
  atMs: number;
  server: string;
  kind: ChaosKind;
  /** The fault as a step of its own, with its duration. */
  step: FaultingStep;
  /** How long the server counts as broken when planning (a restart: its planned window). */
  forMs: number;
}

/** A slot where every named server was broken, kept up or able to play none of the kinds. */
export interface ChaosGap {
  atMs: number;
  skipped: true;
}

/** The fault a kind makes on a server, drawn where the kind leaves a choice (the stage of a reply). */
export function chaosFault(kind: ChaosKind, server: string, random: RandomSource, forMs: number): FaultingStep[] {
  switch (kind) {
    case 'kill':
    case 'pause':
    case 'disconnect':
    case 'refuse':
      return [{ kind: 'fault', server, fault: kind, forMs }];
    case 'restart':
      return [{ kind: 'fault', server, fault: 'restart' }];
    case '4xx':
    case '5xx': {
      // Every stage, starting at a drawn one: the caller takes the first the server can play.
      const first = Math.floor(random() * REPLY_STAGES.length);
      return REPLY_STAGES.map((_, i) => REPLY_STAGES[(first + i) % REPLY_STAGES.length]).map((stage) => ({ kind: 'smtp-fault', server, stage, reply: REPLIES[kind](stage), forMs }));
    }
    case 'slow-greeting':
      return [{ kind: 'smtp-fault', server, stage: 'greeting', delayMs: SLOW_GREETING_MS, forMs }];
    case 'black-hole':
      return [{ kind: 'smtp-fault', server, stage: 'end-of-data', blackHole: true, forMs }];
  }
}

/** What the schedule needs to know of the scenario: its relays, and whether a step is one a server can play. */
export interface ChaosContext {
  relays: Set<string>;
  /** Problems with this fault step on its server, as the step registry finds them (empty: it can be played). */
  problemsOf(step: FaultingStep): string[];
}

/**
 * The schedule a seed gives: slot i begins at i × everyMs plus a drawn part of half of it, its fault on a
 * server drawn from those not broken then (and, with keepOneUp, not the last relay up), with a
 * kind drawn from those that server can play. Pure: the same step and scenario give the same schedule.
 */
export function chaosSchedule(step: ChaosStep, context: ChaosContext): (ChaosEntry | ChaosGap)[] {
  const random = seededRandom(step.seed);
  const schedule: (ChaosEntry | ChaosGap)[] = [];
  const entries: ChaosEntry[] = [];
  // A slot where nothing can be broken is a gap; slots go on until `faults` faults are placed.
  for (let i = 0; entries.length < step.faults && i < step.faults * MAX_SLOTS_PER_FAULT; i++) {
    const atMs = i * step.everyMs + Math.floor(random() * (step.everyMs / 2));
    const [min, max] = step.forMs;
    const forMs = min + Math.floor(random() * (max - min + 1));
    // Start times only grow (the drawn part is under half a slot), so a server is busy now when
    // an earlier fault on it, with its recovery, has not ended by the time this one begins.
    const busy = new Set(entries.filter((e) => e.atMs + e.forMs + RECOVERY_MS > atMs).map((e) => e.server));
    const upRelays = [...context.relays].filter((relay) => !busy.has(relay));
    const choices = step.servers
      .filter((server) => !busy.has(server))
      .filter((server) => !step.keepOneUp || !context.relays.has(server) || upRelays.some((relay) => relay !== server))
      .map((server) => ({ server, kinds: step.kinds.filter((kind) => playable(kind, server, context)) }))
      .filter((choice) => choice.kinds.length > 0);
    if (choices.length === 0) {
      schedule.push({ atMs, skipped: true });
      continue;
    }
    const { server, kinds } = choices[Math.floor(random() * choices.length)];
    const kind = kinds[Math.floor(random() * kinds.length)];
    const fault = chaosFault(kind, server, random, forMs).find((candidate) => context.problemsOf(candidate).length === 0)!;
    const entry: ChaosEntry = { atMs, server, kind, step: fault, forMs };
    entries.push(entry);
    schedule.push(entry);
  }
  return schedule;
}

/** Whether a server can play some form of a kind (for a reply: at some stage). */
export function playable(kind: ChaosKind, server: string, context: ChaosContext): boolean {
  return chaosFault(kind, server, () => 0, 1000).some((step) => context.problemsOf(step).length === 0);
}

export const isGap = (entry: ChaosEntry | ChaosGap): entry is ChaosGap => 'skipped' in entry;
