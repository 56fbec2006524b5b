import { defineScenario, postfixRelay, send, sink, changing } from '../harness';
import { SEED_004 } from './_seed-004';

/**
 * Seed 004: "smtp_srv_lookup = yes / relayhost = example.com — This will query
 * _submission._tcp.example.com SRV records". There is no such parameter: Postfix warns
 * "unused parameter" and, with a bare domain as relayhost, follows MX. The SRV record points at
 * server-one, the MX at server-two: mail goes to server-two. (The real parameter is
 * use_srv_lookup, and the relayhost names the service: example.com:submission.)
 */
const scenario = defineScenario({
  name: 'smtp-srv-lookup-as-written',
  description: 'seed 004\'s "smtp_srv_lookup = yes": not a Postfix parameter; Postfix warns and follows MX, not SRV',
  source: SEED_004,
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @                IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @                IN NS  ns1
    ns1              IN A   {{dns}}
    server-one       IN A   {{server-one}}
    server-two       IN A   {{server-two}}
    server-four      IN A   {{server-four}}
    _submission._tcp IN SRV 0 0 2525 server-one
    relays           IN MX  10 server-two
    @                IN MX  0 server-four
  `,
  servers: [postfixRelay('server-one', { port: 2525 }), postfixRelay('server-two', { port: 25 }), sink('server-four')],
  client: { smtp_srv_lookup: 'yes', relayhost: 'relays.example-domain.com' },
  steps: [send(5, { expectCarriedBy: 'server-two' })],
});

export default scenario;

export const negativeTwin = changing(scenario, "the seed's claim: SRV is followed", { steps: [send(5, { expectCarriedBy: 'server-one' })] }, /step 1 are each carried by server-one/);
