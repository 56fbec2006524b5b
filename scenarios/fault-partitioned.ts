import { everyMessageDeliveredExactlyOnce, failoverWithin, disconnect } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one off the network: connects time out, then the next SRV target. */
export default srvFaultScenario({
  name: 'fault-partitioned',
  description: 'server-one off the network: connects time out, then the next SRV target',
  fault: disconnect('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithin(2500)],
});
