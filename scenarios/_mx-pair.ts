import { byMx, sink } from '../harness';
import type { ServerSpec } from '../harness/scenario/servers';
import { gateway } from './_gateways';

/**
 * Two MX gateways in front of the mail store: mail1 at 10, mail2 at 20 (or both at 10, seeds
 * 001/002's pair). The topology, zone and route of the rows that break one or both of them.
 */
export function mxPair(options: { equalPreference?: boolean; mail1?: ServerSpec } = {}) {
  return {
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
      @         IN MX  ${options.equalPreference ? 10 : 20} mail2
    `,
    servers: [options.mail1 ?? gateway('mail1'), gateway('mail2'), sink('mailstore')],
    route: byMx(),
  };
}
