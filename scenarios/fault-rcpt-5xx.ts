import { messageFates, send, smtpFault } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one answers 550 at RCPT TO. A 5xx reply after the greeting is final: Postfix bounces the
 * message rather than trying the next SRV target (smtp_skip_5xx_greeting concerns the greeting only).
 */
export default srvFaultScenario({
  name: 'fault-rcpt-5xx',
  description: 'server-one answers 550 at RCPT: the mail bounces, the next SRV target is not tried',
  steps: [
    send(1, { expectCarriedBy: 'server-one' }),
    smtpFault('server-one', { stage: 'rcpt', reply: '550 5.1.1 No such user here' }),
    send(6),
  ],
  expect: [messageFates({ delivered: 1, bounced: 6 })],
});
