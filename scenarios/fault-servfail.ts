import { everyMessageDeliveredExactlyOnce, servfail, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * The DNS answers SERVFAIL for server-one's address (its zone "failed to load"). The client cannot
 * find server-one and goes on to the next SRV target in the same delivery, at once.
 */
const scenario = srvFaultScenario({
  name: 'fault-servfail',
  description: "SERVFAIL for server-one's A record: the client goes on to the next SRV target",
  fault: servfail('server-one.example-domain.com'),
  expect: [everyMessageDeliveredExactlyOnce()],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims server-one is still found under SERVFAIL');
