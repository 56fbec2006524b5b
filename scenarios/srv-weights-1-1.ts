import { claimingModel } from '../harness';
import { srvWeightsScenario } from './_srv-weights';

/** Seed 000: "You can achieve the same goal with the values 1 and 1." */
const scenario = srvWeightsScenario({
  name: 'srv-weights-1-1',
  description: 'SRV weights 1/1: the same even split as 50/50, as the article claims',
  weights: { 'server-two': 1, 'server-three': 1 },
  messages: 400,
  claim: 'postfix',
  alternatives: { '75/25': { 'server-two': 0.75, 'server-three': 0.25 } },
});

export default scenario;

export const negativeTwin = claimingModel(scenario, '75/25');
