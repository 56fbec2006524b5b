import { topologyPlanFor } from '../../harness/scenario/run-scenario';
import { defineScenario, postfixRelay, send, sink, start, stop, type Step } from '../../harness';

// A kept topology may hand a run its servers still stopped only where the run's first steps stop
// them and no later step brings them back: the steps would leave them so.
const plan = (steps: Step[]) => topologyPlanFor(defineScenario({
  name: 'down', description: 'plan only', domain: 'example-domain.com', zone: '',
  servers: [postfixRelay('mail1'), postfixRelay('mail2'), sink('mailstore')],
  steps,
}));

describe('the servers a run has down from its start', () => {
  it('should be those its first steps stop', () => {
    expect([...plan([stop('mail1'), stop('mail2'), send(1)]).downFromTheStart!]).toEqual(['mail1', 'mail2']);
  });

  it('should leave out one a later step starts again, and one stopped only after mail was sent (negative twins)', () => {
    expect([...plan([stop('mail1'), send(1), start('mail1'), send(1)]).downFromTheStart!]).toEqual([]);
    expect([...plan([send(1), stop('mail1'), send(1)]).downFromTheStart!]).toEqual([]);
    expect([...plan([stop('mail1'), send(1), stop('mail2')]).downFromTheStart!]).toEqual(['mail1']);
  });
});
