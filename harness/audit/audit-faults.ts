import { blackHole, heal, kill, pause, refuse, smtpFault, start, stop, type Step } from '../scenario/steps';
import type { FaultCost } from '../model/fault-record';

/**
 * What a fault does to the mail handed to the relay that plays it, as the client can know it:
 * - routed round: the client sees it (no connection, no greeting, a 4xx or 5xx greeting, a 4xx
 *   at RCPT) and tries the next host, or keeps the mail queued when there is none (RFC 5321 §4.5.4.1);
 * - bounced: a 5xx at RCPT is the relay's permanent answer for that recipient (RFC 5321 §4.2.1);
 * - lost: 250 after the data, then nothing: no client can see it (RFC 5321 §6.1 forbids it).
 */
export type FaultEffect = 'routed round' | 'bounced' | 'lost';

/** One fault of the audit's battery: its name in the report, how it is played, what the mail handed to it meets. */
export interface AuditFault {
  name: string;
  effect: FaultEffect;
  /** The wait it costs each message the client tries at the relay (the client's own setting for it), when it has one. */
  costs?: FaultCost;
  /** The steps that break `relay`; `waits` are the client's own timeouts in ms by cost, at its clock. */
  play(relay: string, waits: Partial<Record<FaultCost, number>>, speed: number): Step[];
  /** A 5xx greeting: a client may take it as the host's permanent answer when no other host is left (its kind's bouncesAtPermanentGreeting). */
  greetsPermanently?: boolean;
  /** The step that ends it (default: heal). */
  undo?(relay: string): Step;
}

/** Later than the client waits for a greeting, in whole real seconds (a Postfix relay sleeps in seconds). */
function pastGreetingTimeout(waits: Partial<Record<FaultCost, number>>, speed: number): number {
  const step = 1000 * speed;
  return Math.ceil(((waits.greeting ?? 300_000) + step) / step) * step;
}

/** The step that ends a fault of the battery at `relay`. */
export const undoFault = (fault: AuditFault, relay: string): Step => fault.undo?.(relay) ?? heal(relay);

/** The battery each relay plays, in the report's column order. */
export const AUDIT_FAULTS: readonly AuditFault[] = [
  { name: 'stop', effect: 'routed round', costs: 'connect', play: (relay) => [stop(relay)], undo: (relay) => start(relay) },
  { name: 'kill', effect: 'routed round', costs: 'connect', play: (relay) => [kill(relay)] },
  { name: 'pause', effect: 'routed round', costs: 'greeting', play: (relay) => [pause(relay)] },
  { name: 'refuse', effect: 'routed round', play: (relay) => [refuse(relay)] },
  { name: 'greeting-421', effect: 'routed round', play: (relay) => [smtpFault(relay, { stage: 'greeting', reply: '421 4.3.2 service not available' })] },
  { name: 'greeting-554', effect: 'routed round', greetsPermanently: true, play: (relay) => [smtpFault(relay, { stage: 'greeting', reply: '554 5.3.2 no service here' })] },
  { name: 'rcpt-451', effect: 'routed round', play: (relay) => [smtpFault(relay, { stage: 'rcpt', reply: '451 4.3.0 try again later' })] },
  { name: 'slow-greeting', effect: 'routed round', costs: 'greeting', play: (relay, waits, speed) => [smtpFault(relay, { stage: 'greeting', delayMs: pastGreetingTimeout(waits, speed) })] },
  { name: 'rcpt-550', effect: 'bounced', play: (relay) => [smtpFault(relay, { stage: 'rcpt', reply: '550 5.1.1 no such user here' })] },
  { name: 'black-hole', effect: 'lost', play: (relay) => [blackHole(relay)] },
];
