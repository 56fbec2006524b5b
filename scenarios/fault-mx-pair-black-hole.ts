import { blackHole, everyTryAt, lostOnlyAt, expecting, everyMessageDeliveredExactlyOnce } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/**
 * mail1 accepts each message and loses it: the messages that pick mail1 are handed over (250) and
 * gone, the client tries nothing else; those that pick mail2 arrive. The harness names mail1.
 */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-black-hole',
  description: 'equal-preference MX pair, mail1 accepts and loses the mail: what picks mail1 is lost there, the rest arrives via mail2',
  fault: blackHole('mail1'),
  expect: [lostOnlyAt('mail1'), everyTryAt('mail1', 'sent')],
  settleTimeoutMs: 4000,
  equalPreference: true,
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims every message arrives despite the black hole', [everyMessageDeliveredExactlyOnce()], /every message is delivered exactly once/);
