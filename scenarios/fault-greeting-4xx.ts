import { everyMessageDeliveredExactlyOnce, everyTryAt, failoverWithin, smtpFault, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one 421 at the greeting: the next SRV target at once. */
const scenario = srvFaultScenario({
  name: 'fault-greeting-4xx',
  description: 'server-one 421 at the greeting: the next SRV target at once',
  fault: smtpFault('server-one', { stage: 'greeting', reply: '421 4.3.2 Service shutting down' }),
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'rejected', { fromStep: 3 }), failoverWithin(3500)],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims server-one still carries the mail');
