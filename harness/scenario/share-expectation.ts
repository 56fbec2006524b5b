import { carriedBy } from '../mail/message-outcome';
import { goodnessOfFit, power, FitResult } from '../stats/goodness-of-fit';
import { seededRandom } from '../stats/random-source';
import { Distribution, srvDistribution, SrvModel, SRV_MODELS, WeightedTarget } from '../stats/selection-models';
import { NOTHING_COUNTED, Expectation, RunOutcome } from './expectations';

/** A run that honestly follows its claimed model fails by chance at most this often. */
export const RUN_ALPHA = 0.001;
const POWER_TRIALS = 300;

export interface ShareOptions {
  /** 1-based send steps whose messages are counted; default every send step. */
  steps?: number[];
  /** Candidate models: name → expected share per server. */
  models: Record<string, Distribution>;
  /** The model that must fit the observed split. */
  claim: string;
}

/** The expected first-pick shares of one SRV priority under each model: the three readings of RFC 2782 and Postfix. */
export function srvModels(records: WeightedTarget[]): Record<string, Distribution> {
  return Object.fromEntries((Object.keys(SRV_MODELS) as SrvModel[]).map((model) => [model, srvDistribution(records, model)]));
}

const fmt = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const pText = (p: number) => (p === 0 ? '0' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

function describeFit(name: string, fit: FitResult, alpha: number): string {
  const expected = Object.entries(fit.expected).map(([cell, value]) => `${cell} ${fmt(value)}`).join(' / ');
  const chi = `χ²=${Number.isFinite(fit.statistic) ? fit.statistic.toFixed(2) : '∞'} df=${fit.degreesOfFreedom}`;
  const statistic = fit.method === 'chi-square' ? chi : fit.method === 'Monte-Carlo' ? `${chi}, Monte-Carlo p` : 'exact multinomial';
  return `${name} expects ${expected}: ${statistic}, p=${pText(fit.pValue)} → ${fit.pValue < alpha ? 'rejected' : 'fits'}`;
}

/**
 * The split of carriers follows the claimed model: a goodness-of-fit test at α = 0.001 shared
 * among the run's statistical checks. Every other model is tested and reported too, with the
 * test's power to tell it from the claim at this number of messages.
 */
export interface ShareExpectation extends Expectation {
  readonly options: ShareOptions;
}

export function shareFollows(options: ShareOptions): ShareExpectation {
  const where = options.steps ? ` of step${options.steps.length > 1 ? 's' : ''} ${options.steps.join(', ')}` : '';
  const description = `the split of carriers${where} fits the ${options.claim} model`;
  return {
    options,
    description,
    statisticalCheck: true,
    judge: (outcome: RunOutcome) => {
      const alpha = RUN_ALPHA / Math.max(1, outcome.statisticalChecks);
      const counted = outcome.messages.filter((m) => !options.steps || options.steps.includes(m.step + 1));
      const observed: Record<string, number> = {};
      for (const cell of Object.keys(options.models[options.claim])) observed[cell] = 0;
      for (const message of counted) {
        const relay = carriedBy(message) ?? `(${message.status})`;
        observed[relay] = (observed[relay] ?? 0) + 1;
      }
      const n = counted.length;
      if (n === 0) return { description, passed: false, detail: NOTHING_COUNTED };
      const claim = options.models[options.claim];
      const fits = Object.entries(options.models).map(([name, model]) => ({ name, fit: goodnessOfFit(observed, model) }));
      const claimFit = fits.find((f) => f.name === options.claim)!.fit;
      const random = seededRandom(n);
      const powers = Object.entries(options.models)
        .filter(([name, model]) => name !== options.claim && JSON.stringify(model) !== JSON.stringify(claim))
        .map(([name, model]) => `${name} ${power(claim, model, n, alpha, random, POWER_TRIALS).toFixed(2)}`);
      const detail = [
        `n=${n}, observed ${Object.entries(observed).map(([cell, count]) => `${cell} ${count}`).join(' / ')}`,
        ...fits.map(({ name, fit }) => describeFit(name, fit, alpha)),
        `α=${RUN_ALPHA}/${Math.max(1, outcome.statisticalChecks)}`,
        ...(powers.length ? [`power to reject, if ${options.claim} is true: ${powers.join(', ')}`] : []),
      ].join('; ');
      const distribution = {
        n,
        observed,
        claim: options.claim,
        alpha,
        models: fits.map(({ name, fit }) => ({ name, expected: fit.expected, pValue: fit.pValue, method: fit.method, fits: fit.pValue >= alpha })),
      };
      return { description, passed: claimFit.pValue >= alpha, detail, distribution };
    },
  };
}

/** The same scenario judged against another claimed model: how a negative twin of a distribution scenario is made. */
export function withClaim<T extends { expect?: Expectation[] }>(scenario: T, claim: string): T {
  return {
    ...scenario,
    expect: scenario.expect?.map((e) => ('options' in e ? shareFollows({ ...(e as ShareExpectation).options, claim }) : e)),
  };
}
