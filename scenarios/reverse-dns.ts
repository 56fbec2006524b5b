import { defineScenario, everyMessageDeliveredExactlyOnce, reverseDnsOf, send, sink } from '../harness';
import { gateway, mxClient } from './_gateways';

/**
 * Seeds 001/003: "add reverse lookup entries (PTR records) for those hosts". The sink checks
 * forward-confirmed reverse DNS of every relay that connects (PTR, then A back to the address),
 * as reject_unknown_client_hostname would; mail3 has no PTR and is flagged.
 */
export default defineScenario({
  name: 'reverse-dns',
  description: 'PTR records for mail1 and mail2 are forward-confirmed at the sink; mail3 without PTR is flagged',
  source: 'seed 001 (PTR advice), seed 003 (PTR for all A records)',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail1     IN A   {{mail1}}
    mail2     IN A   {{mail2}}
    mail3     IN A   {{mail3}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mail1
    @         IN MX  10 mail2
    @         IN MX  10 mail3
  `,
  reverseZone: `
    $TTL 60
    @                IN SOA ns1.example-domain.com. hostmaster.example-domain.com. 1 1200 180 1209600 60
    @                IN NS  ns1.example-domain.com.
    {{host:mail1}}   IN PTR mail1.example-domain.com.
    {{host:mail2}}   IN PTR mail2.example-domain.com.
  `,
  servers: [gateway('mail1'), gateway('mail2'), gateway('mail3'), sink('mailstore')],
  client: mxClient,
  steps: [send(30)],
  expect: [reverseDnsOf({ confirmed: ['mail1', 'mail2'], unconfirmed: ['mail3'] }), everyMessageDeliveredExactlyOnce()],
});
