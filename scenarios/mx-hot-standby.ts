import { defineScenario, send, sink, start, stop, byMx } from '../harness';
import { gateway } from './_gateways';

/** Seeds 001/002: "You will never lose mails with such a setup" — a backup MX at a higher number. */
export default defineScenario({
  name: 'mx-hot-standby',
  description: 'MX 10 primary, MX 100 backup: all mail to the primary; primary down → backup; back → primary',
  source: 'seed 001 (hot standby with backup MX), seed 002',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    primary   IN A   {{primary}}
    backup    IN A   {{backup}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10  primary
    @         IN MX  100 backup
  `,
  servers: [gateway('primary'), gateway('backup'), sink('mailstore')],
  route: byMx(),
  steps: [
    send(20, { expectCarriedBy: 'primary' }),
    stop('primary'),
    send(5, { expectCarriedBy: 'backup' }),
    start('primary'),
    send(20, { expectCarriedBy: 'primary' }),
  ],
});
