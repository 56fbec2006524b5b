import { z } from 'zod';
import {
  changeDnsSchema, chaosSchema, expectQueuedSchema, faultSchema, healSchema, sendSchema, servfailSchema, smtpFaultSchema, startSchema, stopSchema, waitSchema,
  type ChaosStep, type FaultTiming, type FaultingStep, type SmtpFaultStep, type Step,
} from './steps';
import { chaosSchedule, isGap, playable, type ChaosContext } from './chaos-schedule';
import { can, type ServerSpec } from '../servers/server-registry';
import { smtpFaultProblems } from './smtp-fault-support';
import type { StoryContext } from './story-context';
import type { ChaosRecord } from '../report/scenario-result';

/** What validation knows of the scenario: its servers by name and kind, its domain, how much mail it sends. */
export interface StepCheckContext {
  servers: Map<string, ServerSpec>;
  relays: Set<string>;
  domain: string;
  /** Messages the scenario's send steps send in all. */
  messagesSent: number;
  /** Servers an earlier step stopped or killed (for good) and no step has started since. */
  down: Set<string>;
  /** The client's clock speed: a relay plays a duration this many times shorter. */
  speed: number;
}

/**
 * One kind of step, in one place: its shape, its checks before anything starts, how it reads in
 * the progress and the report, and what it does. The registry below is typed so that a kind
 * missing any of the four does not compile.
 */
export interface StepKind<S extends Step> {
  schema: z.ZodType<S>;
  /** Problems found before any container starts, each a sentence (without the "step N" prefix). */
  problems(step: S, context: StepCheckContext): string[];
  describe(step: S): string;
  run(step: S, story: StoryContext, index: number): Promise<void>;
  /** The step with its durations (written at the client's clock) as real time at this speed; absent when it has none. */
  inRealTime?(step: S, real: (clientMs: number) => number): S;
  /** True when the step begins at its own moment (`at`, `afterMessage`) while later steps run. */
  scheduled?(step: S): boolean;
  /** Messages the step sends. */
  messages?(step: S): number;
  /** Servers left down after the step until a start; `up`: servers it brings back. */
  takesDown?(step: S): string[];
  bringsUp?(step: S): string[];
  /** Servers whose container the step stops and starts again, so their queue must outlive the container. */
  restarts?(step: S): string[];
  /** Zone text the step carries (DNS updates), checked for placeholders as the zone is. */
  zoneText?(step: S): string;
  /** True when the step may make a relay accept mail and lose it: a settle then asks the relays. */
  losesMail?(step: S): boolean;
  /** Servers the step stops such that one already stopped is as the step leaves it (a stop of a stopped server is nothing). */
  stops?(step: S): string[];
}

type Registry = { [K in Step['kind']]: StepKind<Extract<Step, { kind: K }>> };

// DNS is a member that faults may hit too; the client is what is being tested, never faulted.
const FAULTABLE_MEMBERS = new Set(['dns']);

function unknownServer(name: string, context: StepCheckContext, allowDns = false): string[] {
  if (context.servers.has(name) || (allowDns && FAULTABLE_MEMBERS.has(name))) return [];
  return [`names unknown server "${name}"; servers are ${[...context.servers.keys()].join(', ')}${allowDns ? ', dns' : ''}`];
}

/** What a change-dns step may say; the harness adds `server` and `send` itself. */
const NSUPDATE_LINE = /^(update\s+(add|delete|del)\s+\S|prereq\s+(nxdomain|yxdomain|nxrrset|yxrrset)\s+\S|ttl\s+\d+$|class\s+\S+$)/i;
const forText = (step: FaultTiming) =>
  (step.at !== undefined ? ` at ${step.at} ms` : '') +
  (step.afterMessage !== undefined ? ` after message ${step.afterMessage}` : '') +
  (step.forMs ? ` for ${step.forMs} ms` : '');

/** A fault's own moments at real time. */
const scheduled = (step: FaultTiming) => step.at !== undefined || step.afterMessage !== undefined;

