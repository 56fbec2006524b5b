import { smtpFault, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/**
 * MX 10 mail1, MX 20 mail2; mail1 answers 554 at the greeting (RFC 5321 §3.1: "no SMTP service
 * here"). The message is not refused, the host is: a client should go on to mail2.
 */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-greeting-5xx',
  description: 'MX 10 mail1, MX 20 mail2; mail1 answers 554 at the greeting: mail2 carries all, none bounces',
  fault: smtpFault('mail1', { stage: 'greeting', reply: '554 5.3.2 No SMTP service here' }),
  // Measured 1.4 s on Postfix (a 421 is ≈0.3 s): well under the 5 s a silent host would cost.
  withinMs: 4500,
  tries: 'rejected',
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims mail1, answering 554, carries the mail');
