import { byMx, defineScenario, everyMessageAccountedFor, expecting, messageFates, nodeRelay, postfixRelay, send, sink, smtpFault, wait } from '../harness';

/**
 * RFC 1047's window one hop further on: the client hands each message to mail1 once, and mail1's
 * own next hop (a node relay in front of the mailstore) answers the end of the message 8 s late,
 * past mail1's smtp_data_done_timeout (5 s). mail1 gives up, logs that the message "may be sent
 * more than once", and sends it again once the hop is quick; the hop had taken the first copy too.
 * The client's log shows nothing: only mail1's own log explains the second copy.
 */
const scenario = defineScenario({
  name: 'fault-relay-slow-acceptance',
  description: "mail1's next hop accepts 8 s late, past mail1's smtp_data_done_timeout (5 s): each message arrives twice, and mail1's log says why",
  source: 'RFC 1047, seed 001 (gateways in front of the mailbox server)',
  domain: 'example-domain.com',
  zone: `
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    mail1     IN A   {{mail1}}
    filter    IN A   {{filter}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 mail1
  `,
  servers: [
    postfixRelay('mail1', { mainCf: { relayhost: '[filter.example-domain.com]' } }),
    nodeRelay('filter', { relayhost: 'mailstore.example-domain.com' }),
    sink('mailstore'),
  ],
  route: byMx(),
  steps: [
    // Over before mail1 tries again (its backoff is 2 s after the 5 s it waited).
    smtpFault('filter', { stage: 'end-of-data', delayMs: 8000, forMs: 6000 }),
    send(3, { settle: false }),
    // Both copies are in by about 8.3 s (the hop's own 8 s; mail1's retry 2-3 s after its 5 s),
    // and a message counts as arrived at its first copy: the wait leaves room for the second.
    wait(12000),
  ],
  expect: [messageFates({ duplicated: 3 }), everyMessageAccountedFor()],
  settleTimeoutMs: 30_000,
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims each message arrives once through the slow hop', [messageFates({ delivered: 3 })], /message fates are exactly: 3 delivered/);