const timingInRealTime = <S extends FaultTiming>(step: S, real: (clientMs: number) => number): S => ({
  ...step,
  ...(step.at !== undefined ? { at: real(step.at) } : {}),
  ...(step.forMs !== undefined ? { forMs: real(step.forMs) } : {}),
});

/** When a fault begins: at most one trigger, and one the scenario's mail can reach. */
function timingProblems(step: FaultTiming, context: StepCheckContext): string[] {
  if (step.at !== undefined && step.afterMessage !== undefined) return ['gives both at and afterMessage; a fault begins at one moment'];
  if (step.afterMessage !== undefined && step.afterMessage > context.messagesSent) {
    return [`begins after message ${step.afterMessage}, but the scenario sends ${context.messagesSent} in all`];
  }
  return [];
}


export const STEP_KINDS: Registry = {
  send: {
    schema: sendSchema,
    problems: (step, context) =>
      (step.expectCarriedBy ?? []).filter((relay) => !context.relays.has(relay)).map((relay) => `expects carriage by "${relay}", which is not a relay of this scenario`),
    describe: (step) =>
      `send ${step.count} message${step.count === 1 ? '' : 's'}` +
      (step.from ? ` from ${step.from}` : '') +
      (step.intervalMs ? `, one every ${step.intervalMs} ms` : '') +
      (step.expectCarriedBy ? ` (expect carried by ${step.expectCarriedBy.join(' or ')})` : ''),
    run: (step, story, index) => story.mail.send(step, index),
    inRealTime: (step, real) => (step.intervalMs ? { ...step, intervalMs: real(step.intervalMs) } : step),
    messages: (step) => step.count,
  },
  stop: {
    schema: stopSchema,
    problems: (step, context) => unknownServer(step.server, context),
    describe: (step) => `stop ${step.server}`,
    run: (step, story) => story.faults.stop(step.server),
    takesDown: (step) => [step.server],
    restarts: (step) => [step.server],
    stops: (step) => [step.server],
  },
  start: {
    schema: startSchema,
    problems: (step, context) => {
      const unknown = unknownServer(step.server, context);
      // The engine would say "container already started" after every container had started.
      return unknown.length || context.down.has(step.server) ? unknown : [`starts ${step.server}, which no earlier step stopped or killed: it is running`];
    },
    describe: (step) => `start ${step.server}`,
    run: (step, story) => story.faults.start(step.server),
    bringsUp: (step) => [step.server],
  },
  wait: {
    schema: waitSchema,
    problems: () => [],
    describe: (step) => `wait ${step.ms} ms`,
    run: (step, story) => story.sleep(step.ms),
    inRealTime: (step, real) => ({ ...step, ms: real(step.ms) }),
  },
  'change-dns': {
    schema: changeDnsSchema,
    problems: (step) =>
      step.commands.split('\n').map((line) => line.trim()).flatMap((line, n) =>
        line && !line.startsWith(';') && !NSUPDATE_LINE.test(line)
          ? [`line ${n + 1}: "${line}" is not an nsupdate "update add|delete", "prereq", "ttl" or "class" command`]
          : []),
    describe: (step) => `change DNS (${step.commands.trim().split('\n').length} update lines)`,
    run: (step, story) => story.dns.change(step.commands),
    zoneText: (step) => step.commands,
  },
  'expect-queued': {
    schema: expectQueuedSchema,
    problems: () => [],
    describe: () => 'check the client queue holds every undelivered message',
    run: async (_step, story, index) => story.check(await story.mail.queueCheck(index)),
  },
  fault: {
    schema: faultSchema,
    problems: (step, context) => {
      const unknown = unknownServer(step.server, context, true);
      if (unknown.length) return unknown;
      const server = context.servers.get(step.server);
      if (step.fault === 'refuse' && !(server && can(server, 'closesPort'))) return [`refuse closes a relay's own SMTP port; ${step.server} cannot close its port (a Postfix relay can)`];
      if (step.fault === 'restart' && step.forMs) return ['restart has no duration (it is over once the server serves again)'];
      return timingProblems(step, context);
    },
    describe: (step) => `${step.fault} ${step.server}${forText(step)}`,
    run: async (step, story) => {
      story.healAfter(step.server, step.forMs, await story.faults.fault(step.server, step.fault));
    },
    inRealTime: timingInRealTime,
    scheduled,
    // A kill with forMs is healed by the harness after that time; one without stays until a start.
    takesDown: (step) => (step.fault === 'kill' && step.forMs === undefined ? [step.server] : []),
    restarts: (step) => (step.fault === 'kill' || step.fault === 'restart' ? [step.server] : []),
  },
  'smtp-fault': {
    schema: smtpFaultSchema,
    problems: (step, context) => {
      const unknown = unknownServer(step.server, context);
      if (unknown.length) return unknown;
      return [...smtpFaultProblems(step, context.servers.get(step.server)!, context.speed), ...timingProblems(step, context)];
    },
    describe: (step) => `${step.server} ${smtpFaultText(step)}${forText(step)}`,
    run: async (step, story) => {
      const { kind: _kind, server, forMs, at: _at, afterMessage: _after, ...fault } = step;
      story.healAfter(server, forMs, await story.faults.smtpFault(server, fault));
    },
    inRealTime: (step, real) => ({ ...timingInRealTime(step, real), ...(step.delayMs ? { delayMs: real(step.delayMs) } : {}) }),
    scheduled,
    losesMail: (step) => step.blackHole === true,
  },
  servfail: {
    schema: servfailSchema,
    problems: (step, context) => {
      const name = step.name.toLowerCase().replace(/\.$/, '');
      const problems = name === context.domain || name.endsWith(`.${context.domain}`) ? [] : [`names ${step.name}, which is not in the scenario's domain ${context.domain}`];
      return [...problems, ...timingProblems(step, context)];
    },
    describe: (step) => `DNS answers SERVFAIL for ${step.name}${forText(step)}`,
    run: async (step, story) => {
      story.healAfter('dns', step.forMs, await story.faults.servfail(step.name));
    },
    inRealTime: timingInRealTime,
    scheduled,
  },
  heal: {
    schema: healSchema,
    problems: (step, context) => unknownServer(step.server, context, true),
    describe: (step) => `heal ${step.server}`,
    run: (step, story) => story.faults.heal(step.server),
  },
  chaos: {
    schema: chaosSchema,
    problems: (step, context) => {
      const unknown = step.servers.flatMap((server) => unknownServer(server, context, true));
      if (unknown.length) return unknown;
      const chaosContext = chaosContextOf(context);
      // A kind no named server can play says why, in the words of the fault's own step.
      const unplayable = step.kinds.filter((kind) => !step.servers.some((server) => playable(kind, server, chaosContext)));
      if (unplayable.length) return [`asks for ${unplayable.join(', ')}, which none of ${step.servers.join(', ')} can play`];
      const placed = chaosSchedule(step, chaosContext).filter((entry) => !isGap(entry)).length;
      if (placed > 0 && placed < step.faults) return [`places only ${placed} of its ${step.faults} faults: the named servers are too few to break so many without breaking every relay at once`];
      if (placed === 0) {
        return [`could break nothing: ${step.keepOneUp ? 'keepOneUp keeps the last relay up, and ' : ''}${step.servers.join(', ')} leave${step.servers.length === 1 ? 's' : ''} no fault to play`];
      }
      return [];
    },
    describe: (step) =>
      `chaos (seed ${step.seed}): ${step.faults} fault${step.faults === 1 ? '' : 's'} of ${step.kinds.join('/')} over ${step.servers.join(', ')}, ` +
      `one every ${step.everyMs}-${step.everyMs * 1.5} ms for ${step.forMs[0] === step.forMs[1] ? step.forMs[0] : step.forMs.join('-')} ms` +
      (step.keepOneUp ? ', one relay kept up' : ''),
    run: async (step, story, index) => playChaos(step, story, index),
    inRealTime: (step, real) => ({ ...step, everyMs: real(step.everyMs), forMs: [real(step.forMs[0]), real(step.forMs[1])] }),
    restarts: (step) => (step.kinds.some((kind) => kind === 'kill' || kind === 'restart') ? step.servers : []),
    losesMail: (step) => step.kinds.includes('black-hole'),
  },
};

