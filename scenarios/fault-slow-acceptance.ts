import { messageFates, send, smtpFault, wait, expecting, everyMessageDeliveredExactlyOnce } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one answers the end of the message 8 s late, past the client's smtp_data_done_timeout
 * (5 s). The client gives up, but server-one took the message and passes it on: when the client
 * then delivers it again elsewhere, it arrives twice (the duplicate RFC 1047 warns of).
 */
const scenario = srvFaultScenario({
  name: 'fault-slow-acceptance',
  description: 'server-one accepts each message 8 s late, past smtp_data_done_timeout (5 s)',
  steps: [
    send(1, { expectCarriedBy: 'server-one' }),
    smtpFault('server-one', { stage: 'end-of-data', delayMs: 8000 }),
    send(6),
    // Until server-one's own 8 s are over, and what it then does with the six has arrived.
    wait(6000),
  ],
  expect: [messageFates({ delivered: 1, duplicated: 6 })],
  settleTimeoutMs: 30_000,
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims slow acceptance past the timeout delivers each message once', [everyMessageDeliveredExactlyOnce()], /every message is delivered exactly once/);
