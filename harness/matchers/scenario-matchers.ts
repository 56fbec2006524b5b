// The scenario matchers, said once for every test runner: jest's and vitest's entries register them.
import { carriedBy, MessageOutcome } from '../mail/message-outcome';
import { formatResult, JsonScenarioResult } from '../report/result-table';
import type { ScenarioResult } from '../report/scenario-result';

type AnyResult = ScenarioResult | JsonScenarioResult;
type AnyMessage = AnyResult['messages'][number];

const carrierOf = (message: AnyMessage) => ('deliveries' in message ? carriedBy(message as MessageOutcome) : message.carriedBy);
const isFullResult = (result: AnyResult): result is ScenarioResult => result.messages.every((m) => 'deliveries' in m);

function describeFailures(result: AnyResult): string {
  const failed = result.expectations.filter((e) => !e.passed).map((e) => `  FAIL  ${e.description}: ${e.detail}`);
  const table = isFullResult(result) ? `\n\n${formatResult(result)}` : '';
  return `${failed.join('\n')}${table}`;
}

export const scenarioMatchers = {
  /** Every expectation of the run held. On failure: the failed sentences and the harness's table. */
  toPassScenario(result: AnyResult) {
    return {
      pass: result.passed,
      message: () => result.passed
        ? `expected scenario ${result.scenario} to fail, but every expectation held`
        : `expected scenario ${result.scenario} to pass, but:\n${describeFailures(result)}`,
    };
  },

  /** The message with this harness id was delivered once, carried by `relay`. */
  toHaveMessageCarriedBy(result: AnyResult, id: string, relay: string) {
    const message = (result.messages as AnyMessage[]).find((m) => m.id === id);
    const actual = message ? carrierOf(message) : undefined;
    return {
      pass: actual === relay,
      message: () => !message
        ? `expected a message ${id} in ${result.scenario}; its messages are ${result.messages.slice(0, 5).map((m) => m.id).join(', ')}${result.messages.length > 5 ? ', ...' : ''}`
        : `expected ${id} ${actual === relay ? 'not ' : ''}to be carried by ${relay}; it was ${actual ? `carried by ${actual}` : message.status}`,
    };
  },

  /** The run's distribution check found the split consistent with `model` (not rejected at the run's α). */
  toFollowDistribution(result: AnyResult, model: string) {
    const evidence = result.expectations.find((e) => e.distribution)?.distribution;
    const fit = evidence?.models.find((m) => m.name === model);
    const summary = evidence ? evidence.models.map((m) => `${m.name} p=${m.pValue.toPrecision(3)} (${m.fits ? 'fits' : 'rejected'})`).join(', ') : '';
    return {
      pass: fit?.fits === true,
      message: () => !evidence
        ? `expected ${result.scenario} to have a distribution check (shareFollows); it has none`
        : !fit
          ? `expected a model "${model}" in ${result.scenario}'s distribution check; its models are ${evidence.models.map((m) => m.name).join(', ')}`
          : `expected the split ${Object.entries(evidence.observed).map(([cell, n]) => `${cell} ${n}`).join(' / ')} ${fit.fits ? 'not ' : ''}to follow ${model} at α=${evidence.alpha.toPrecision(2)}: ${summary}`,
    };
  },
};

/** The matchers as a runner's `expect(result)` has them. */
export interface ScenarioMatchers<R> {
  toPassScenario(): R;
  toHaveMessageCarriedBy(id: string, relay: string): R;
  toFollowDistribution(model: string): R;
}
