import { defineScenario, everyMessageDeliveredExactlyOnce, mxAddressDistribution, send, shareFollows, sink, stop, byMx, claimingModel } from '../harness';
import { gateway } from './_gateways';

/**
 * Seed 003: one MX host name with three addresses. Postfix shuffles the addresses
 * (smtp_randomize_addresses) and, when one fails, tries the next — contrary to seed 002's
 * "172.16.10.2 won't be tried as there is only one MX record".
 */
const scenario = defineScenario({
  name: 'multiple-a-records',
  description: 'One MX name with three A records: even share per address; one address down → the others carry all',
  source: 'seed 003 (multiple A records), seed 002 (claims no failover between addresses)',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail      IN A   {{gw-a}}
    mail      IN A   {{gw-b}}
    mail      IN A   {{gw-c}}
    gw-a      IN A   {{gw-a}}
    gw-b      IN A   {{gw-b}}
    gw-c      IN A   {{gw-c}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mail
  `,
  servers: [gateway('gw-a'), gateway('gw-b'), gateway('gw-c'), sink('mailstore')],
  route: byMx(),
  steps: [
    send(300),
    stop('gw-a'),
    send(30, { expectCarriedBy: ['gw-b', 'gw-c'] }),
  ],
  expect: [
    shareFollows({
      steps: [1],
      models: {
        'random per address (Postfix)': mxAddressDistribution({ 'gw-a': 1, 'gw-b': 1, 'gw-c': 1 }),
        // Seed 003: "The sending email server then sends email to the first IP address."
        'first address in the answer': { 'gw-a': 1, 'gw-b': 0, 'gw-c': 0 },
      },
      claim: 'random per address (Postfix)',
    }),
    everyMessageDeliveredExactlyOnce(),
  ],
});

export default scenario;

export const negativeTwin = claimingModel(scenario, 'first address in the answer');
