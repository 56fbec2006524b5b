import { disconnect } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** Equal-preference MX pair, mail1 off the network: connects time out, then mail2. */
export default mxPairFaultScenario({
  name: 'fault-mx-pair-partitioned',
  description: 'equal-preference MX pair, mail1 off the network: connects time out, then mail2',
  fault: disconnect('mail1'),
  withinMs: 2500,
});
