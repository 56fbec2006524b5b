import { defineScenario, send, stop, changing } from '../harness';
import { SEED_004, seed004Servers, seed004Zone } from './_seed-004';

/** Postfix ≥ 3.5: relayhost may list several next hops; they are tried in the order given. */
const scenario = defineScenario({
  name: 'relayhost-list',
  description: 'relayhost = [server-one]:2525, [server-two]:2625 (Postfix ≥ 3.5): first in the list, the next when it is down',
  source: SEED_004,
  domain: 'example-domain.com',
  zone: seed004Zone(),
  servers: seed004Servers(),
  client: { relayhost: '[server-one.example-domain.com]:2525, [server-two.example-domain.com]:2625', smtp_connection_cache_on_demand: 'no' },
  steps: [
    send(10, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    send(5, { expectCarriedBy: 'server-two' }),
  ],
});

export default scenario;

export const negativeTwin = changing(scenario, 'list order reversed', { client: { ...scenario.client, relayhost: '[server-two.example-domain.com]:2625, [server-one.example-domain.com]:2525' } }, /step 1 are each carried by server-one/);
