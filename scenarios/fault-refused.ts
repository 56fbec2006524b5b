import { everyMessageDeliveredExactlyOnce, everyTryAt, failoverWithin, refuse, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one host up, SMTP port closed: connection refused, the next SRV target at once. */
const scenario = srvFaultScenario({
  name: 'fault-refused',
  description: 'server-one host up, SMTP port closed: connection refused, the next SRV target at once',
  fault: refuse('server-one'),
  // "At once" by the client's log (a refusal, no timeout waited); the time bound only rules out the 5 s ones.
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'refused', { fromStep: 3 }), failoverWithin(3500)],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims server-one still carries the mail');
