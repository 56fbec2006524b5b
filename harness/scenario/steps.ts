/** Send `count` messages through the client; optionally say which relay(s) must carry each. */
export interface SendStep {
  kind: 'send';
  count: number;
  expectCarriedBy?: string[];
  /** Wait until these messages arrive (or bounce) before the next step. Default true. */
  settle: boolean;
  /** Envelope and header sender; default harness@<domain>. */
  from?: string;
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

/** When a fault ends by itself: `forMs` after it began, the harness heals it while later steps run. */
export interface FaultTiming {
  forMs?: number;
}

/**
 * How a server (relay, sink or the DNS) fails, as real outages look:
 * - kill: SIGKILL, no goodbye; the address stops answering (connects time out)
 * - pause: frozen; the TCP handshake may complete, the greeting never comes
 * - disconnect: off the network (a partition): connects time out
 * - refuse: the host is up, the SMTP port closed: connection refused at once (Postfix relays)
 * - restart: stopped and started again, back when it serves
 */
export type ContainerFault = 'kill' | 'pause' | 'disconnect' | 'refuse' | 'restart';

export interface FaultStep extends FaultTiming {
  kind: 'fault';
  server: string;
  fault: ContainerFault;
}

/** The SMTP stage at which a relay answers with the scenario's reply. */
export type SmtpStage = 'greeting' | 'helo' | 'mail' | 'rcpt' | 'data';

/** A Postfix relay answers `reply` (e.g. "451 4.3.0 try later") at `stage`, by its own restrictions. */
export interface SmtpFaultStep extends FaultTiming {
  kind: 'smtp-fault';
  server: string;
  stage: SmtpStage;
  reply: string;
}

/** Undo every fault on a server: unpause, reconnect, start, reopen, clear SMTP faults. */
export interface HealStep {
  kind: 'heal';
  server: string;
}

export type Step = SendStep | StopStep | StartStep | WaitStep | ChangeDnsStep | ExpectQueuedStep | FaultStep | SmtpFaultStep | HealStep;

export function send(count: number, options: { expectCarriedBy?: string | string[]; settle?: boolean; from?: string } = {}): SendStep {
  const expected = options.expectCarriedBy;
  return {
    kind: 'send',
    count,
    expectCarriedBy: expected === undefined ? undefined : ([] as string[]).concat(expected),
    settle: options.settle ?? true,
    from: options.from,
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

export function smtpFault(server: string, options: { stage: SmtpStage; reply: string } & FaultTiming): SmtpFaultStep {
  return { kind: 'smtp-fault', server, ...options };
}
