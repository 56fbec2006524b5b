import { defineScenario, everyMessageDeliveredExactlyOnce, everyTryAt, Expectation, failoverWithin, failoverWithinClientTimeout, send, ScenarioDefinition, Step } from '../harness';
import type { ServerSpec } from '../harness/scenario/servers';
import type { Attempt } from '../harness/mail/attempt-trail';
import { mxPair } from './_mx-pair';

/**
 * Two MX, mail1 broken before the mail is sent. By default mail1 is preferred (MX 10, mail2 MX 20), so
 * every message meets the fault and every client is judged on it: at one preference a client that
 * sends the whole batch over one session (OpenSMTPD) may pick mail2 and never try mail1, and its
 * cell would say nothing (RFC 5321 §5.1: the lower preference is tried first). `equalPreference`
 * keeps seeds 001/002's pair at one preference, for a fault whose point is what picks mail1 (a black hole).
 */
export function mxPairFaultScenario(options: { name: string; description: string; fault: Step; /** Bound on time-to-failover; none for a fault the client's log cannot time (a name that does not resolve). */ withinMs?: number;
  /** Bound on time-to-failover by the client's own timeout for the fault plus this margin (ms): holds at any timing. */
  withinClientTimeoutPlusMs?: number;
  /** How each try at mail1 ends, by the client's log (any of several). */ tries?: Attempt['result'] | Attempt['result'][];
  /** mail1 as another kind of relay (a node relay); mail2 and the mailstore stay. */
  mail1?: ServerSpec;
  /** What must hold instead of "every message by mail2, once" (a black hole loses some). */
  expect?: Expectation[];
  settleTimeoutMs?: number;
  /** Both MX at preference 10: each message picks either (seeds 001/002). */
  equalPreference?: boolean;
}): ScenarioDefinition {
  return defineScenario({
    name: options.name,
    description: options.description,
    source: options.equalPreference ? 'seed 001/002 (equal-preference MX), RFC 5321 §5.1' : 'seed 001 (a backup MX), RFC 5321 §5.1: the lower preference first, the next on failure',
    ...mxPair({ equalPreference: options.equalPreference, mail1: options.mail1 }),
    steps: [options.fault, send(20, options.expect ? {} : { expectCarriedBy: 'mail2' })],
    settleTimeoutMs: options.settleTimeoutMs,
    expect: options.expect ?? [everyMessageDeliveredExactlyOnce(), ...(options.tries ? [everyTryAt('mail1', options.tries)] : []), ...(options.withinMs ? [failoverWithin(options.withinMs)] : []), ...(options.withinClientTimeoutPlusMs !== undefined ? [failoverWithinClientTimeout({ marginMs: options.withinClientTimeoutPlusMs })] : [])],
  });
}
