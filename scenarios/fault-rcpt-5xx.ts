import { messageFates, send, smtpFault, expecting } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one answers 550 at RCPT TO. A 5xx reply after the greeting is final: Postfix bounces the
 * message rather than trying the next SRV target (smtp_skip_5xx_greeting concerns the greeting only).
 */
const scenario = srvFaultScenario({
  name: 'fault-rcpt-5xx',
  description: 'server-one answers 550 at RCPT: the mail bounces, the next SRV target is not tried',
  steps: [
    send(1, { expectCarriedBy: 'server-one' }),
    smtpFault('server-one', { stage: 'rcpt', reply: '550 5.1.1 No such user here' }),
    send(6),
  ],
  expect: [messageFates({ delivered: 1, bounced: 6 })],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims a 5xx at RCPT makes the client try the next relay', [messageFates({ delivered: 7 })], /message fates are exactly: 7 delivered/);
