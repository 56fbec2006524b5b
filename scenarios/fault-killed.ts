import { everyMessageDeliveredExactlyOnce, failoverWithin, kill } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one SIGKILL: connects time out after smtp_connect_timeout, then the next SRV target in the same delivery. */
export default srvFaultScenario({
  name: 'fault-killed',
  description: 'server-one SIGKILL: connects time out after smtp_connect_timeout, then the next SRV target in the same delivery',
  fault: kill('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithin(2500)],
});
