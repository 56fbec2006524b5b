import { defineScenario, everyMessageDeliveredExactlyOnce, everyTryAt, Expectation, failoverWithin, send, sink, ScenarioDefinition, Step, byMx } from '../harness';
import type { ServerSpec } from '../harness/scenario/servers';
import type { Attempt } from '../harness/mail/attempt-trail';
import { gateway } from './_gateways';

/**
 * Two MX at one preference (seeds 001/002), mail1 broken before the mail is sent: the client picks
 * either for each message; those that pick mail1 meet the fault and go to mail2 in the same delivery.
 * Twenty messages, so that some pick mail1 first (all twenty missing it: one chance in a million).
 */
export function mxPairFaultScenario(options: { name: string; description: string; fault: Step; /** Bound on time-to-failover; none for a fault the client's log cannot time (a name that does not resolve). */ withinMs?: number; /** How each try at mail1 ends, by the client's log (any of several). */ tries?: Attempt['result'] | Attempt['result'][];
  /** mail1 as another kind of relay (a node relay); mail2 and the mailstore stay. */
  mail1?: ServerSpec;
  /** What must hold instead of "every message by mail2, once" (a black hole loses some). */
  expect?: Expectation[];
  settleTimeoutMs?: number;
}): ScenarioDefinition {
  return defineScenario({
    name: options.name,
    description: options.description,
    source: 'seed 001/002 (equal-preference MX), RFC 5321 §5',
    domain: 'example-domain.com',
    zone: `
      $TTL 60
      @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
      @         IN NS  ns1
      ns1       IN A   {{dns}}
      mail1     IN A   {{mail1}}
      mail2     IN A   {{mail2}}
      mailstore IN A   {{mailstore}}
      @         IN MX  10 mail1
      @         IN MX  10 mail2
    `,
    servers: [options.mail1 ?? gateway('mail1'), gateway('mail2'), sink('mailstore')],
    route: byMx(),
    steps: [options.fault, send(20, options.expect ? {} : { expectCarriedBy: 'mail2' })],
    settleTimeoutMs: options.settleTimeoutMs,
    expect: options.expect ?? [everyMessageDeliveredExactlyOnce(), ...(options.tries ? [everyTryAt('mail1', options.tries)] : []), ...(options.withinMs ? [failoverWithin(options.withinMs)] : [])],
  });
}
