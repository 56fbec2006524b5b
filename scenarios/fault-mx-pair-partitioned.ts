import { disconnect, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** MX 10 mail1, MX 20 mail2; mail1 off the network: connects time out, then mail2. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-partitioned',
  description: 'MX 10 mail1, MX 20 mail2; mail1 off the network: connects time out, then mail2',
  fault: disconnect('mail1'),
  withinMs: 3500,
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims the cut-off mail1 carries the mail');
