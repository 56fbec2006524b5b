import { srvDistribution, srvPick, SrvModel, mxAddressDistribution, WeightedTarget } from '../../harness/stats/selection-models';
import { chiSquareSurvival, goodnessOfFit, power, sampleCounts } from '../../harness/stats/goodness-of-fit';
import { seededRandom } from '../../harness/stats/random-source';

const records = (...weights: number[]): WeightedTarget[] => weights.map((weight, i) => ({ target: `t${i}`, weight }));

describe('SRV selection models', () => {
  it("should give Postfix's first pick (wᵢ + 1/n)/(W + 1): 75:25 → 0.7475 / 0.2525", () => {
    const d = srvDistribution(records(75, 25), 'postfix');
    expect(d.t0).toBeCloseTo(0.7475, 4);
    expect(d.t1).toBeCloseTo(0.2525, 4);
  });

  it('should give weight 0 a share under Postfix and none under the ideal', () => {
    expect(srvDistribution(records(0, 1, 1), 'postfix').t0).toBeCloseTo(1 / 9, 6);
    expect(srvDistribution(records(0, 1, 1), 'rfc2782-ideal').t0).toBe(0);
    expect(srvDistribution(records(0, 1, 1), 'rfc2782-literal')).toEqual({ t0: 1 / 3, t1: 1 / 3, t2: 1 / 3 });
  });

  it.each<[SrvModel, number[]]>([
    ['postfix', [75, 25]],
    ['postfix', [0, 1, 1]],
    ['postfix', [1, 1]],
    ['rfc2782-literal', [0, 1, 1]],
    ['rfc2782-literal', [0, 0, 3]],
    ['rfc2782-ideal', [75, 25]],
    ['rfc2782-ideal', [0, 1, 1]],
  ])('should match a seeded simulation of the %s procedure for weights %j', (model, weights) => {
    const targets = records(...weights);
    const random = seededRandom(2782);
    const counts: Record<string, number> = {};
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const pick = srvPick(targets, model, random);
      counts[pick] = (counts[pick] ?? 0) + 1;
    }
    const expected = srvDistribution(targets, model);
    for (const target of targets) expect((counts[target.target] ?? 0) / n).toBeCloseTo(expected[target.target], 2);
  });

  it('should give an equal-preference MX host a share per address', () => {
    expect(mxAddressDistribution({ a: 2, b: 1 })).toEqual({ a: 2 / 3, b: 1 / 3 });
  });
});

describe('goodness of fit', () => {
  it('should match χ² critical values', () => {
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(13.816, 2)).toBeCloseTo(0.001, 4);
    expect(chiSquareSurvival(10.828, 1)).toBeCloseTo(0.001, 4);
  });

  it('should fit the measured 0:1:1 split (217/876/907) to Postfix and reject both RFC readings', () => {
    const observed = { t0: 217, t1: 876, t2: 907 };
    expect(goodnessOfFit(observed, srvDistribution(records(0, 1, 1), 'postfix')).pValue).toBeGreaterThan(0.01);
    expect(goodnessOfFit(observed, srvDistribution(records(0, 1, 1), 'rfc2782-ideal')).pValue).toBe(0);
    expect(goodnessOfFit(observed, srvDistribution(records(0, 1, 1), 'rfc2782-literal')).pValue).toBeLessThan(1e-6);
  });

  it('should use the exact multinomial test when expected counts are small', () => {
    const fit = goodnessOfFit({ a: 3, b: 1 }, { a: 0.5, b: 0.5 });
    expect(fit.method).toBe('exact multinomial');
    // Outcomes of 4 fair picks as or less likely than 3:1 — all but 2:2 — have probability 1 - 6/16.
    expect(fit.pValue).toBeCloseTo(10 / 16, 10);
  });

  it('should reject an honest model about 1 time in 1000 at α = 0.001', () => {
    const model = { a: 0.75, b: 0.25 };
    const random = seededRandom(7);
    let rejected = 0;
    for (let i = 0; i < 5000; i++) if (goodnessOfFit(sampleCounts(model, 400, random), model).pValue < 0.001) rejected++;
    expect(rejected / 5000).toBeLessThan(0.004);
  });

  it('should tell 75/25 from 50/50 with 200 messages almost always', () => {
    expect(power({ a: 0.75, b: 0.25 }, { a: 0.5, b: 0.5 }, 200, 0.001, seededRandom(1))).toBeGreaterThan(0.99);
  });
});

describe('a small expected count with many messages', () => {
  const rare = { common: 0.998, rare: 0.002 };

  it('should use a Monte-Carlo p-value from the model, not the χ² approximation', () => {
    const usual = goodnessOfFit({ common: 998, rare: 2 }, rare);
    expect(usual.method).toBe('Monte-Carlo');
    expect(usual.pValue).toBeGreaterThan(0.5);
    // P(X ≥ 10) for X ~ Binomial(1000, 0.002) is 4.6e-5: the simulation can only say "below 1 in 10,000".
    const tooMany = goodnessOfFit({ common: 990, rare: 10 }, rare);
    expect(tooMany.pValue).toBeLessThan(0.001);
    expect(tooMany.pValue).toBeGreaterThan(0);
  });

  it('should be repeatable (seeded) and leave the power estimate on the cheap tests', () => {
    expect(goodnessOfFit({ common: 995, rare: 5 }, rare).pValue).toBe(goodnessOfFit({ common: 995, rare: 5 }, rare).pValue);
    expect(goodnessOfFit({ common: 995, rare: 5 }, rare, { monteCarlo: false }).method).toBe('chi-square');
  });
});
