import { dropMidData, everyMessageDeliveredExactlyOnce, everyTryAt, nodeRelay, postfixRelay, sink, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one is a node relay that hangs up while the message body arrives. The client logs a
 * lost connection and tries the next SRV target in the same delivery; no message is lost, and
 * since server-one never said 250, none arrives twice.
 */
const scenario = srvFaultScenario({
  name: 'fault-drop-mid-data',
  description: 'server-one (a node relay) hangs up in the middle of DATA: the next SRV target, nothing lost or doubled',
  servers: [
    nodeRelay('server-one', { port: 2525 }),
    postfixRelay('server-two', { port: 2625 }),
    postfixRelay('server-three', { port: 2625 }),
    sink('server-four'),
  ],
  fault: dropMidData('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), everyTryAt('server-one', 'lost connection', { fromStep: 3 })],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims server-one still carries the mail');
