import { defineScenario, everyMessageDeliveredExactlyOnce, reverseDnsOf, send, expecting } from '../harness';
import equalPreference from './mx-equal-preference';

/**
 * Seeds 001/003: "add reverse lookup entries (PTR records) for those hosts". The topology of
 * mx-equal-preference, with a reverse zone that has PTR records for two of its three hosts. The sink checks
 * forward-confirmed reverse DNS of every relay that connects (PTR, then A back to the address),
 * as reject_unknown_client_hostname would; mail3 has no PTR and is flagged.
 */
const scenario = defineScenario({
  ...equalPreference,
  name: 'reverse-dns',
  description: 'PTR records for mail1 and mail2 are forward-confirmed at the sink; mail3 without PTR is flagged',
  source: 'seed 001 (PTR advice), seed 003 (PTR for all A records)',
  reverseZone: `
    $TTL 60
    @                IN SOA ns1.example-domain.com. hostmaster.example-domain.com. 1 1200 180 1209600 60
    @                IN NS  ns1.example-domain.com.
    {{host:mail1}}   IN PTR mail1.example-domain.com.
    {{host:mail2}}   IN PTR mail2.example-domain.com.
  `,
  steps: [send(30)],
  expect: [reverseDnsOf({ confirmed: ['mail1', 'mail2'], unconfirmed: ['mail3'] }), everyMessageDeliveredExactlyOnce()],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'expects mail3, which has no PTR, to be confirmed', [reverseDnsOf({ confirmed: ['mail1', 'mail2', 'mail3'] }), everyMessageDeliveredExactlyOnce()], /forward-confirmed reverse DNS holds/);