/** Draws the schedule from the seed, says it, and plays each fault at its moment while the story goes on. */
function playChaos(step: ChaosStep, story: StoryContext, index: number): void {
  const record: ChaosRecord = { step: index, seed: step.seed, startMs: story.elapsedMs(), schedule: [] };
  story.chaos.played.push(record);
  for (const entry of chaosSchedule(step, story.chaos.context)) {
    if (isGap(entry)) {
      record.schedule.push({ atMs: entry.atMs, skipped: true });
      story.say(`chaos +${(entry.atMs / 1000).toFixed(1)} s: nothing broken (every server that could be is broken, or is the last relay up)`);
      continue;
    }
    const fault = describeStep(entry.step);
    record.schedule.push({ atMs: entry.atMs, server: entry.server, kind: entry.kind, fault, forMs: entry.step.kind === 'fault' && entry.step.fault === 'restart' ? undefined : entry.forMs });
    story.say(`chaos +${(entry.atMs / 1000).toFixed(1)} s: ${fault}`);
    story.playLater(entry.step, index, entry.atMs);
  }
}

/** What a chaos schedule asks of the scenario: its relays, and whether a server can play a fault (the registry's own checks). */
export function chaosContextOf(context: StepCheckContext): ChaosContext {
  return { relays: context.relays, problemsOf: (step: FaultingStep) => stepProblems(step, context) };
}

