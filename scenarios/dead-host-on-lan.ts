import { defineScenario, everyMessageDeliveredExactlyOnce, everyTryAt, expecting, send, sink, viaHosts } from '../harness';
import { gateway } from './_gateways';

/**
 * A site's relay list names a host of its LAN that is down (.1, as a site's router or old relay
 * often is), then mail2. On the run's network no member holds .1 and the engine's gateway is kept
 * off it, so each try there fails as at a dead host on a LAN (no ARP answer: the connect times out,
 * or the kernel says the host is unreachable), never with the host's own "Connection refused".
 * The DNS and the client sit where a site's files might put them (.53, .25).
 */
const scenario = defineScenario({
  name: 'dead-host-on-lan',
  description: 'relay list [.1] (down, no member holds it), then mail2: each try at .1 fails as at a dead host; mail2 carries all',
  source: 'issue 28: a site\'s files name .1; RFC 5321 §5.1 (the next host on failure)',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail2     IN A   {{mail2}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mailstore
  `,
  hostNumbers: { dns: 53, client: 25 },
  servers: [gateway('mail2'), sink('mailstore', { hostNumber: 4 })],
  route: viaHosts(['{{net:1}}', 'mail2.example-domain.com']),
  steps: [send(3, { expectCarriedBy: 'mail2' })],
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('{{net:1}}', ['timed out', 'unreachable'])],
});

export default scenario;

export const negativeTwin = expecting(scenario, "claims .1 refuses, as the engine's gateway there did", [everyTryAt('{{net:1}}', 'refused')], /every try at \{\{net:1\}\} ended as "refused"/);
