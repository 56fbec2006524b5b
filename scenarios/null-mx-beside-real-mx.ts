import { byMx, defineScenario, everyMessageAccountedFor, expecting, messageFates, send, sink } from '../harness';
import { gateway } from './_gateways';

/**
 * `MX 0 .` left beside a real MX (RFC 7505 §3: a domain with a null MX "MUST NOT advertise any
 * other MX RR"), as when a domain that took no mail starts to and the null MX is not removed. The
 * RFC does not say what a client makes of the pair, so the row judges only that no message is lost
 * (each delivered once, or bounced to its sender) and its figure says which: Postfix's dns_lookup.c
 * reads any "." MX in the answer as a null MX and bounces; OpenSMTPD's dns.c calls it a null MX
 * only when no other MX is found, and delivers to mail1, as Exim and Sendmail do.
 */
const scenario = defineScenario({
  name: 'null-mx-beside-real-mx',
  description: 'MX 0 . beside MX 10 mail1 (a pair RFC 7505 forbids): each message bounced or delivered once, none lost',
  source: 'RFC 7505 §3 ("MUST NOT advertise any other MX RR"), RFC 5321 §6.1',
  domain: 'example-domain.com',
  recipient: 'inbox@branch.example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail1     IN A   {{mail1}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mailstore
    branch    IN MX  0  .
    branch    IN MX  10 mail1
  `,
  servers: [gateway('mail1'), sink('mailstore')],
  route: byMx(),
  steps: [send(5)],
  expect: [everyMessageAccountedFor()],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims mail1, the real MX, carries the mail', [messageFates({ delivered: 5 })], /message fates are exactly: 5 delivered/);
