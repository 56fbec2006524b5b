/** The stages of an SMTP session a relay can be made to fail at. */
export const SMTP_STAGES = ['greeting', 'helo', 'mail', 'rcpt', 'data', 'end-of-data'] as const;
export type SmtpStage = (typeof SMTP_STAGES)[number];

/** Faults the engine plays on any container. */
export const CONTAINER_FAULTS = ['kill', 'pause', 'disconnect', 'refuse', 'restart'] as const;
export type ContainerFault = (typeof CONTAINER_FAULTS)[number];

/** What a fault costs a client: the wait it makes each message sit out before the next host. */
export type FaultCost = 'connect' | SmtpStage;

/** A fault as it happened: what, on which server, and when (ms from the run's start). */
export interface FaultRecord {
  server: string;
  fault: ContainerFault | `smtp ${SmtpStage}` | 'stop' | 'servfail';
  /** The name a servfail fault is about. */
  name?: string;
  /** The client wait a delayed SMTP stage makes each message sit out. */
  costs?: FaultCost;
  startMs: number;
  healedMs?: number;
}

/** Faults that take a relay's processes down while its queue stays on disk. */
export const TAKES_DOWN: ReadonlySet<FaultRecord['fault']> = new Set(['kill', 'stop', 'restart']);
