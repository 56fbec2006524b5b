import { defineScenario, expectQueued, messageFates, send, stop, changing, everyMessageDeliveredExactlyOnce } from '../harness';
import { SEED_004, seed004Servers, seed004Zone } from './_seed-004';

/**
 * Seed 004's first transport_maps recipe, run as written: three lines for the same key, one per
 * relay, as if that gave failover. postmap keeps the first and warns about the duplicates; when
 * that relay dies, mail waits in the queue. The claim does not hold.
 */
const scenario = defineScenario({
  name: 'transport-maps-as-written',
  description: 'transport_maps with one line per relay for the same domain: only the first counts; no failover (seed 004 is wrong)',
  source: SEED_004,
  domain: 'example-domain.com',
  zone: seed004Zone(),
  servers: seed004Servers(),
  client: {
    relayhost: '',
    relay_domains: '$mydestination, example-domain.com',
    transport_maps: 'hash:/etc/postfix/transport',
  },
  clientFiles: {
    '/etc/postfix/transport': `
      example-domain.com  smtp:[server-one.example-domain.com]:2525
      example-domain.com  smtp:[server-two.example-domain.com]:2625
    `,
  },
  settleTimeoutMs: 4000,
  steps: [
    send(3, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    send(3, { settle: false }),
    expectQueued(),
  ],
  // What Postfix does: the first three arrive, the three after the stop wait (not lost, not failed over).
  expect: [messageFates({ delivered: 3, queued: 3 })],
});

export default scenario;

export const negativeTwin = changing(scenario, "the seed's claim: the second line takes over", { steps: [send(3, { expectCarriedBy: 'server-one' }), stop('server-one'), send(3, { expectCarriedBy: 'server-two' })], expect: [everyMessageDeliveredExactlyOnce()] }, /step 3 are each carried by server-two/);
