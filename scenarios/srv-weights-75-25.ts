import { claimingModel } from '../harness';
import { srvWeightsScenario } from './_srv-weights';

/** Seed 000's 75/25 example: Postfix's split is 74.75 % / 25.25 %, indistinguishable from the ideal, far from 50/50. */
const scenario = srvWeightsScenario({
  name: 'srv-weights-75-25',
  description: 'SRV weights 75/25: the split fits Postfix\'s (wᵢ + 1/n)/(W + 1) and rejects 50/50',
  weights: { 'server-two': 75, 'server-three': 25 },
  messages: 400,
  claim: 'postfix',
  alternatives: { 'even 50/50': { 'server-two': 0.5, 'server-three': 0.5 } },
});

export default scenario;

export const negativeTwin = claimingModel(scenario, 'even 50/50', 'claims an even split');
