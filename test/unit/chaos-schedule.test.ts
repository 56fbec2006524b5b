import { chaosSchedule, isGap, type ChaosEntry } from '../../harness/scenario/chaos-schedule';
import { chaosContextOf } from '../../harness/scenario/step-registry';
import { stepCheckContext, scenarioProblems } from '../../harness/scenario/validate-scenario';
import { chaos, nodeRelay, postfixRelay, send, sink, type ChaosOptions } from '../../harness';
import failover from '../../scenarios/failover';

// The schedule a seed draws, without containers: the same seed the same faults, never every relay
// broken at once, and only faults each server can play (the step registry's own checks).
const servers = [postfixRelay('mail1'), postfixRelay('mail2'), nodeRelay('mail3'), sink('server-four')];
// failover's zone names its own servers; only the steps' problems are this test's.
const scenario = { ...failover, servers, steps: [send(1)] };
const stepProblemsOf = (input: object) => scenarioProblems(input).filter((problem) => /^steps?[ .]/.test(problem));
const context = chaosContextOf(stepCheckContext(scenario));
const options: ChaosOptions = { seed: 7, servers: ['mail1', 'mail2', 'mail3'], faults: 60, everyMs: 1000, forMs: [1500, 4000] };
const entries = (o: ChaosOptions) => chaosSchedule(chaos(o), context).filter((e): e is ChaosEntry => !isGap(e));

describe('a chaos schedule', () => {
  it('should be the same for the same seed, and another for another seed', () => {
    expect(chaosSchedule(chaos(options), context)).toEqual(chaosSchedule(chaos(options), context));
    expect(chaosSchedule(chaos({ ...options, seed: 8 }), context)).not.toEqual(chaosSchedule(chaos(options), context));
  });

  it('should begin one fault or gap per slot, at a drawn moment within its first half, until every fault is placed', () => {
    const schedule = chaosSchedule(chaos(options), context);
    expect(schedule.filter((entry) => !isGap(entry))).toHaveLength(60);
    expect(schedule.length).toBeGreaterThan(60);
    schedule.forEach((entry, i) => expect(entry.atMs).toBeGreaterThanOrEqual(i * 1000));
    schedule.forEach((entry, i) => expect(entry.atMs).toBeLessThan(i * 1000 + 500));
  });

  it('should never break every relay at once with keepOneUp, and should without it', () => {
    const brokenTogether = (list: ChaosEntry[]) => Math.max(...list.map((e) => list.filter((o) => o.atMs <= e.atMs && e.atMs < o.atMs + o.forMs + 2000).length));
    expect(brokenTogether(entries(options))).toBeLessThan(3);
    expect(brokenTogether(entries({ ...options, keepOneUp: false, everyMs: 400, forMs: 5000 }))).toBe(3);
  });

  it('should never put two faults on one server at once', () => {
    const list = entries({ ...options, everyMs: 300 });
    for (const e of list) expect(list.filter((o) => o !== e && o.server === e.server && o.atMs <= e.atMs && e.atMs < o.atMs + o.forMs + 2000)).toEqual([]);
  });

  it('should draw for each server only the faults it can play', () => {
    const list = entries({ ...options, kinds: ['refuse', '4xx', 'black-hole', 'pause'], faults: 200, everyMs: 200 });
    // refuse closes a Postfix relay's port; the node relay has no HELO hook.
    expect(list.filter((e) => e.kind === 'refuse').map((e) => e.server)).not.toContain('mail3');
    expect(list.filter((e) => e.server === 'mail3' && e.step.kind === 'smtp-fault').map((e) => (e.step as { stage: string }).stage)).not.toContain('helo');
    expect(new Set(list.map((e) => e.kind))).toEqual(new Set(['refuse', '4xx', 'black-hole', 'pause']));
    expect(new Set(list.map((e) => e.server))).toEqual(new Set(['mail1', 'mail2', 'mail3']));
  });

  it('should be refused before start, in a sentence, when it names what the servers cannot do', () => {
    const problems = (o: ChaosOptions) => stepProblemsOf({ ...scenario, steps: [chaos(o), send(10)] });
    expect(problems({ ...options, servers: ['mail9'] })).toEqual([expect.stringMatching(/^step 1 \(chaos\) names unknown server "mail9"/)]);
    expect(problems({ ...options, servers: ['mail3'], kinds: ['refuse'] })).toEqual(['step 1 (chaos) asks for refuse, which none of mail3 can play']);
    expect(problems({ ...options, servers: ['server-four'], kinds: ['4xx'] })).toEqual(['step 1 (chaos) asks for 4xx, which none of server-four can play']);
    const oneRelay = { ...scenario, servers: [postfixRelay('mail1'), sink('server-four')] };
    expect(stepProblemsOf({ ...oneRelay, steps: [chaos({ ...options, servers: ['mail1'] }), send(10)] })).toEqual([expect.stringMatching(/could break nothing: keepOneUp keeps the last relay up/)]);
    expect(problems({ ...options, forMs: [3000, 1000] })).toEqual([expect.stringMatching(/forMs: must be a duration or \[min, max\] with min <= max/)]);
    expect(problems(options)).toEqual([]);
  });
});
