import { MessageOutcome, DeliveryStatus, carriedBy, deliveryProblem } from '../mail/message-outcome';
import type { Attempt } from '../mail/attempt-trail';
import { triedAt, type ServerIdentity } from '../mail/attribution';
import type { FailoverTime } from '../mail/failover-time';
import type { ClientConnection } from '../model/mail-records';

export interface ExpectationResult {
  description: string;
  passed: boolean;
  detail: string;
  /** For a statistical check: the counts behind its sentence, for charts and night-to-night comparison. */
  distribution?: DistributionEvidence;
  /** For a time bound whose every fault was gone round: the bound and each time measured. */
  timeBound?: { boundMs: number; measuredMs: number[] };
  /** Judged on what the client's log says of its tries, not on where the mail went (a client may not log a try it moved on from). */
  byClientLog?: true;
  /** The rule it judges by: an RFC's section, a seed's sentence, the MTA's own documentation. */
  rule?: string;
}

/** Observed carriers against each model's expected counts, as a share test judged them. */
export interface DistributionEvidence {
  n: number;
  observed: Record<string, number>;
  claim: string;
  alpha: number;
  models: { name: string; expected: Record<string, number>; pValue: number; method: string; fits: boolean }[];
}

/** What a run is judged on: everything the steps produced. */
export interface RunOutcome {
  messages: MessageOutcome[];
  identities: ServerIdentity[];
  /** How many statistical checks the run makes: each is judged at α / this number. */
  statisticalChecks: number;
  /** How long mail took to go round each fault. */
  failovers?: FailoverTime[];
  /** Sessions the client's log names apart from any message's trail (OpenSMTPD's), with how each failed. */
  sessions?: ClientConnection[];
}

export interface Expectation {
  description: string;
  /** The rule it judges by; without one, the scenario's source. */
  rule?: string;
  /** A check that an honest run fails by chance; the run's α is shared among these. */
  statisticalCheck?: boolean;
  judge(outcome: RunOutcome): ExpectationResult;
}

/** The same expectation, judged by the rule named (an RFC section, the MTA's documentation, a seed's sentence). */
export function citing<E extends Expectation>(expectation: E, rule: string): E {
  return { ...expectation, rule };
}

/** What "never lose mail" rests on. */
export const RELIABLE_DELIVERY = 'RFC 5321 §6.1: a server that accepted a message delivers it or returns it, and does not lose it';

/** A check that counted nothing has no evidence, and never passes. */
export const NOTHING_COUNTED = 'no message was counted: a check without evidence cannot pass';

function verdict(description: string, failures: string[], passDetail: string): ExpectationResult {
  return failures.length === 0
    ? { description, passed: true, detail: passDetail }
    : { description, passed: false, detail: failures.join('; ') };
}

/** Every message reached the sink once, through a host the topology knows. */
export function everyMessageDeliveredExactlyOnce(): Expectation {
  const description = 'every message is delivered exactly once';
  return {
    description,
    rule: RELIABLE_DELIVERY,
    judge: ({ messages }) =>
      verdict(
        description,
        messages.length === 0 ? [NOTHING_COUNTED] : messages.map(deliveryProblem).filter((problem): problem is string => problem !== null),
        `${messages.length} of ${messages.length} delivered once`,
      ),
  };
}

/** The messages of one send step were each carried by one of the named relays. */
export function carriedByOneOf(step: number, count: number, relays: string[]): Expectation {
  const description = `the ${count === 1 ? 'message' : `${count} messages`} of step ${step + 1} ${count === 1 ? 'is' : 'are each'} carried by ${relays.join(' or ')}`;
  return {
    description,
    judge: ({ messages }) => {
      const mine = messages.filter((message) => message.step === step);
      if (mine.length === 0) return verdict(description, [NOTHING_COUNTED], '');
      const failures = mine.flatMap((message) => {
        const relay = carriedBy(message);
        if (relay && relays.includes(relay)) return [];
        if (relay) return [`${message.id} was carried by ${relay}, expected ${relays.join(' or ')}`];
        return [deliveryProblem(message) ?? `${message.id} was not carried by a known relay`];
      });
      const tally = countBy(mine.map((message) => carriedBy(message) ?? message.status));
      return verdict(description, failures, Object.entries(tally).map(([name, n]) => `${name}: ${n}`).join(', '));
    },
  };
}

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** How many messages ended in each state, e.g. `{ delivered: 3, queued: 3 }` for mail that must wait. */
export function messageFates(expected: Partial<Record<DeliveryStatus, number>>): Expectation {
  const text = (counts: Partial<Record<string, number>>) => Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', ') || 'none';
  const description = `message fates are exactly: ${text(expected)}`;
  return {
    description,
    judge: ({ messages }) => {
      const actual = countBy(messages.map((message) => message.status));
      const states = new Set([...Object.keys(expected), ...Object.keys(actual)]);
      const passed = messages.length > 0 && [...states].every((state) => (actual[state] ?? 0) === (expected[state as DeliveryStatus] ?? 0));
      return { description, passed, detail: messages.length ? `observed ${text(actual)}` : NOTHING_COUNTED };
    },
  };
}

