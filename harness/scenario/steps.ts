import { z } from 'zod';
import { CONTAINER_FAULTS, type ContainerFault } from '../model/fault-record';
import { duration, smtpFaultShape } from '../model/smtp-fault';
import { serverName } from '../servers/server-fields';
export type { ContainerFault, SmtpStage } from '../model/fault-record';

// Each step's shape is its schema; its type is inferred from it, so the two cannot drift apart.

/** What a change-dns step may say; the harness adds `server` and `send` itself. */
const DNS_NAME = /^([a-z0-9_]([a-z0-9_-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\.?$/i;

/**
 * When a fault begins and ends. Without `at` or `afterMessage` it begins when the story reaches
 * it; with one of them the story goes on at once and the fault begins in the background, while
 * later steps send mail. `forMs` after it began, the harness heals it.
 */
const faultTiming = {
  forMs: duration.optional(),
  /** Begin this many ms after the story's first step began. */
  at: z.number().int().min(0).max(600_000).optional(),
  /** Begin once this many of the run's messages have reached the sink (or bounced). */
  afterMessage: z.number().int().min(1).max(100_000).optional(),
};
export type FaultTiming = z.infer<z.ZodObject<typeof faultTiming>>;

/** Send `count` messages through the client; optionally say which relay(s) must carry each. */
export const sendSchema = z.strictObject({
  kind: z.literal('send'),
  count: z.number().int().min(1).max(100_000),
  expectCarriedBy: z.array(serverName).min(1).optional(),
  /** Wait until these messages arrive (or bounce) before the next step. Default true. */
  settle: z.boolean(),
  /** Envelope and header sender; default harness@<domain>. */
  from: z.email().optional(),
  /** Submit one message every `intervalMs` instead of all at once, so that a scheduled fault falls between them. */
  intervalMs: z.number().int().min(1).max(60_000).optional(),
});
export type SendStep = z.infer<typeof sendSchema>;

/** Take a server off the network, as `podman stop` does in the article. */
export const stopSchema = z.strictObject({ kind: z.literal('stop'), server: z.string() });
export type StopStep = z.infer<typeof stopSchema>;

/** Bring a stopped server back and wait until it serves. */
export const startSchema = z.strictObject({ kind: z.literal('start'), server: z.string() });
export type StartStep = z.infer<typeof startSchema>;

export const waitSchema = z.strictObject({ kind: z.literal('wait'), ms: z.number().int().min(0).max(600_000) });
export type WaitStep = z.infer<typeof waitSchema>;

/** Change the zone while mail flows: nsupdate commands (RFC 2136) sent to the scenario's BIND. */
export const changeDnsSchema = z.strictObject({
  kind: z.literal('change-dns'),
  /** e.g. "update delete _submission._tcp.example-domain.com SRV" lines; {{name}} placeholders allowed. */
  commands: z.string().min(1),
});
export type ChangeDnsStep = z.infer<typeof changeDnsSchema>;

/** Check, now, that every message not yet delivered waits in the client's queue and none bounced. */
export const expectQueuedSchema = z.strictObject({ kind: z.literal('expect-queued') });
export type ExpectQueuedStep = z.infer<typeof expectQueuedSchema>;

/**
 * How a server (relay, sink or the DNS) fails, as real outages look:
 * - kill: SIGKILL, no goodbye; the address stops answering (connects time out)
 * - pause: frozen; the TCP handshake may complete, the greeting never comes
 * - disconnect: off the network (a partition): connects time out
 * - refuse: the host is up, the SMTP port closed: connection refused at once (Postfix relays)
 * - restart: stopped and started again, back when it serves
 */
export const faultSchema = z.strictObject({ kind: z.literal('fault'), server: z.string(), fault: z.enum(CONTAINER_FAULTS), ...faultTiming });
export type FaultStep = z.infer<typeof faultSchema>;

/** An SMTP fault (model/smtp-fault), and when it begins and ends. */
const smtpFaultFields = { ...smtpFaultShape, ...faultTiming };
export type SmtpFaultOptions = z.infer<z.ZodObject<typeof smtpFaultFields>>;

/** A relay misbehaves at one SMTP stage: Postfix by its own restrictions, the node relay by its hooks. */
export const smtpFaultSchema = z.strictObject({ kind: z.literal('smtp-fault'), server: z.string(), ...smtpFaultFields });
export type SmtpFaultStep = z.infer<typeof smtpFaultSchema>;

/** The DNS answers SERVFAIL for one name and those below it, as when its zone fails to load. */
export const servfailSchema = z.strictObject({ kind: z.literal('servfail'), name: z.string().regex(DNS_NAME, 'must be a DNS name'), ...faultTiming });
export type ServfailStep = z.infer<typeof servfailSchema>;

/** Undo every fault on a server: unpause, reconnect, start, reopen, clear SMTP faults. */
export const healSchema = z.strictObject({ kind: z.literal('heal'), server: z.string() });
export type HealStep = z.infer<typeof healSchema>;

/** The faults chaos draws from, by the names a scenario gives them. */
export const CHAOS_KINDS = ['kill', 'pause', 'disconnect', 'refuse', 'restart', '4xx', '5xx', 'slow-greeting', 'black-hole'] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

/** What chaos plays unless told otherwise: every kind after which a relay's mail must still arrive once. */
export const DEFAULT_CHAOS_KINDS: readonly ChaosKind[] = ['kill', 'pause', 'disconnect', 'refuse', 'restart', '4xx', 'slow-greeting'];

const chaosDuration = z.number().int().min(100).max(600_000);
/** Seeded chaos as the story plays it: every option given, `forMs` as [min, max]. */
export const chaosSchema = z.strictObject({
  kind: z.literal('chaos'),
  /** The same seed gives the same schedule. */
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  /** The servers faults may hit (relays, the sink, or 'dns'). */
  servers: z.array(z.string()).min(1),
  kinds: z.array(z.enum(CHAOS_KINDS)).min(1),
  faults: z.number().int().min(1).max(1000),
  /** One fault begins every `everyMs` (plus up to half of it, drawn), from when the story reaches the step. */
  everyMs: chaosDuration,
  /** How long each fault lasts, drawn from [min, max]. A restart lasts as long as it takes. */
  forMs: z.tuple([chaosDuration, chaosDuration]).refine(([min, max]) => min <= max, 'must be a duration or [min, max] with min <= max'),
  /** Never break every relay of the scenario at once. */
  keepOneUp: z.boolean(),
});
export type ChaosStep = z.infer<typeof chaosSchema>;

/** Chaos as a scenario writes it: the schedule's seed, servers and pace; the rest has defaults. */
export interface ChaosOptions extends Pick<ChaosStep, 'seed' | 'servers' | 'everyMs'> {
  /** Which faults to draw from; default DEFAULT_CHAOS_KINDS. */
  kinds?: ChaosKind[];
  /** How many faults to play; default 10. */
  faults?: number;
  /** How long each fault lasts: a number, or [min, max] to draw from. */
  forMs: number | [number, number];
  /** Never break every relay of the scenario at once; default true. */
  keepOneUp?: boolean;
}

/** The schema of any step; each kind's behaviour is its entry in the step registry. */
export const stepSchema = z.discriminatedUnion('kind', [
  sendSchema, stopSchema, startSchema, waitSchema, changeDnsSchema, expectQueuedSchema, faultSchema, smtpFaultSchema, servfailSchema, healSchema, chaosSchema,
]);
export type Step = z.infer<typeof stepSchema>;

/** A step that breaks something, and so may be scheduled and timed. */
export type FaultingStep = FaultStep | SmtpFaultStep | ServfailStep;

export function send(count: number, options: { expectCarriedBy?: string | string[]; settle?: boolean; from?: string; intervalMs?: number } = {}): SendStep {
  const expected = options.expectCarriedBy;
  // Every option is kept, a misspelt one too, so that validation names it instead of it being dropped here.
  return {
    kind: 'send',
    count,
    ...options,
    expectCarriedBy: expected === undefined ? undefined : ([] as string[]).concat(expected),
    settle: options.settle ?? true,
  };
}

export const stop = (server: string): StopStep => ({ kind: 'stop', server });
export const start = (server: string): StartStep => ({ kind: 'start', server });
export const wait = (ms: number): WaitStep => ({ kind: 'wait', ms });
export const changeDns = (commands: string): ChangeDnsStep => ({ kind: 'change-dns', commands });
export const expectQueued = (): ExpectQueuedStep => ({ kind: 'expect-queued' });

const fault = (kind: ContainerFault) => (server: string, timing: FaultTiming = {}): FaultStep => ({ kind: 'fault', server, fault: kind, ...timing });
/** SIGKILL: the server dies without a goodbye. */
export const kill = fault('kill');
/** Frozen: connections are accepted by the kernel, the greeting never comes. */
export const pause = fault('pause');
/** A network partition: the server is up but unreachable. */
export const disconnect = fault('disconnect');
/** The host answers, the SMTP port is closed. */
export const refuse = fault('refuse');
/** Stopped and started again. */
export const restart = fault('restart');
export const heal = (server: string): HealStep => ({ kind: 'heal', server });
/** SERVFAIL for `name` from the scenario's DNS; `heal('dns')` ends it. */
export const servfail = (name: string, timing: FaultTiming = {}): ServfailStep => ({ kind: 'servfail', name, ...timing });

export function smtpFault(server: string, options: SmtpFaultOptions): SmtpFaultStep {
  return { kind: 'smtp-fault', server, ...options };
}

/** The relay accepts each message (250 after the body) and loses it. */
export const blackHole = (server: string, timing: FaultTiming = {}): SmtpFaultStep =>
  smtpFault(server, { stage: 'end-of-data', blackHole: true, ...timing });

/** The relay hangs up while the message body arrives (a node relay). */
export const dropMidData = (server: string, timing: FaultTiming = {}): SmtpFaultStep =>
  smtpFault(server, { stage: 'data', dropConnection: true, ...timing });

/**
 * Seeded chaos: a schedule of faults drawn from the seed over the named servers, played in the
 * background while later steps send mail. The same seed gives the same schedule.
 */
export function chaos(options: ChaosOptions): ChaosStep {
  const forMs: [number, number] = typeof options.forMs === 'number' ? [options.forMs, options.forMs] : options.forMs;
  return {
    ...options,
    kind: 'chaos',
    seed: options.seed,
    servers: options.servers,
    kinds: options.kinds ?? [...DEFAULT_CHAOS_KINDS],
    faults: options.faults ?? 10,
    everyMs: options.everyMs,
    forMs,
    keepOneUp: options.keepOneUp ?? true,
  };
}
