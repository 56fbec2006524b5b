import type { Attempt } from './attempt-trail';
import type { Delivery } from './message-outcome';
import type { ServerIdentity } from './attribution';
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

/**
 * Why a message arrived more than once, when the evidence shows it; undefined when it does not.
 * Two windows (RFC 1047) explain a duplicate: the client's, when its log shows a try that failed
 * after the whole message was sent; a relay's own, when the client handed it to that relay once,
 * every copy came through it, and the relay was taken down between its copies (the next hop had
 * the message; the relay's queue still held it and it passed it on again once back).
 */
export function duplicateReason(arrived: Delivery[], attempts: Attempt[], servers: ServerIdentity[], timeline?: FaultTimeline): string | undefined {
  return clientWindow(arrived, attempts, servers) ?? relayWindow(arrived, attempts, servers, timeline);
}

function clientWindow(arrived: Delivery[], attempts: Attempt[], servers: ServerIdentity[]): string | undefined {
  const carriers = new Set(arrived.map((delivery) => delivery.carriedBy));
  const window = attempts.find((attempt) => attempt.afterWholeMessage && carriers.has(nameOf(attempt, servers)));
  if (!window) return undefined;
  const relay = nameOf(window, servers);
  return `the client gave up on ${relay} after sending it the whole message ("${window.reply}") and tried again elsewhere, while ${relay} had taken it and passed it on too (RFC 1047's window)`;
}

function relayWindow(arrived: Delivery[], attempts: Attempt[], servers: ServerIdentity[], timeline?: FaultTimeline): string | undefined {
  const relay = arrived[0]?.carriedBy;
  if (!timeline || !relay || arrived.some((delivery) => delivery.carriedBy !== relay)) return undefined;
  // Two handoffs to the relay would explain two copies without any fault: only one may be on record.
  if (attempts.filter((attempt) => attempt.result === 'sent' && nameOf(attempt, servers) === relay).length !== 1) return undefined;
  const times = arrived.map((delivery) => Date.parse(delivery.deliveredAt) - timeline.startedAtMs).sort((a, b) => a - b);
  const [first, last] = [times[0], times[times.length - 1]];
  // The first copy went out as the take-down began; a later one once the relay was back (a
  // restart's relay may deliver before the harness records it healed, so "after it began").
  const fault = timeline.faults.find((f) =>
    f.server === relay && TAKES_DOWN.has(f.fault) && f.healedMs !== undefined &&
    first >= f.startMs - TAKE_DOWN_LEAD_MS && first <= f.healedMs && last > f.startMs && last > first);
  if (!fault) return undefined;
  return `the client handed it to ${relay} once; ${relay} passed it on and was ${AS_DONE[fault.fault]} (at ${(fault.startMs / 1000).toFixed(1)} s) before it recorded that, so its queue still held the message and it passed it on again once back (RFC 1047's window, between ${relay} and the next hop)`;
}

function nameOf(attempt: Attempt, servers: ServerIdentity[]): string | null {
  return servers.find((server) => server.address === attempt.address)?.name ?? null;
}