/** What a relay does wrong, in words: 'answers "451 ..." at rcpt', 'waits 5 s at greeting'. */
function smtpFaultText(step: SmtpFaultStep): string {
  const delay = step.delayMs ? `waits ${step.delayMs / 1000} s` : '';
  const effect = step.blackHole ? 'accepts each message and loses it'
    : step.dropConnection ? 'hangs up during the message body'
    : step.reply ? `answers "${step.reply}"` : '';
  return `${[delay, effect].filter(Boolean).join(', then ')} at ${step.stage}`;
}

/** The step as it reads in the progress and the report. */
export function describeStep(step: Step): string {
  return (STEP_KINDS[step.kind] as StepKind<Step>).describe(step);
}

export function runStep(step: Step, story: StoryContext, index: number): Promise<void> {
  return (STEP_KINDS[step.kind] as StepKind<Step>).run(step, story, index);
}

/** The step as the harness plays it: its durations, written at the client's clock, at real time. */
export function stepInRealTime(step: Step, real: (clientMs: number) => number): Step {
  const kind = STEP_KINDS[step.kind] as StepKind<Step>;
  return kind.inRealTime ? kind.inRealTime(step, real) : step;
}

const kindOf = (step: Step) => STEP_KINDS[step.kind] as StepKind<Step>;

/** What a step does to the scenario beside its own run: each absent answer is none. */
export const stepEffects = {
  scheduled: (step: Step): boolean => kindOf(step).scheduled?.(step) ?? false,
  messages: (step: Step): number => kindOf(step).messages?.(step) ?? 0,
  takesDown: (step: Step): string[] => kindOf(step).takesDown?.(step) ?? [],
  bringsUp: (step: Step): string[] => kindOf(step).bringsUp?.(step) ?? [],
  restarts: (step: Step): string[] => kindOf(step).restarts?.(step) ?? [],
  zoneText: (step: Step): string | undefined => kindOf(step).zoneText?.(step),
  losesMail: (step: Step): boolean => kindOf(step).losesMail?.(step) ?? false,
  stops: (step: Step): string[] => kindOf(step).stops?.(step) ?? [],
};

export function stepProblems(step: Step, context: StepCheckContext): string[] {
  return (STEP_KINDS[step.kind] as StepKind<Step>).problems(step, context);
}

export { stepSchema } from './steps';
