import { claimingModel } from '../harness';
import { srvWeightsScenario } from './_srv-weights';

/**
 * Weight 0 next to weights 1 and 1. RFC 2782's intent gives weight 0 (almost) nothing; its
 * procedure read literally gives a third each; Postfix gives (0 + 1/3)/3 = 1/9.
 */
const scenario = srvWeightsScenario({
  name: 'srv-weight-zero',
  description: 'SRV weights 0/1/1: weight 0 still gets ~11 % in Postfix; both RFC 2782 readings are rejected',
  weights: { 'server-one': 0, 'server-two': 1, 'server-three': 1 },
  messages: 450,
  claim: 'postfix',
});

export default scenario;

export const negativeTwin = claimingModel(scenario, 'rfc2782-ideal', "claims RFC 2782's wᵢ/W (weight 0 gets nothing)");
