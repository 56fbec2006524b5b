import { pause, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/**
 * mail1 frozen: each message waits smtp_helo_timeout, then goes to mail2. A try may
 * also end as a plain timeout: Sendmail's deferral reads "Connection timed out" whether the greeting
 * or the connect ran out (seen once in CI with two runs at once), and a frozen server's full accept
 * queue leaves connects unanswered.
 */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-paused',
  description: 'MX 10 mail1, MX 20 mail2; mail1 frozen: every message delivered by mail2, after smtp_helo_timeout',
  fault: pause('mail1'),
  withinMs: 7500,
  tries: ['greeting timeout', 'timed out'],
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims the frozen mail1 carries the mail');
