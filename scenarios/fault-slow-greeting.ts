import { everyMessageDeliveredExactlyOnce, everyTryAt, failoverWithinClientTimeout, smtpFault, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one's greeting comes 12 s late, past the client's smtp_helo_timeout (5 s): the client
 * gives up on it and tries the next SRV target in the same delivery, 5 s per message. The margin
 * keeps the bound under the late greeting, so only a client that gave up meets it. With the
 * greeting 8 s late the margin could be 2.9 s at most, and a busy CI missed it by 167 ms (8067 ms:
 * the next target and its hop to the sink took 3 s): now 5 s of margin, 2 s below the greeting.
 */
const scenario = srvFaultScenario({
  name: 'fault-slow-greeting',
  description: 'server-one greets 12 s late, past smtp_helo_timeout (5 s): the next SRV target after the timeout',
  fault: smtpFault('server-one', { stage: 'greeting', delayMs: 12000 }),
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'greeting timeout', { fromStep: 3 }), failoverWithinClientTimeout({ marginMs: 5000 })],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims the client waits out a greeting 12 s late');
