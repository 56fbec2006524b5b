import { blackHole, messageFates, send, expecting } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * server-one accepts each message (250 after DATA) and loses it: Postfix's DISCARD action. The
 * client has done its part, so it never tries server-two or server-three: the mail is lost at
 * server-one, and the harness says so, message by message.
 */
const scenario = srvFaultScenario({
  name: 'fault-black-hole',
  description: 'server-one accepts the mail and loses it: lost at server-one, no other relay tried',
  steps: [send(1, { expectCarriedBy: 'server-one' }), blackHole('server-one'), send(6)],
  expect: [messageFates({ delivered: 1, lost: 6 })],
  // The six never arrive; waiting the default 20 s for them would only cost time.
  settleTimeoutMs: 4000,
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims the mail goes round a relay that accepts and loses it', [messageFates({ delivered: 7 })], /message fates are exactly: 7 delivered/);
