import { servfail, claimingCarriers } from '../harness';
import { mxPairFaultScenario } from './_mx-pair-faults';

/** SERVFAIL for mail1's address: the client skips that MX host without a word in its log; mail2 carries it all. */
const scenario = mxPairFaultScenario({
  name: 'fault-mx-pair-servfail',
  description: "MX 10 mail1, MX 20 mail2; SERVFAIL for mail1's A record: every message delivered by mail2",
  fault: servfail('mail1.example-domain.com'),
});

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 2, 'mail1', 'claims mail1 is still found under SERVFAIL');
