import { everyMessageDeliveredExactlyOnce, everyTryAt, failoverWithin, smtpFault } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one 421 at the greeting: the next SRV target at once. */
export default srvFaultScenario({
  name: 'fault-greeting-4xx',
  description: 'server-one 421 at the greeting: the next SRV target at once',
  fault: smtpFault('server-one', { stage: 'greeting', reply: '421 4.3.2 Service shutting down' }),
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'rejected', { fromStep: 3 }), failoverWithin(2500)],
});
