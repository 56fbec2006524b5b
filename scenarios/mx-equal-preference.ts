import { defineScenario, everyMessageDeliveredExactlyOnce, mxHostDistribution, send, shareFollows, sink, stop, byMx, claimingModel } from '../harness';
import { gateway } from './_gateways';

/** Seeds 001/002/003: several MX records at one preference share the load; one down, the rest carry all. */
const scenario = defineScenario({
  name: 'mx-equal-preference',
  description: 'Three MX at preference 10 share the load evenly; one down → the other two carry all, nothing lost',
  source: 'seed 001 (load balancing with MX), seed 002 (RFC 5321 §5 randomisation), seed 003',
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
  servers: [gateway('mail1'), gateway('mail2'), gateway('mail3'), sink('mailstore')],
  route: byMx(),
  steps: [
    send(300),
    stop('mail2'),
    send(30, { expectCarriedBy: ['mail1', 'mail3'] }),
  ],
  expect: [
    shareFollows({
      steps: [1],
      models: {
        'random per address (Postfix, RFC 5321)': mxHostDistribution(['mail1', 'mail2', 'mail3']),
        // Seed 002: "I think mail1 will receive most of the messages".
        'first record wins': { mail1: 1, mail2: 0, mail3: 0 },
      },
      claim: 'random per address (Postfix, RFC 5321)',
    }),
    everyMessageDeliveredExactlyOnce(),
  ],
});

export default scenario;

export const negativeTwin = claimingModel(scenario, 'first record wins');
