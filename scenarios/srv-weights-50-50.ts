import { claimingModel } from '../harness';
import { srvWeightsScenario } from './_srv-weights';

/** Seed 000's zone: SRV 1 50 server-two, SRV 1 50 server-three. */
const scenario = srvWeightsScenario({
  name: 'srv-weights-50-50',
  description: 'SRV weights 50/50: an even split',
  weights: { 'server-two': 50, 'server-three': 50 },
  messages: 400,
  claim: 'postfix',
  alternatives: { '75/25': { 'server-two': 0.75, 'server-three': 0.25 } },
});

export default scenario;

export const negativeTwin = claimingModel(scenario, '75/25');
