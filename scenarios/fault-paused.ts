import { everyMessageDeliveredExactlyOnce, everyTryAt, failoverWithin, pause } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one frozen: the TCP handshake completes, the greeting never comes; the next SRV target after smtp_helo_timeout. */
export default srvFaultScenario({
  name: 'fault-paused',
  description: 'server-one frozen: the TCP handshake completes, the greeting never comes; the next SRV target after smtp_helo_timeout',
  fault: pause('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'greeting timeout', { fromStep: 3 }), failoverWithin(6500)],
});
