import { kill, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/**
 * MX 10 mail1, MX 20 mail2; mail1 killed: connects time out after the client's connect timeout, then
 * mail2. Bound by that timeout plus 2.5 s, so the row holds at any timing (1 s at test timing,
 * Postfix's 30 s smtp_connect_timeout as shipped).
 */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-killed',
  description: 'MX 10 mail1, MX 20 mail2; mail1 killed: connects time out after the client\'s connect timeout, then mail2',
  fault: kill('mail1'),
  withinClientTimeoutPlusMs: 2500,
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims the dead mail1 carries the mail');
