import { TAKES_DOWN, type FaultCost, type FaultRecord } from '../model/fault-record';
import type { MessageOutcome } from './message-outcome';
import { triedAt, type ServerIdentity } from './attribution';
import { ClientClock } from '../model/client-clock';
import type { ClientConnection } from '../model/mail-records';

/** How long mail took to go round a fault, and which of the client's timeouts it had to wait out. */
export interface FailoverTime {
  server: string;
  fault: string;
  /** When the fault began, ms from the run's start. */
  startMs: number;
  /**
   * From the fault (or the later submission of the message) to the first message another relay
   * carried after trying this one; null when none did. Real time.
   */
  failoverMs: number | null;
  /** The same at the client's clock (equal at real speed). */
  clientMs?: number | null;
  /** The client's clock speed the run played at (absent: 1). */
  speed?: number;
  /** How far the figure at the client's clock may be off (ClientClock.precisionMs). */
  precisionMs?: number;
  carriedBy?: string;
  /** The client setting a fault of this kind makes it wait out, e.g. "smtp_helo_timeout = 5s" (Postfix). */
  clientTimeout?: string;
  /** Its value in ms, at the client's clock. */
  clientTimeoutMs?: number;
  /**
   * Tries the client's log shows at the faulted server while it was broken: messages whose trail
   * has a try there that did not hand the message over, or connections the log names begun to it.
   */
  metBy?: number;
  /** Messages with a trail in the client's log, and connections it names: with none, metBy says nothing. */
  trailed?: number;
}

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "smtp_helo_timeout = 300s", "command_timeout = 5m", "Timeout.initial = 5m" → ms; undefined when not one duration. */
export function settingMs(setting: string): number | undefined {
  const match = /=\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(setting);
  return match ? Number(match[1]) * UNIT_MS[match[2].toLowerCase()] : undefined;
}

/** The wait a fault of each kind makes every message that tries the broken server sit out. */
export const COST_OF_FAULT: Record<string, FaultCost | undefined> = {
  stop: 'connect',
  kill: 'connect',
  disconnect: 'connect',
  pause: 'greeting',
  refuse: undefined,
};

/**
 * For each fault, the first delivery after it by another relay, of a message that had tried the
 * faulted server first (when the trail shows it; with equal preferences another relay may carry
 * mail anyway, and that is not failover).
 */
