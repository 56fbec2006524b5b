import { everyMessageDeliveredExactlyOnce, failoverWithinClientTimeout, kill, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/** server-one SIGKILL: connects time out after smtp_connect_timeout, then the next SRV target in the same delivery. */
const scenario = srvFaultScenario({
  name: 'fault-killed',
  description: 'server-one SIGKILL: connects time out after smtp_connect_timeout, then the next SRV target in the same delivery',
  fault: kill('server-one'),
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithinClientTimeout({ marginMs: 2500 })],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 3, 'server-one', 'claims server-one still carries the mail');
