import { defineScenario, send, stop, changing } from '../harness';
import { SEED_004, seed004Servers, seed004Zone } from './_seed-004';

/** Seed 004: "relayhost = example.com ... Postfix will query DNS for MX records ... fall through to lower priority hosts". */
const scenario = defineScenario({
  name: 'relayhost-domain-mx',
  description: 'relayhost = a domain (no brackets): Postfix follows its MX records in order and falls through',
  source: SEED_004,
  domain: 'example-domain.com',
  zone: seed004Zone(`
  relays       IN MX  10 server-one
  relays       IN MX  20 server-two`),
  servers: seed004Servers().map((s) => (s.kind === 'postfix-relay' ? { ...s, port: 25 } : s)),
  client: { relayhost: 'relays.example-domain.com' },
  steps: [
    send(3, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    send(3, { expectCarriedBy: 'server-two' }),
  ],
});

export default scenario;

export const negativeTwin = changing(scenario, 'MX preferences swapped', { zone: scenario.zone.replace('MX  10 server-one', 'MX  30 server-one') }, /step 1 are each carried by server-one/);