export function failoverTimes(faults: FaultRecord[], messages: MessageOutcome[], startedAtMs: number, servers: ServerIdentity[], clientTimeouts: Partial<Record<FaultCost, string>>, clock = ClientClock.REAL, connections: ClientConnection[] = []): FailoverTime[] {
  // Failover is between relays: a fault of the DNS or a restart has no "other relay" to measure.
  const relays = new Set(servers.map((server) => server.name));
  const brokenAt = (server: string, ms: number, besides: FaultRecord) => faults.some((other) =>
    other !== besides && other.server === server && other.fault !== 'restart' && ms >= other.startMs && (other.healedMs === undefined || ms <= other.healedMs));
  return faults.filter((fault) => fault.fault !== 'restart' && relays.has(fault.server)).map((fault) => {
    const faulted = servers.find((server) => server.name === fault.server);
    const duringFault = (at: string) => {
      const ms = Date.parse(at) - startedAtMs;
      return ms >= fault.startMs && (fault.healedMs === undefined || ms <= fault.healedMs);
    };
    // Sessions begun to the faulted server while it was broken, and those that failed before any
    // message was handed to them (OpenSMTPD's, which take envelopes only once greeted).
    const sessionsAtFault = connections.filter((connection) => triedAt({ host: '', address: connection.address }, faulted) && duringFault(connection.at));
    const failedSessions = sessionsAtFault.filter((session) => session.result && session.endedAt);
    // A try at the faulted server that did not hand the message over, by the message's trail.
    const triedFaulted = (message: MessageOutcome) => (message.attempts ?? []).some((attempt) => triedAt(attempt, faulted) && attempt.result !== 'sent');
    const candidates = messages.flatMap((message) => {
      // A duplicated message counts by its copy from another relay: the client did go round.
      const delivery = message.deliveries.find((d) => d.carriedBy && d.carriedBy !== fault.server);
      if (!delivery?.carriedBy) return [];
      // On a fast clock the relay's own hand-off to the sink (real time) would count many times over:
      // the client's log says when the next relay took the message.
      const carrier = servers.find((server) => server.name === delivery.carriedBy);
      const handoff = clock.scaled ? (message.attempts ?? []).find((attempt) => attempt.result === 'sent' && triedAt(attempt, carrier)) : undefined;
      const atMs = Date.parse(handoff?.at ?? delivery.deliveredAt) - startedAtMs;
      // A message waiting while such a failed session was under way met the fault there.
      const submitted = message.submittedAt ? Date.parse(message.submittedAt) : 0;
      const metInSession = failedSessions.some((session) => Date.parse(session.at) - startedAtMs <= atMs && Date.parse(session.endedAt!) >= submitted);
      const triedIt = triedFaulted(message) || metInSession;
      // A message submitted after the fault began met it from its submission: the harness's own
      // submission time is no part of the client's failover (and would count N times on a fast clock).
      const metMs = Math.max(fault.startMs, message.submittedAt ? Date.parse(message.submittedAt) - startedAtMs : fault.startMs);
      // A carrier broken itself when the message met this fault did not take it round: the message
      // waited for it (five refusing addresses of one MX host, the last healed first).
      if (brokenAt(delivery.carriedBy, metMs, fault)) return [];
      return atMs >= fault.startMs && (triedIt || !message.attempts?.length) ? [{ atMs, tookMs: atMs - metMs, carriedBy: delivery.carriedBy }] : [];
    });
    const first = candidates.sort((a, b) => a.atMs - b.atMs)[0];
    const trailed = messages.filter((message) => message.attempts?.length);
    const metBy = trailed.filter(triedFaulted).length + sessionsAtFault.length;
    const cost = fault.costs ?? COST_OF_FAULT[fault.fault];
    return {
      server: fault.server,
      fault: fault.fault,
      startMs: fault.startMs,
      failoverMs: first ? first.tookMs : null,
      ...(clock.scaled ? { clientMs: first ? Math.round(clock.clientMs(first.tookMs)) : null, speed: clock.speed, precisionMs: clock.precisionMs() } : {}),
      carriedBy: first?.carriedBy,
      clientTimeout: cost ? clientTimeouts[cost] : undefined,
      ...(cost && clientTimeouts[cost] && settingMs(clientTimeouts[cost]) !== undefined ? { clientTimeoutMs: settingMs(clientTimeouts[cost]) } : {}),
      metBy,
      trailed: trailed.length + connections.length,
    };
  });
}

/** Mail a relay held through its own outage: accepted before it went down, passed on after it came back. */
export interface HeldThrough {
  server: string;
  fault: string;
  startMs: number;
  /** The messages it held, by harness id. */
  messages: string[];
}

/**
 * For each kill, stop or restart of a relay: the messages it had accepted (the client's log says
 * sent to it, a whole second before the fault) and delivered only after it was back.
 */
export function heldThroughFaults(faults: FaultRecord[], messages: MessageOutcome[], startedAtMs: number, servers: ServerIdentity[]): HeldThrough[] {
  return faults.filter((fault) => TAKES_DOWN.has(fault.fault) && fault.healedMs !== undefined).flatMap((fault) => {
    const relay = servers.find((server) => server.name === fault.server);
    if (!relay) return [];
    const held = messages.filter((message) => {
      const handedOver = (message.attempts ?? []).some((attempt) => attempt.result === 'sent' && attempt.address === relay.address && Date.parse(attempt.at) + 1000 <= startedAtMs + fault.startMs);
      const after = message.deliveries.some((d) => d.carriedBy === fault.server && Date.parse(d.deliveredAt) >= startedAtMs + fault.healedMs!);
      return handedOver && after;
    });
    return held.length ? [{ server: fault.server, fault: fault.fault, startMs: fault.startMs, messages: held.map((message) => message.id) }] : [];
  });
}
