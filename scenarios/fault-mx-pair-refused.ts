import { refuse, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** MX 10 mail1, MX 20 mail2; mail1 up with its SMTP port closed: connection refused, mail2 at once. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-refused',
  description: 'MX 10 mail1, MX 20 mail2; mail1 up with its SMTP port closed: connection refused, mail2 at once',
  fault: refuse('mail1'),
  withinMs: 3500,
  tries: 'refused',
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims the refusing mail1 carries the mail');