/** Mail went round every fault (or the faults on `server`) within `ms` at the client's clock: the time-to-failover bound. */
export function failoverWithin(ms: number, options: { server?: string } = {}): Expectation {
  return failoverBound(`within ${ms} ms`, () => ms, options);
}

/**
 * Mail went round every fault within the client's own timeout for that fault (its greeting timeout
 * for a frozen relay, its connect timeout for a dead one) plus `marginMs`, plus the precision the
 * run's clock speed gives: a bound that holds at test, shipped or a site's own timing alike.
 */
export function failoverWithinClientTimeout(options: { marginMs?: number; server?: string } = {}): Expectation {
  const margin = options.marginMs ?? 1500;
  return failoverBound(`within the client's own timeout for it plus ${margin} ms`, (f) =>
    f.clientTimeoutMs === undefined ? undefined : f.clientTimeoutMs + margin + (f.precisionMs ?? 0), options);
}

function failoverBound(bound: string, boundOf: (f: FailoverTime) => number | undefined, options: { server?: string }): Expectation {
  const description = `mail goes round ${options.server ? `each fault of ${options.server}` : 'each fault'} ${bound}`;
  const clientMs = (f: FailoverTime) => (f.clientMs !== undefined ? f.clientMs : f.failoverMs);
  return {
    description,
    judge: ({ failovers = [] }) => {
      const measured = failovers.filter((f) => !options.server || f.server === options.server);
      if (measured.length === 0) return { description, passed: false, detail: 'no fault was measured: a check without evidence cannot pass' };
      const said = (f: FailoverTime) => `${clientMs(f) ?? '—'} ms${f.speed && f.speed !== 1 ? ` at the client's clock (${f.speed}×)` : ''}${f.clientTimeout ? ` (${f.clientTimeout})` : ''}`;
      const failures = measured.flatMap((f) => {
        const ms = boundOf(f);
        if (ms === undefined) return [`after ${f.fault} ${f.server} the client has no timeout setting this fault costs, so the bound has nothing to be measured against`];
        const took = clientMs(f);
        return took === null || took === undefined ? [`after ${f.fault} ${f.server} no other relay carried a message that had tried it`]
          : took > ms ? [`after ${f.fault} ${f.server}: ${said(f)}, over ${Math.round(ms)} ms`] : [];
      });
      const detail = measured.map((f) => `${f.fault} ${f.server}: ${said(f)}`).join('; ');
      const times = measured.flatMap((f) => (clientMs(f) === null ? [] : [clientMs(f) as number]));
      const bounds = measured.map(boundOf).filter((b): b is number => b !== undefined);
      // Mail did go round every fault: what remains is how fast, a figure beside the bound.
      const timeBound = times.length === measured.length && bounds.length ? { timeBound: { boundMs: Math.max(...bounds), measuredMs: times } } : {};
      // "Had tried it" is by the client's log, which may not record a try the client moved on from.
      const unlogged = times.length < measured.length ? { byClientLog: true as const } : {};
      return { ...verdict(description, failures, detail), ...timeBound, ...unlogged };
    },
  };
}

/** `{{net:N}}`, an address of the run's /24 no member holds (a site's dead host), as an identity to match tries against. */
function nobodysAddress(server: string, identities: ServerIdentity[]): ServerIdentity | undefined {
  const n = /^\{\{net:(\d+)\}\}$/.exec(server)?.[1];
  const prefix = identities[0]?.address.replace(/\.\d+$/, '');
  return n && prefix ? { name: server, hostname: '', address: `${prefix}.${n}` } : undefined;
}

/**
 * Every try the client made at `server` (a server's name, or `{{net:N}}` for an address no member
 * holds) ended as `result` ('refused', 'rejected', 'greeting
 * timeout'...): what happened there by the client's own log, not by the clock. "At once" is
 * shown by a refusal, not by a time bound that a loaded machine could miss.
 */
