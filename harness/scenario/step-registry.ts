import { z } from 'zod';
import {
  CHAOS_KINDS,
  type ChaosStep, type ChangeDnsStep, type ExpectQueuedStep, type FaultStep, type FaultTiming, type FaultingStep, type HealStep, type SendStep,
  type ServfailStep, type SmtpFaultStep, type StartStep, type Step, type StopStep, type WaitStep,
} from './steps';
import { chaosSchedule, isGap, playable, type ChaosContext } from './chaos-schedule';
import type { ServerSpec } from './servers';
import { smtpFaultProblems } from './smtp-fault-support';

/** What a step may ask of the run it is part of. */
export interface StoryContext {
  sendMessages(step: SendStep, index: number): Promise<void>;
  checkQueued(index: number): Promise<void>;
  changeDns(commands: string): Promise<void>;
  stopServer(name: string): Promise<void>;
  startServer(name: string): Promise<void>;
  fault(step: FaultStep): Promise<void>;
  smtpFault(step: SmtpFaultStep): Promise<void>;
  servfail(step: ServfailStep): Promise<void>;
  heal(name: string): Promise<void>;
  /** Begins a chaos schedule in the background; the story goes on at once. */
  chaos(step: ChaosStep, index: number): Promise<void>;
  sleep(ms: number): Promise<void>;
}

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
}

type Registry = { [K in Step['kind']]: StepKind<Extract<Step, { kind: K }>> };

const serverName = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be a lowercase DNS label (letters, digits, hyphens)');
const timing = {
  forMs: z.number().int().min(1).max(600_000).optional(),
  at: z.number().int().min(0).max(600_000).optional(),
  afterMessage: z.number().int().min(1).max(100_000).optional(),
};
// DNS is a member that faults may hit too; the client is what is being tested, never faulted.
const FAULTABLE_MEMBERS = new Set(['dns']);

function unknownServer(name: string, context: StepCheckContext, allowDns = false): string[] {
  if (context.servers.has(name) || (allowDns && FAULTABLE_MEMBERS.has(name))) return [];
  return [`names unknown server "${name}"; servers are ${[...context.servers.keys()].join(', ')}${allowDns ? ', dns' : ''}`];
}

/** What a change-dns step may say; the harness adds `server` and `send` itself. */
const NSUPDATE_LINE = /^(update\s+(add|delete|del)\s+\S|prereq\s+(nxdomain|yxdomain|nxrrset|yxrrset)\s+\S|ttl\s+\d+$|class\s+\S+$)/i;
const REPLY = /^[45]\d\d( [45]\.\d{1,3}\.\d{1,3})? [^\r\n{}]+$/;
const forText = (step: FaultTiming) =>
  (step.at !== undefined ? ` at ${step.at} ms` : '') +
  (step.afterMessage !== undefined ? ` after message ${step.afterMessage}` : '') +
  (step.forMs ? ` for ${step.forMs} ms` : '');

/** A fault's own moments at real time. */
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

