import { defineScenario, expectQueued, messageFates, send, stop, changing, everyMessageDeliveredExactlyOnce } from '../harness';
import { SEED_004, seed004Servers, seed004Zone } from './_seed-004';

/**
 * Seed 004's "sophisticated load balancing": one transport_maps entry whose next hop is a list,
 * written as the seed writes it, `smtp:[host1]:587, smtp:[host2]:587`. The second item keeps its
 * `smtp:` prefix inside the next-hop field. Postfix 3.10 delivers through the first item while it
 * answers; when it does not, the smtp client dies on the second item ("fatal: valid hostname or
 * network address required in server description: smtp:[...]") and the mail waits in the queue.
 * No load balancing, and no failover. (The list form Postfix accepts is transport-maps-list-fixed.)
 */
const scenario = defineScenario({
  name: 'transport-maps-list',
  description: 'transport_maps next hop "smtp:[a]:2525, smtp:[b]:2625" as seed 004 writes it: first hop only, then smtp dies; no failover',
  source: SEED_004,
  domain: 'example-domain.com',
  zone: seed004Zone(),
  servers: seed004Servers(),
  client: { relayhost: '', transport_maps: 'hash:/etc/postfix/transport', smtp_connection_cache_on_demand: 'no' },
  clientFiles: {
    '/etc/postfix/transport': `
      example-domain.com  smtp:[server-one.example-domain.com]:2525, smtp:[server-two.example-domain.com]:2625
    `,
  },
  settleTimeoutMs: 4000,
  steps: [
    send(5, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    send(5, { settle: false }),
    expectQueued(),
  ],
  expect: [messageFates({ delivered: 5, queued: 5 })],
});

export default scenario;

export const negativeTwin = changing(scenario, "the seed's claim: the second hop takes over", { steps: [send(5, { expectCarriedBy: 'server-one' }), stop('server-one'), send(5, { expectCarriedBy: 'server-two' })], expect: [everyMessageDeliveredExactlyOnce()] }, /step 3 are each carried by server-two/);
