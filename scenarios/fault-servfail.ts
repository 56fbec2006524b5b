import { everyMessageDeliveredExactlyOnce, servfail } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * The DNS answers SERVFAIL for server-one's address (its zone "failed to load"). The client cannot
 * find server-one and goes on to the next SRV target in the same delivery, at once.
 */
export default srvFaultScenario({
  name: 'fault-servfail',
  description: "SERVFAIL for server-one's A record: the client goes on to the next SRV target",
  fault: servfail('server-one.example-domain.com'),
  expect: [everyMessageDeliveredExactlyOnce()],
});
