import { byMx, changing, defineScenario, send, servfail, sink } from '../harness';
import { gateway } from './_gateways';

/**
 * The recipient domain's DNS fails (SERVFAIL for branch.example-domain.com and below, its MX
 * included) and the client has a fallback relay named by its address, so that no lookup stands
 * between it and the mail: Sendmail's FallbackMXhost ("name server is hosed -- push to fallback",
 * domain.c), Postfix's smtp_fallback_relay, Exim's fallback_hosts. Before the fault, mail1, the
 * domain's only MX, carries everything.
 */
const scenario = defineScenario({
  name: 'fallback-relay-dns-failure',
  description: "SERVFAIL for the recipient domain (its MX lookup fails): the fallback relay, given by address, carries every message",
  source: 'postconf(5) smtp_fallback_relay ("destinations that can\'t be found"); Sendmail op.me FallbackMXhost; Exim spec, smtp transport fallback_hosts',
  domain: 'example-domain.com',
  recipient: 'inbox@branch.example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail1     IN A   {{mail1}}
    fallback  IN A   {{fallback}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mailstore
    branch    IN MX  10 mail1
  `,
  servers: [gateway('mail1'), gateway('fallback'), sink('mailstore')],
  route: byMx({ fallback: { host: '{{fallback}}' } }),
  steps: [
    send(3, { expectCarriedBy: 'mail1' }),
    servfail('branch.example-domain.com'),
    send(5, { expectCarriedBy: 'fallback' }),
  ],
  documentedFailures: {
    exim: 'Exim FAQ Q0613: "fallback_hosts works only if an attempt at delivery to the original host(s) fails"; a failed MX lookup defers at the router, before any transport',
  },
});

export default scenario;

export const negativeTwin = changing(scenario, 'no fallback relay', { route: byMx() }, /step 3 are each carried by fallback/);
