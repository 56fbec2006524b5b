import { everyMessageDeliveredExactlyOnce, failoverWithin, refuse } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one host up, SMTP port closed: connection refused, the next SRV target at once. */
export default srvFaultScenario({
  name: 'fault-refused',
  description: 'server-one host up, SMTP port closed: connection refused, the next SRV target at once',
  fault: refuse('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithin(1000)],
});
