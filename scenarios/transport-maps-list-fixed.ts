import { defineScenario, send, stop, changing } from '../harness';
import { SEED_004, seed004Servers, seed004Zone } from './_seed-004';

/**
 * The list seed 004 meant, written as transport(5) reads it since Postfix 3.5: one transport,
 * then the next hops separated by commas — `smtp:[host1]:587, [host2]:587`.
 */
const scenario = defineScenario({
  name: 'transport-maps-list-fixed',
  description: 'transport_maps next hop "smtp:[a]:2525, [b]:2625": the first hop, and the second when it is down',
  source: `${SEED_004}, corrected`,
  domain: 'example-domain.com',
  zone: seed004Zone(),
  servers: seed004Servers(),
  client: { relayhost: '', transport_maps: 'hash:/etc/postfix/transport', smtp_connection_cache_on_demand: 'no' },
  clientFiles: {
    '/etc/postfix/transport': `
      example-domain.com  smtp:[server-one.example-domain.com]:2525, [server-two.example-domain.com]:2625
    `,
  },
  steps: [
    send(5, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    send(5, { expectCarriedBy: 'server-two' }),
  ],
});

export default scenario;

export const negativeTwin = changing(scenario, 'a single next hop instead of the list', { clientFiles: { '/etc/postfix/transport': 'example-domain.com  smtp:[server-one.example-domain.com]:2525' }, settleTimeoutMs: 4000 }, /step 3 are each carried by server-two/);