export function everyTryAt(server: string, result: Attempt['result'] | Attempt['result'][], options: { fromStep?: number } = {}): Expectation {
  const results = [result].flat();
  const said = results.map((r) => `"${r}"`).join(' or ');
  const description = `every try at ${server}${options.fromStep ? ` by the messages of step ${options.fromStep} on` : ''} ended as ${said}`;
  return {
    description,
    judge: ({ messages, identities, sessions = [] }) => {
      const identity = identities.find((known) => known.name === server) ?? nobodysAddress(server, identities);
      const counted = messages.filter((message) => message.step + 1 >= (options.fromStep ?? 1));
      const messageTries = counted.flatMap((message) => (message.attempts ?? []).filter((a) => triedAt(a, identity)).map((attempt) => ({ id: message.id, attempt })));
      // A client that hands envelopes to a session only once it is greeted (OpenSMTPD) logs a failed
      // try as its session's: those count when no message's trail has one. Not for one step's mail:
      // a session belongs to no message.
      const sessionTries = options.fromStep ? [] : sessions.filter((session) => session.result && triedAt({ host: '', address: session.address }, identity))
        .map((session) => ({ id: `a session begun ${session.at}`, attempt: { host: server, address: session.address, result: session.result!, reply: session.reply, at: session.at } }));
      const tries = messageTries.length ? messageTries : sessionTries;
      if (tries.length === 0) return { description, passed: false, detail: `no message tried ${server}: a check without evidence cannot pass`, byClientLog: true };
      const others = tries.filter(({ attempt }) => !results.includes(attempt.result));
      const triesSaid = messageTries.length ? `${tries.length} tr${tries.length === 1 ? 'y' : 'ies'}` : `${tries.length} session${tries.length === 1 ? '' : 's'} the client began before handing over any message`;
      return { ...verdict(description, others.map(({ id, attempt }) => `${id} at ${server}: ${attempt.result}${attempt.reply ? ` (${attempt.reply})` : ''}`), `${triesSaid}, each ${said}`), byClientLog: true };
    },
  };
}

/**
 * A black hole at `server`, and nothing else wrong: some messages are lost there (at least one),
 * every other one is delivered exactly once. For mail split at random between relays.
 */
export function lostOnlyAt(server: string): Expectation {
  const description = `messages are lost at ${server} and nowhere else; every other one is delivered once`;
  return {
    description,
    judge: ({ messages }) => {
      if (messages.length === 0) return { description, passed: false, detail: NOTHING_COUNTED };
      const lostHere = messages.filter((message) => message.status === 'lost' && message.lostAt === server);
      const problems = messages.filter((message) => !lostHere.includes(message)).map(deliveryProblem).filter((problem): problem is string => problem !== null);
      if (lostHere.length === 0) problems.unshift(`no message was lost at ${server}`);
      return verdict(description, problems, `${lostHere.length} lost at ${server}, ${messages.length - lostHere.length} delivered once`);
    },
  };
}

/**
 * Every message has a fate the evidence explains, for runs where faults overlap: delivered once;
 * duplicated, with the client's log showing why (RFC 1047's window); lost at a named relay;
 * bounced, with the reason. Still queued, missing, an unexplained duplicate or an unknown carrier fails.
 */
export function everyMessageAccountedFor(): Expectation {
  const description = 'every message is accounted for: delivered once, or duplicated, lost or bounced with the reason named';
  const explained = (message: MessageOutcome) =>
    (message.status === 'delivered' && !message.deliveries[0].attributionProblem) ||
    (message.status === 'duplicated' && message.duplicateReason !== undefined && message.deliveries.every((d) => d.carriedBy)) ||
    (message.status === 'lost' && message.lostAt !== undefined) ||
    message.status === 'bounced';
  return {
    description,
    rule: RELIABLE_DELIVERY,
    judge: ({ messages }) => {
      if (messages.length === 0) return verdict(description, [NOTHING_COUNTED], '');
      const unexplained = messages.filter((message) => !explained(message)).map((message) => deliveryProblem(message) ?? `${message.id}: ${message.status}`);
      const tally = countBy(messages.map((message) => message.status));
      return verdict(description, unexplained, Object.entries(tally).map(([state, n]) => `${n} ${state}`).join(', '));
    },
  };
}

/**
 * No message delivered anywhere: each bounced, or is still queued, as the client reports a domain it
 * cannot deliver to (RFC 5321 §5.1: MX records none of which is usable "MUST be reported as an
 * error", a temporary or a permanent one). Lost or missing mail fails: it was reported to no one.
 */
export function noMessageDelivered(): Expectation {
  const description = 'no message is delivered: each bounced or still queued (RFC 5321 §5.1)';
  return {
    description,
    judge: ({ messages }) => {
      if (messages.length === 0) return verdict(description, [NOTHING_COUNTED], '');
      const wrong = messages.filter((message) => message.status !== 'bounced' && message.status !== 'queued')
        .map((message) => deliveryProblem(message) ?? `${message.id} was delivered via ${message.deliveries.map((d) => d.carriedBy ?? d.peerAddress).join(', ')}`);
      const tally = countBy(messages.map((message) => message.status));
      return verdict(description, wrong, Object.entries(tally).map(([state, n]) => `${n} ${state}`).join(', '));
    },
  };
}
