import { defineScenario, everyMessageDeliveredExactlyOnce, mxAddressDistribution, send, shareFollows, sink, stop, byMx, claimingModel } from '../harness';
import { gateway } from './_gateways';

/**
 * Seed 002's "load balancing and failover" layout: two hosts at preference 10, and at 20 and 30
 * two more names that alias the same two addresses. RFC 5321 puts all of preference 10 first, so
 * mail3/mail4 never change the split; when gw-one dies its alias at 20 cannot help.
 */
const scenario = defineScenario({
  name: 'mx-mixed-layout',
  description: 'MX 10 mail1+mail2, 20 mail3, 30 mail4 (aliases of the same two hosts): even split; one host down → the other',
  source: 'seed 002 (answer: "in order to have both load balancing and failover")',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail1     IN A   {{gw-one}}
    mail2     IN A   {{gw-two}}
    mail3     IN A   {{gw-one}}
    mail4     IN A   {{gw-two}}
    gw-one    IN A   {{gw-one}}
    gw-two    IN A   {{gw-two}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mail1
    @         IN MX  10 mail2
    @         IN MX  20 mail3
    @         IN MX  30 mail4
  `,
  servers: [gateway('gw-one'), gateway('gw-two'), sink('mailstore')],
  route: byMx(),
  steps: [
    send(200),
    stop('gw-one'),
    send(20, { expectCarriedBy: 'gw-two' }),
  ],
  expect: [
    shareFollows({
      steps: [1],
      models: {
        'preference 10 shared, 20/30 unused': mxAddressDistribution({ 'gw-one': 1, 'gw-two': 1 }),
        // Seed 002's worry: "mail1.example.com will receive most of the messages".
        'mail1 takes most (3:1)': { 'gw-one': 0.75, 'gw-two': 0.25 },
      },
      claim: 'preference 10 shared, 20/30 unused',
    }),
    everyMessageDeliveredExactlyOnce(),
  ],
});

export default scenario;

export const negativeTwin = claimingModel(scenario, 'mail1 takes most (3:1)');
