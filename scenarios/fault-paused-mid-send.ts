import { everyMessageDeliveredExactlyOnce, failoverWithin, pause, send, claimingCarriers } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * A fault scheduled in the middle of a stream of mail: server-one freezes once the third message
 * has arrived, for 8 s, while ten messages go out one every 400 ms. Those that meet the frozen
 * server-one wait out smtp_helo_timeout (5 s) and go to server-two or server-three; those that
 * reach it late enough get its greeting when it thaws. None is lost or doubled.
 */
const scenario = srvFaultScenario({
  name: 'fault-paused-mid-send',
  description: 'server-one freezes for 8 s after message 3 of a stream of ten: mail goes round it, none lost',
  steps: [
    pause('server-one', { afterMessage: 3, forMs: 8000 }),
    send(10, { intervalMs: 400 }),
  ],
  expect: [everyMessageDeliveredExactlyOnce(), failoverWithin(7500)],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'server-one', 'claims the stream never left server-one');
