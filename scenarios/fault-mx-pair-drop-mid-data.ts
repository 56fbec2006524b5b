import { dropMidData, nodeRelay, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** mail1, a node relay, hangs up in the middle of DATA: each message goes on to mail2 at once. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-drop-mid-data',
  description: 'MX 10 mail1 (a node relay), MX 20 mail2; mail1 hangs up mid-DATA: every message delivered by mail2',
  mail1: nodeRelay('mail1', { relayhost: 'mailstore.example-domain.com' }),
  fault: dropMidData('mail1'),
  withinMs: 3500,
  tries: 'lost connection',
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims mail1, hanging up mid-DATA, carries the mail');
