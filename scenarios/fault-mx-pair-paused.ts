import { pause, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/**
 * mail1 frozen: each message waits the client's greeting timeout, then goes to mail2. The bound is
 * that timeout plus 2.5 s, so the row holds at any timing (5 s at test timing, Postfix's 300 s
 * smtp_helo_timeout or OpenSMTPD's compiled-in 300 s as shipped). A try may
 * also end as a plain timeout: Sendmail's deferral reads "Connection timed out" whether the greeting
 * or the connect ran out (seen once in CI with two runs at once), and a frozen server's full accept
 * queue leaves connects unanswered.
 */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-paused',
  description: 'MX 10 mail1, MX 20 mail2; mail1 frozen: every message delivered by mail2, after the client\'s greeting timeout',
  fault: pause('mail1'),
  withinClientTimeoutPlusMs: 2500,
  tries: ['greeting timeout', 'timed out'],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims the frozen mail1 carries the mail');
