import { kill } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** Equal-preference MX pair, mail1 killed: connects time out after smtp_connect_timeout, then mail2. */
export default mxPairFaultScenario({
  name: 'fault-mx-pair-killed',
  description: 'equal-preference MX pair, mail1 killed: connects time out after smtp_connect_timeout, then mail2',
  fault: kill('mail1'),
  withinMs: 2500,
});
