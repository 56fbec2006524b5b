import type { MessageOutcome } from '../mail/message-outcome';
import type { ServerIdentity } from '../mail/attribution';
import type { FailoverTime } from '../mail/failover-time';
import type { ClientConnection } from '../model/mail-records';
import type { ScenarioResult } from '../report/scenario-result';
import type { ScenarioDefinition } from './define-scenario';
import { carriedByOneOf, everyMessageDeliveredExactlyOnce, Expectation, ExpectationResult } from './expectations';

/** What a scenario asks of its run: each send step's carriers, then its run-wide expectations. */
export function scenarioExpectations(scenario: ScenarioDefinition): Expectation[] {
  const perStep = scenario.steps.flatMap((step, index) =>
    step.kind === 'send' && step.expectCarriedBy ? [carriedByOneOf(index, step.count, step.expectCarriedBy)] : [],
  );
  return [...perStep, ...(scenario.expect ?? [everyMessageDeliveredExactlyOnce()])];
}

/** Judges the messages of a run against a scenario's expectations; checks made during the story come first. */
export function judgeMessages(scenario: ScenarioDefinition, messages: MessageOutcome[], identities: ServerIdentity[], stepChecks: ExpectationResult[], failovers: FailoverTime[] = [], sessions: ClientConnection[] = []): ExpectationResult[] {
  const judged = scenarioExpectations(scenario);
  const outcome = { messages, identities, failovers, sessions, statisticalChecks: judged.filter((expectation) => expectation.statisticalCheck).length };
  // Each verdict says what it judged by: its own rule, else the scenario's source.
  return [...stepChecks, ...judged.map((expectation) => {
    const rule = expectation.rule ?? scenario.source;
    return { ...expectation.judge(outcome), ...(rule ? { rule } : {}) };
  })];
}

/** Everything that makes a run what it is: two scenarios equal here would start and do the same. */
function runShape(scenario: ScenarioDefinition): string {
  const { name: _name, description: _description, source: _source, expect: _expect, ...rest } = scenario;
  const steps = rest.steps.map((step) => (step.kind === 'send' ? { ...step, expectCarriedBy: undefined } : step));
  return JSON.stringify({ ...rest, steps });
}

/** True when `other` differs from `scenario` only in what it expects, so one run serves both. */
export function sameRun(scenario: ScenarioDefinition, other: ScenarioDefinition): boolean {
  return runShape(scenario) === runShape(other);
}

/** The sentence of the client's own documentation that foretells a failed run on it; undefined for a pass or another client. */
export function documentedFailure(scenario: ScenarioDefinition, mta: string | undefined, passed: boolean): string | undefined {
  return passed || !mta ? undefined : scenario.documentedFailures?.[mta];
}

/**
 * The verdict another scenario would reach on this run's evidence: one run, two judgements. Only
 * for a scenario that differs in its expectations alone (a negative twin that claims something else).
 */
export function judgeAgain(result: ScenarioResult, scenario: ScenarioDefinition, original: ScenarioDefinition): ScenarioResult {
  if (!sameRun(original, scenario)) throw new Error(`${scenario.name} differs from ${original.name} in more than its expectations: it needs its own run`);
  const expected = (step: number) => {
    const definition = scenario.steps[step];
    return definition?.kind === 'send' ? definition.expectCarriedBy ?? null : null;
  };
  const messages = result.messages.map((message) => ({ ...message, expectCarriedBy: expected(message.step) }));
  const expectations = judgeMessages(scenario, messages, result.identities ?? [], result.stepChecks ?? [], result.failovers ?? [], result.sessions ?? []);
  const passed = expectations.every((expectation) => expectation.passed);
  const { documented: _before, ...rest } = result;
  const documented = documentedFailure(scenario, result.client?.mta, passed);
  return {
    ...rest,
    ...(documented ? { documented } : {}),
    scenario: scenario.name,
    description: scenario.description,
    messages,
    expectations,
    passed,
    artifactsDir: undefined,
  };
}
