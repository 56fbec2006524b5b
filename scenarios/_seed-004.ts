import { postfixRelay, sink } from '../harness';

/**
 * Seed 004's setups, with its host names made concrete: relays server-one (port 2525) and
 * server-two (port 2625) deliver by MX of example-domain.com to the sink, server-four.
 */
export const seed004Zone = (extra = '') => `
  $TTL 60
  @            IN SOA ns1 hostmaster 1 1200 180 1209600 60
  @            IN NS  ns1
  ns1          IN A   {{dns}}
  server-one   IN A   {{server-one}}
  server-two   IN A   {{server-two}}
  server-four  IN A   {{server-four}}
  @            IN MX  0 server-four
  ${extra}
`;

export const seed004Servers = () => [
  postfixRelay('server-one', { port: 2525 }),
  postfixRelay('server-two', { port: 2625 }),
  sink('server-four'),
];

export const SEED_004 = 'seed 004 (Postfix multiple relay hosts how-to)';
