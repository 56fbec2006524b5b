import { postfix, byMx, claimingCarriers, defineScenario, everyMessageDeliveredExactlyOnce, heal, refuse, send, sink, wait } from '../harness';
import { gateway } from './_gateways';

const PRIMARIES = ['primary1', 'primary2', 'primary3', 'primary4', 'primary5'];

/**
 * The primary MX host has five addresses, all refusing; the backup MX serves. RFC 5321 §5.1: each
 * address in turn until one succeeds, though a client MAY limit how many it tries ("SHOULD try at
 * least two"). Postfix's smtp_mx_address_limit (default 5, postconf(5)) counts addresses across all
 * MX hosts, so the primary's five fill it: the backup is never tried and the mail waits until the
 * primary serves. Each message is delivered once in the end; the backup's share is the figure.
 */
const scenario = defineScenario({
  name: 'mx-primary-five-addresses',
  description: 'MX 10 primary (five addresses, all refusing), MX 20 backup: the backup carries every message',
  source: 'RFC 5321 §5.1 (every address in turn; a client MAY limit how many); postconf(5) smtp_mx_address_limit',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
${PRIMARIES.map((name) => `    primary   IN A   {{${name}}}`).join('\n')}
    backup    IN A   {{backup}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 primary
    @         IN MX  20 backup
  `,
  servers: [...PRIMARIES.map((name) => gateway(name)), gateway('backup'), sink('mailstore')],
  route: byMx(),
  steps: [
    ...PRIMARIES.map((name) => refuse(name)),
    send(5, { expectCarriedBy: 'backup', settle: false }),
    // OpenSMTPD opens one connection every 2 s or so, each to a route not yet disabled: the sixth reaches the backup.
    wait(14000),
    ...PRIMARIES.map((name) => heal(name)),
  ],
  expect: [everyMessageDeliveredExactlyOnce()],
  documentedFailures: {
    postfix: 'postconf(5) smtp_mx_address_limit (default 5): "The maximal number of MX (mail exchanger) IP addresses that can result from Postfix SMTP client mail exchanger lookups" — the primary\'s five fill it, and the backup is never tried',
  },
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, PRIMARIES.length + 1, PRIMARIES, 'claims the refusing primary carries the mail');

/** Postfix with no limit on MX addresses: the backup carries, as on the other clients. */
export const causeLifted = { ...scenario, name: `${scenario.name}-unlimited`, client: postfix({ smtp_mx_address_limit: '0' }) };
