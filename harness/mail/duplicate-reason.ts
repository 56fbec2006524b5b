import type { Attempt } from './attempt-trail';
import type { Delivery } from './message-outcome';
import { triedAt, type ServerIdentity } from './attribution';
import { TAKES_DOWN, type FaultRecord } from '../model/fault-record';

/** The faults of the run, for explaining a relay's own second delivery. */
export interface FaultTimeline {
  faults: FaultRecord[];
  /** The run's start (epoch ms): fault times are counted from it. */
  startedAtMs: number;
}

/** How long before a take-down was recorded as in effect its relay may still have passed a message on (the play itself takes up to that). */
const TAKE_DOWN_LEAD_MS = 2000;

const AS_DONE: Record<string, string> = { kill: 'killed', stop: 'stopped', restart: 'restarted' };

/** What a relay's own log says it passed on without learning whether the next hop took it, by Message-ID. */
export type RelayHandoffs = Map<string, { relay: string; reply: string }>;

/** What explains a second copy, beside the message's own arrivals and tries. */
export interface DuplicateEvidence {
  messageId: string;
  attempts: Attempt[];
  servers: ServerIdentity[];
  timeline?: FaultTimeline;
  relayHandoffs?: RelayHandoffs;
}

/**
 * Why a message arrived more than once, when the evidence shows it; undefined when it does not.
 * RFC 1047's window explains a duplicate, at the client or at a relay: the client's log shows a
 * try that failed after the whole message was sent; or the client handed it over once and a
 * relay's own log shows the same of its next hop; or every copy came through the relay it was
 * handed to, taken down between its copies (the next hop had it; the relay's queue still held it).
 */
export function duplicateReason(arrived: Delivery[], evidence: DuplicateEvidence): string | undefined {
  return clientWindow(arrived, evidence.attempts, evidence.servers) ?? relayWindow(arrived, evidence);
}

function clientWindow(arrived: Delivery[], attempts: Attempt[], servers: ServerIdentity[]): string | undefined {
  const carriers = new Set(arrived.map((delivery) => delivery.carriedBy));
  const window = attempts.find((attempt) => attempt.afterWholeMessage && carriers.has(nameOf(attempt, servers)));
  if (!window) return undefined;
  const relay = nameOf(window, servers);
  return `the client gave up on ${relay} after sending it the whole message ("${window.reply}") and tried again elsewhere, while ${relay} had taken it and passed it on too (RFC 1047's window)`;
}

function relayWindow(arrived: Delivery[], { messageId, attempts, servers, timeline, relayHandoffs }: DuplicateEvidence): string | undefined {
  // Two handoffs by the client would explain two copies without any window: only one may be on record.
  const handoffs = attempts.filter((attempt) => attempt.result === 'sent');
  if (handoffs.length !== 1) return undefined;
  const relay = nameOf(handoffs[0], servers);
  const handedTo = relay ?? handoffs[0].host;
  const logged = relayHandoffs?.get(messageId);
  if (logged) {
    return `the client handed it to ${handedTo} once; ${logged.relay} gave up on its next hop after sending it the whole message ("${logged.reply}") and passed it on again, while that hop had taken it (RFC 1047's window, at ${logged.relay})`;
  }
  if (!relay || !timeline || arrived.some((delivery) => delivery.carriedBy !== relay)) return undefined;
  const fault = takenDownBetween(relay, arrived, timeline);
  if (!fault) return undefined;
  return `the client handed it to ${relay} once; ${relay} passed it on and was ${AS_DONE[fault.fault]} (at ${(fault.startMs / 1000).toFixed(1)} s) before it recorded that, so its queue still held the message and it passed it on again once back (RFC 1047's window, between ${relay} and the next hop)`;
}

function takenDownBetween(relay: string, arrived: Delivery[], timeline: FaultTimeline): FaultRecord | undefined {
  const times = arrived.map((delivery) => Date.parse(delivery.deliveredAt) - timeline.startedAtMs).sort((a, b) => a - b);
  const [first, last] = [times[0], times[times.length - 1]];
  // The first copy went out as the take-down began; a later one once the relay was back (a
  // restart's relay may deliver before the harness records it healed, so "after it began").
  return timeline.faults.find((f) =>
    f.server === relay && TAKES_DOWN.has(f.fault) && f.healedMs !== undefined &&
    first >= f.startMs - TAKE_DOWN_LEAD_MS && first <= f.healedMs && last > f.startMs && last > first);
}

function nameOf(attempt: Attempt, servers: ServerIdentity[]): string | null {
  return servers.find((server) => triedAt(attempt, server))?.name ?? null;
}
