import { defineScenario, messageFates, send, sink, ScenarioDefinition, byMx, Expectation } from '../harness';
import { gateway } from './_gateways';

/**
 * RFC 7505: a domain that takes no mail says so with one MX record for "." — the client must bounce
 * at once and not fall back to the domain's A record. nomail.example-domain.com has such an MX and
 * an A record pointing at `trap`, a relay that would carry anything a client sent it; the sender's
 * own domain has a real MX, so the bounces reach the mail store.
 */
export function nullMxScenario(options: { name: string; preference: number; description: string; source?: string; expect?: Expectation[] }): ScenarioDefinition {
  return defineScenario({
    name: options.name,
    description: options.description,
    source: options.source ?? 'RFC 7505 (null MX), RFC 5321 §5.1 (the implicit MX is the A record)',
    domain: 'example-domain.com',
    recipient: 'inbox@nomail.example-domain.com',
    zone: `
      $TTL 60
      @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
      @         IN NS  ns1
      ns1       IN A   {{dns}}
      trap      IN A   {{trap}}
      mailstore IN A   {{mailstore}}
      @         IN MX  10 mailstore
      nomail    IN MX  ${options.preference} .
      nomail    IN A   {{trap}}
    `,
    servers: [gateway('trap'), sink('mailstore')],
    route: byMx(),
    steps: [send(5)],
    expect: options.expect ?? [messageFates({ bounced: 5 })],
  });
}
