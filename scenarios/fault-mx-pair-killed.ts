import { kill, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** MX 10 mail1, MX 20 mail2; mail1 killed: connects time out after smtp_connect_timeout, then mail2. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-killed',
  description: 'MX 10 mail1, MX 20 mail2; mail1 killed: connects time out after smtp_connect_timeout, then mail2',
  fault: kill('mail1'),
  withinMs: 3500,
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims the dead mail1 carries the mail');
