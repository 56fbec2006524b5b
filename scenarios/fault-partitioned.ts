import { everyMessageDeliveredExactlyOnce, failoverWithinClientTimeout, disconnect, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one off the network: connects time out, then the next SRV target. */
const scenario = srvFaultScenario({
  name: 'fault-partitioned',
  description: 'server-one off the network: connects time out, then the next SRV target',
  fault: disconnect('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithinClientTimeout({ marginMs: 2500 })],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims server-one still carries the mail');
