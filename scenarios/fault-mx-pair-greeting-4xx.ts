import { smtpFault, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** MX 10 mail1, MX 20 mail2; mail1 answers 421 at the greeting: mail2 at once. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-greeting-4xx',
  description: 'MX 10 mail1, MX 20 mail2; mail1 answers 421 at the greeting: mail2 at once',
  fault: smtpFault('mail1', { stage: 'greeting', reply: '421 4.3.2 Service shutting down' }),
  withinMs: 3500,
  tries: 'rejected',
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims mail1, answering 421, carries the mail');
