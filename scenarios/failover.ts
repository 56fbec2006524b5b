import { defineScenario, postfixRelay, sink, send, stop, changing } from '../harness';

/**
 * The article's walkthrough (seed 000): SRV priority 0 sends everything to server-one; once it is
 * stopped, the two priority-1 records share the mail. The client finds all of it through
 * `_submission._tcp` SRV records (Postfix ≥ 3.8 `use_srv_lookup`).
 */
const scenario = defineScenario({
  name: 'failover',
  description: 'SRV failover: server-one first; when it stops, server-two and server-three carry the mail',
  source: 'seed 000 (RFC 6186 SRV article), its podman walkthrough',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @                IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @                IN NS  ns1
    ns1              IN A   {{dns}}
    server-one       IN A   {{server-one}}
    server-two       IN A   {{server-two}}
    server-three     IN A   {{server-three}}
    server-four      IN A   {{server-four}}
    _submission._tcp IN SRV 0 0 2525 server-one
    _submission._tcp IN SRV 1 50 2625 server-two
    _submission._tcp IN SRV 1 50 2625 server-three
    @                IN MX  0 server-four
  `,
  servers: [
    postfixRelay('server-one', { port: 2525 }),
    postfixRelay('server-two', { port: 2625 }),
    postfixRelay('server-three', { port: 2625 }),
    sink('server-four'),
  ],
  client: {
    use_srv_lookup: 'submission',
    relayhost: 'example-domain.com:submission',
  },
  steps: [
    send(1, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    send(6, { expectCarriedBy: ['server-two', 'server-three'] }),
  ],
});

export default scenario;

/** A static relayhost cannot fail over: after server-one stops, its six messages can only wait in the client's queue. */
export const negativeTwin = changing(scenario, 'static relayhost [server-one]:2525', {
  name: 'failover-static-relayhost',
  description: 'negative twin: static relayhost [server-one]:2525 cannot fail over',
  client: { relayhost: '[server-one.example-domain.com]:2525' },
  settleTimeoutMs: 4_000,
}, /step 3 are each carried by server-two or server-three/);
