import { changeDns, defineScenario, postfixRelay, send, sink, claimingCarriers } from '../harness';

/**
 * Seed 000: "if you change the SRV records dynamically, it is important to set a low TTL". The
 * records move from server-one to server-two by RFC 2136 update while mail flows, with a TTL of
 * an hour. Postfix asks the resolver afresh for each delivery and the client's resolver here is
 * the authoritative server itself (no cache), so the very next message follows. The TTL matters
 * only where a caching resolver sits between client and zone.
 */
/** The update that moves the SRV record from server-one to server-two, with the zone's TTL. */
export function moveSubmissionToServerTwo(ttl: number) {
  return changeDns(`
    update delete _submission._tcp.example-domain.com SRV
    update add _submission._tcp.example-domain.com ${ttl} SRV 0 0 2625 server-two.example-domain.com.
  `);
}

export function dnsChangeScenario(ttl: number) {
  return defineScenario({
    name: `dns-change-ttl-${ttl}`,
    description: `SRV target changed by dynamic update mid-run (TTL ${ttl} s): the next message follows the new record`,
    source: 'seed 000 ("set a low time to live (TTL) for your records")',
    domain: 'example-domain.com',
    zone: `
      $TTL ${ttl}
      @                IN SOA ns1 hostmaster 1 1200 180 1209600 ${ttl}
      @                IN NS  ns1
      ns1              IN A   {{dns}}
      server-one       IN A   {{server-one}}
      server-two       IN A   {{server-two}}
      server-four      IN A   {{server-four}}
      _submission._tcp IN SRV 0 0 2525 server-one
      @                IN MX  0 server-four
    `,
    servers: [postfixRelay('server-one', { port: 2525 }), postfixRelay('server-two', { port: 2625 }), sink('server-four')],
    client: { use_srv_lookup: 'submission', relayhost: 'example-domain.com:submission', smtp_connection_cache_on_demand: 'no' },
    steps: [
      send(5, { expectCarriedBy: 'server-one' }),
      moveSubmissionToServerTwo(ttl),
      send(5, { expectCarriedBy: 'server-two' }),
    ],
  });
}

const scenario = dnsChangeScenario(3600);

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'expects the old SRV target after the change');
