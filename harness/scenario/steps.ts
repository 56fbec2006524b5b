import type { ContainerFault, SmtpStage } from '../model/fault-record';
export type { ContainerFault, SmtpStage } from '../model/fault-record';
/** Send `count` messages through the client; optionally say which relay(s) must carry each. */
export interface SendStep {
  kind: 'send';
  count: number;
  expectCarriedBy?: string[];
  /** Wait until these messages arrive (or bounce) before the next step. Default true. */
  settle: boolean;
  /** Envelope and header sender; default harness@<domain>. */
  from?: string;
  /** Submit one message every `intervalMs` instead of all at once, so that a scheduled fault falls between them. */
  intervalMs?: number;
}

/** Take a server off the network, as `podman stop` does in the article. */
export interface StopStep {
  kind: 'stop';
  server: string;
}

/** Bring a stopped server back and wait until it serves. */
export interface StartStep {
  kind: 'start';
  server: string;
}

export interface WaitStep {
  kind: 'wait';
  ms: number;
}

/** Change the zone while mail flows: nsupdate commands (RFC 2136) sent to the scenario's BIND. */
export interface ChangeDnsStep {
  kind: 'change-dns';
  /** e.g. "update delete _submission._tcp.example-domain.com SRV" lines; {{name}} placeholders allowed. */
  commands: string;
}

/** Check, now, that every message not yet delivered waits in the client's queue and none bounced. */
export interface ExpectQueuedStep {
  kind: 'expect-queued';
}

/**
 * When a fault begins and ends. Without `at` or `afterMessage` it begins when the story reaches
 * it; with one of them the story goes on at once and the fault begins in the background, while
 * later steps send mail. `forMs` after it began, the harness heals it.
 */
export interface FaultTiming {
  forMs?: number;
  /** Begin this many ms after the story's first step began. */
  at?: number;
  /** Begin once this many of the run's messages have reached the sink (or bounced). */
  afterMessage?: number;
}

/**
 * How a server (relay, sink or the DNS) fails, as real outages look:
 * - kill: SIGKILL, no goodbye; the address stops answering (connects time out)
 * - pause: frozen; the TCP handshake may complete, the greeting never comes
 * - disconnect: off the network (a partition): connects time out
 * - refuse: the host is up, the SMTP port closed: connection refused at once (Postfix relays)
 * - restart: stopped and started again, back when it serves
 */


export interface FaultStep extends FaultTiming {
  kind: 'fault';
  server: string;
  fault: ContainerFault;
}

/**
 * Where in the SMTP conversation a relay misbehaves: the greeting, its answer to HELO/EHLO,
 * MAIL FROM, RCPT TO, the DATA command, or the end of the message (after the body).
 */


/** How a relay misbehaves at a stage: answer a reply, answer late, lose the message, or hang up. */
export interface SmtpFaultOptions extends FaultTiming {
  stage: SmtpStage;
  /** Answer this (e.g. "451 4.3.0 try later") instead of going on. */
  reply?: string;
  /** Wait this long before answering: a delayed greeting, slow acceptance of the message. */
  delayMs?: number;
  /** At end-of-data: answer 250 and lose the message (a black hole). */
  blackHole?: boolean;
  /** At data: close the connection while the body arrives (the node relay). */
  dropConnection?: boolean;
}

/** A relay misbehaves at one SMTP stage: Postfix by its own restrictions, the node relay by its hooks. */
export interface SmtpFaultStep extends SmtpFaultOptions {
  kind: 'smtp-fault';
  server: string;
}

/** The DNS answers SERVFAIL for one name and those below it, as when its zone fails to load. */
export interface ServfailStep extends FaultTiming {
  kind: 'servfail';
  name: string;
}

/** Undo every fault on a server: unpause, reconnect, start, reopen, clear SMTP faults. */
export interface HealStep {
  kind: 'heal';
  server: string;
}

/** The faults chaos draws from, by the names a scenario gives them. */
export const CHAOS_KINDS = ['kill', 'pause', 'disconnect', 'refuse', 'restart', '4xx', '5xx', 'slow-greeting', 'black-hole'] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

/** What chaos plays unless told otherwise: every kind after which a relay's mail must still arrive once. */
export const DEFAULT_CHAOS_KINDS: readonly ChaosKind[] = ['kill', 'pause', 'disconnect', 'refuse', 'restart', '4xx', 'slow-greeting'];

export interface ChaosOptions {
  /** The same seed gives the same schedule. */
  seed: number;
  /** The servers faults may hit (relays, the sink, or 'dns'). */
  servers: string[];
  /** Which faults to draw from; default DEFAULT_CHAOS_KINDS. */
  kinds?: ChaosKind[];
  /** How many faults to play; default 10. */
  faults?: number;
  /** One fault begins every `everyMs` (plus up to half of it, drawn), from when the story reaches the step. */
  everyMs: number;
  /** How long each fault lasts: a number, or [min, max] to draw from. A restart lasts as long as it takes. */
  forMs: number | [number, number];
  /** Never break every relay of the scenario at once; default true. */
  keepOneUp?: boolean;
}

export interface ChaosStep extends Required<Omit<ChaosOptions, 'forMs'>> {
  kind: 'chaos';
  forMs: [number, number];
}

export type Step = SendStep | StopStep | StartStep | WaitStep | ChangeDnsStep | ExpectQueuedStep | FaultStep | SmtpFaultStep | ServfailStep | HealStep | ChaosStep;

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
