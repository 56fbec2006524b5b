import { defineScenario, everyMessageDeliveredExactlyOnce, expectQueued, postfixRelay, send, sink, start, stop, wait } from '../harness';

/**
 * Every relay of the article's SRV set is down: mail must wait in the client's queue (checked
 * in the queue itself), nothing may bounce, and when the relays return each message arrives once.
 */
export default defineScenario({
  name: 'all-relays-down',
  description: 'All SRV relays down: mail waits in the client queue, nothing bounces; relays back → each delivered once',
  source: 'seed 000 (SRV failover), seed 001 ("you will never lose mails")',
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
  client: { use_srv_lookup: 'submission', relayhost: 'example-domain.com:submission' },
  steps: [
    send(2, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    stop('server-two'),
    stop('server-three'),
    send(10, { settle: false }),
    wait(4000),
    expectQueued(),
    start('server-two'),
    start('server-three'),
  ],
  expect: [everyMessageDeliveredExactlyOnce()],
});
