import { everyMessageDeliveredExactlyOnce, everyTryAt, failoverWithin, failoverWithinClientTimeout, pause, expecting } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one frozen: the TCP handshake completes, the greeting never comes; the next SRV target after
 * smtp_helo_timeout (5 s at test timing, 300 s as Postfix ships: `--timing shipped`).
 */
const scenario = srvFaultScenario({
  name: 'fault-paused',
  description: 'server-one frozen: the TCP handshake completes, the greeting never comes; the next SRV target after smtp_helo_timeout',
  fault: pause('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'greeting timeout', { fromStep: 3 }), failoverWithinClientTimeout({ marginMs: 2500 })],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims failover within 3 s, under smtp_helo_timeout (5 s)', [failoverWithin(3000)], /mail goes round each fault within 3000 ms/);
