import { refuse } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** Equal-preference MX pair, mail1 up with its SMTP port closed: connection refused, mail2 at once. */
export default mxPairFaultScenario({
  name: 'fault-mx-pair-refused',
  description: 'equal-preference MX pair, mail1 up with its SMTP port closed: connection refused, mail2 at once',
  fault: refuse('mail1'),
  withinMs: 2500,
  tries: 'refused',
});