const DNS_NAME = /^([a-z0-9_]([a-z0-9_-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\.?$/i;

export const STEP_KINDS: Registry = {
  send: {
    schema: z.strictObject({
      kind: z.literal('send'),
      count: z.number().int().min(1).max(100_000),
      expectCarriedBy: z.array(serverName).min(1).optional(),
      settle: z.boolean(),
      from: z.email().optional(),
      intervalMs: z.number().int().min(1).max(60_000).optional(),
    }),
    problems: (step, context) =>
      (step.expectCarriedBy ?? []).filter((relay) => !context.relays.has(relay)).map((relay) => `expects carriage by "${relay}", which is not a relay of this scenario`),
    describe: (step) =>
      `send ${step.count} message${step.count === 1 ? '' : 's'}` +
      (step.from ? ` from ${step.from}` : '') +
      (step.intervalMs ? `, one every ${step.intervalMs} ms` : '') +
      (step.expectCarriedBy ? ` (expect carried by ${step.expectCarriedBy.join(' or ')})` : ''),
    run: (step, story, index) => story.sendMessages(step, index),
    inRealTime: (step, real) => (step.intervalMs ? { ...step, intervalMs: real(step.intervalMs) } : step),
  },
  stop: {
    schema: z.strictObject({ kind: z.literal('stop'), server: z.string() }) as z.ZodType<StopStep>,
    problems: (step, context) => unknownServer(step.server, context),
    describe: (step) => `stop ${step.server}`,
    run: (step, story) => story.stopServer(step.server),
  },
  start: {
    schema: z.strictObject({ kind: z.literal('start'), server: z.string() }) as z.ZodType<StartStep>,
    problems: (step, context) => {
      const unknown = unknownServer(step.server, context);
      // The engine would say "container already started" after every container had started.
      return unknown.length || context.down.has(step.server) ? unknown : [`starts ${step.server}, which no earlier step stopped or killed: it is running`];
    },
    describe: (step) => `start ${step.server}`,
    run: (step, story) => story.startServer(step.server),
  },
  wait: {
    schema: z.strictObject({ kind: z.literal('wait'), ms: z.number().int().min(0).max(600_000) }) as z.ZodType<WaitStep>,
    problems: () => [],
    describe: (step) => `wait ${step.ms} ms`,
    run: (step, story) => story.sleep(step.ms),
    inRealTime: (step, real) => ({ ...step, ms: real(step.ms) }),
  },
  'change-dns': {
    schema: z.strictObject({ kind: z.literal('change-dns'), commands: z.string().min(1) }) as z.ZodType<ChangeDnsStep>,
    problems: (step) =>
      step.commands.split('\n').map((line) => line.trim()).flatMap((line, n) =>
        line && !line.startsWith(';') && !NSUPDATE_LINE.test(line)
          ? [`line ${n + 1}: "${line}" is not an nsupdate "update add|delete", "prereq", "ttl" or "class" command`]
          : []),
    describe: (step) => `change DNS (${step.commands.trim().split('\n').length} update lines)`,
    run: (step, story) => story.changeDns(step.commands),
  },
  'expect-queued': {
    schema: z.strictObject({ kind: z.literal('expect-queued') }) as z.ZodType<ExpectQueuedStep>,
    problems: () => [],
    describe: () => 'check the client queue holds every undelivered message',
    run: (_step, story, index) => story.checkQueued(index),
  },
  fault: {
    schema: z.strictObject({ kind: z.literal('fault'), server: z.string(), fault: z.enum(['kill', 'pause', 'disconnect', 'refuse', 'restart']), ...timing }) as z.ZodType<FaultStep>,
    problems: (step, context) => {
      const unknown = unknownServer(step.server, context, true);
      if (unknown.length) return unknown;
      if (step.fault === 'refuse' && context.servers.get(step.server)?.kind !== 'postfix-relay') return [`refuse closes a Postfix relay's SMTP port; ${step.server} is not a Postfix relay`];
      if (step.fault === 'restart' && step.forMs) return ['restart has no duration (it is over once the server serves again)'];
      return timingProblems(step, context);
    },
    describe: (step) => `${step.fault} ${step.server}${forText(step)}`,
    run: (step, story) => story.fault(step),
    inRealTime: timingInRealTime,
  },
  'smtp-fault': {
    schema: z.strictObject({
      kind: z.literal('smtp-fault'),
      server: z.string(),
      stage: z.enum(['greeting', 'helo', 'mail', 'rcpt', 'data', 'end-of-data']),
      reply: z.string().regex(REPLY, 'must be an SMTP reply such as "451 4.3.0 try again later" (4xx or 5xx, one line, no braces)').optional(),
      delayMs: z.number().int().min(1).max(600_000).optional(),
      blackHole: z.boolean().optional(),
      dropConnection: z.boolean().optional(),
      ...timing,
    }) as z.ZodType<SmtpFaultStep>,
    problems: (step, context) => {
      const unknown = unknownServer(step.server, context);
      if (unknown.length) return unknown;
      return [...smtpFaultProblems(step, context.servers.get(step.server)!, context.speed), ...timingProblems(step, context)];
    },
    describe: (step) => `${step.server} ${smtpFaultText(step)}${forText(step)}`,
    run: (step, story) => story.smtpFault(step),
    inRealTime: (step, real) => ({ ...timingInRealTime(step, real), ...(step.delayMs ? { delayMs: real(step.delayMs) } : {}) }),
  },
  servfail: {
    schema: z.strictObject({ kind: z.literal('servfail'), name: z.string().regex(DNS_NAME, 'must be a DNS name'), ...timing }) as z.ZodType<ServfailStep>,
    problems: (step, context) => {
      const name = step.name.toLowerCase().replace(/\.$/, '');
      const problems = name === context.domain || name.endsWith(`.${context.domain}`) ? [] : [`names ${step.name}, which is not in the scenario's domain ${context.domain}`];
      return [...problems, ...timingProblems(step, context)];
    },
    describe: (step) => `DNS answers SERVFAIL for ${step.name}${forText(step)}`,
    run: (step, story) => story.servfail(step),
    inRealTime: timingInRealTime,
  },
  heal: {
    schema: z.strictObject({ kind: z.literal('heal'), server: z.string() }) as z.ZodType<HealStep>,
    problems: (step, context) => unknownServer(step.server, context, true),
    describe: (step) => `heal ${step.server}`,
    run: (step, story) => story.heal(step.server),
  },
  chaos: {
    schema: z.strictObject({
      kind: z.literal('chaos'),
      seed: z.number().int().min(0).max(2 ** 32 - 1),
      servers: z.array(z.string()).min(1),
      kinds: z.array(z.enum(CHAOS_KINDS)).min(1),
      faults: z.number().int().min(1).max(1000),
      everyMs: z.number().int().min(100).max(600_000),
      forMs: z.tuple([z.number().int().min(100).max(600_000), z.number().int().min(100).max(600_000)]).refine(([min, max]) => min <= max, 'must be a duration or [min, max] with min <= max'),
      keepOneUp: z.boolean(),
    }) as z.ZodType<ChaosStep>,
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
    run: (step, story, index) => story.chaos(step, index),
    inRealTime: (step, real) => ({ ...step, everyMs: real(step.everyMs), forMs: [real(step.forMs[0]), real(step.forMs[1])] }),
  },
};

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

export function stepProblems(step: Step, context: StepCheckContext): string[] {
  return (STEP_KINDS[step.kind] as StepKind<Step>).problems(step, context);
}

/** The schema of any step, from the registry. */
export const stepSchema = z.discriminatedUnion('kind', Object.values(STEP_KINDS).map((kind) => kind.schema) as unknown as [z.ZodObject, ...z.ZodObject[]]);
