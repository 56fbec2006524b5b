import { smtpFault, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** mail1 greets 8 s late, past smtp_helo_timeout (5 s): to the client it is a dead host, and mail2 carries it all. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-slow-greeting',
  description: 'MX 10 mail1, MX 20 mail2; mail1 greets 8 s late: every message delivered by mail2, after smtp_helo_timeout',
  fault: smtpFault('mail1', { stage: 'greeting', delayMs: 8000 }),
  withinMs: 7500,
  tries: 'greeting timeout',
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims mail1, greeting 8 s late, carries the mail');
