import { changing, defineScenario, everyMessageDeliveredExactlyOnce, expectQueued, heal, refuse, send, smtpFault, wait } from '../harness';
import { mxPair } from './_mx-pair';

/**
 * mail1 refuses, and mail2, the last MX host, answers 554 at the greeting for a while. RFC 5321
 * §3.1 makes a 554 greeting a statement about the host ("no SMTP service here"), not about the
 * message: seed 001's "you will never lose mails" asks the client to keep the mail until a relay
 * serves. Postfix does (smtp_skip_5xx_greeting turns the 5 into a 4); the sources say Exim and
 * Sendmail fail the message at the last host.
 */
const scenario = defineScenario({
  name: 'mx-last-host-5xx',
  description: 'MX 10 mail1 refusing, MX 20 mail2 answering 554 at the greeting: mail waits, nothing bounces; mail2 healed → each delivered once',
  source: 'seed 001 ("you will never lose mails"), RFC 5321 §3.1 (554 at the greeting: no SMTP service at that host)',
  ...mxPair(),
  steps: [
    refuse('mail1'),
    smtpFault('mail2', { stage: 'greeting', reply: '554 5.3.2 No SMTP service here' }),
    send(5, { settle: false }),
    wait(4000),
    expectQueued(),
    heal('mail2'),
  ],
  expect: [everyMessageDeliveredExactlyOnce()],
});

export default scenario;

export const negativeTwin = changing(scenario, 'client takes a 554 greeting as final (smtp_skip_5xx_greeting = no)', { client: { smtp_skip_5xx_greeting: 'no' } }, /every undelivered message waits in the client's queue/);
