import { defineScenario, everyMessageDeliveredExactlyOnce, failoverWithin, pause, send, sink } from '../harness';
import { gateway, mxClient } from './_gateways';

/**
 * Two MX at one preference, one of them frozen: the client picks either for each message; those
 * that pick the frozen one wait smtp_helo_timeout, then go to the other in the same delivery.
 */
export default defineScenario({
  name: 'fault-mx-pair-paused',
  description: 'equal-preference MX pair, mail1 frozen: every message delivered by mail2, some after smtp_helo_timeout',
  source: 'seed 001/002 (equal-preference MX), RFC 5321 §5',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail1     IN A   {{mail1}}
    mail2     IN A   {{mail2}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mail1
    @         IN MX  10 mail2
  `,
  servers: [gateway('mail1'), gateway('mail2'), sink('mailstore')],
  client: mxClient,
  steps: [pause('mail1'), send(20, { expectCarriedBy: 'mail2' })],
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithin(6500)],
});
