import { defineScenario, send, sink, stop, byMx, everyMessageDeliveredExactlyOnce, everyTryAt, expecting } from '../harness';
import { gateway } from './_gateways';

/**
 * Seed 002 quotes RFC 5321: an MX name gives "A or AAAA" records, and the client "MUST be able to
 * try (and retry) each of the relevant addresses in this list in order, until a delivery attempt
 * succeeds". Here the MX host's IPv6 address is dead (a stopped host's, on the run's ULA /64: no
 * neighbour answers) while its IPv4 address serves.
 */
const scenario = defineScenario({
  name: 'mx-aaaa-dead',
  description: "An MX host whose IPv6 address is dead while its IPv4 address serves: every message goes round to the A record",
  source: 'seed 002 (RFC 5321: A or AAAA, each address tried in order)',
  domain: 'example-domain.com',
  ipv6: true,
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail      IN A    {{mail}}
    mail      IN AAAA {{v6:gone}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mail
  `,
  // `gone` is only there to own the dead address: stopped first, its address answers nothing.
  servers: [gateway('mail'), gateway('gone'), sink('mailstore')],
  route: byMx(),
  steps: [
    stop('gone'),
    send(20, { expectCarriedBy: 'mail' }),
  ],
  // How a try at the dead address ends is the kernel's word, not the client's: the client's connect
  // timeout, or "No route to host" at once once neighbour discovery has marked the address failed
  // (seen in CI for Postfix and Exim, 3 to 5 of 20 tries). Either way it is tried and given up.
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('gone', ['timed out', 'unreachable'])],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims the dead IPv6 address took the mail', [everyTryAt('gone', 'sent')], /every try at gone ended as "sent"/);
