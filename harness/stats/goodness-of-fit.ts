import type { Distribution } from './selection-models';
import { RandomSource, seededRandom } from './random-source';

export interface FitResult {
  method: 'chi-square' | 'exact multinomial' | 'Monte-Carlo';
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  observed: Record<string, number>;
  expected: Record<string, number>;
}

// ln Γ(x), Lanczos approximation (g = 7, n = 9).
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(s, x): series below s + 1, continued fraction above. */
export function upperGammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + s * Math.log(x) - logGamma(s)));
  }
  let b = x + 1 - s;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + s * Math.log(x) - logGamma(s)) * h;
}

/** P(χ²(df) ≥ x). */
export function chiSquareSurvival(x: number, df: number): number {
  return upperGammaQ(df / 2, x / 2);
}

function logMultinomial(counts: number[], p: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  let log = logGamma(n + 1);
  counts.forEach((c, i) => {
    log -= logGamma(c + 1);
    if (c > 0) log += c * Math.log(p[i]);
  });
  return log;
}

/** Every way to put n balls in k cells. */
function* compositions(n: number, k: number): Generator<number[]> {
  if (k === 1) {
    yield [n];
    return;
  }
  for (let first = 0; first <= n; first++) for (const rest of compositions(n - first, k - 1)) yield [first, ...rest];
}

const EXACT_LIMIT = 200;
/** Draws for a Monte-Carlo p-value, bounded so that one test costs at most ~20 million picks. */
const MONTE_CARLO_PICKS = 20_000_000;
const MONTE_CARLO_MAX_DRAWS = 10_000;
const MONTE_CARLO_MIN_DRAWS = 1_000;

function chiSquareStatistic(counts: number[], p: number[], live: number[], n: number): number {
  return live.reduce((sum, i) => sum + (counts[i] - n * p[i]) ** 2 / (n * p[i]), 0);
}

/**
 * P(a χ² statistic at least as large as the one seen) by simulating the model itself: for small
 * expected counts with n beyond the exact test's reach, where the χ² distribution is a poor guide.
 */
function monteCarloP(statistic: number, p: number[], live: number[], n: number): number {
  const draws = Math.max(MONTE_CARLO_MIN_DRAWS, Math.min(MONTE_CARLO_MAX_DRAWS, Math.floor(MONTE_CARLO_PICKS / Math.max(1, n))));
  const cumulative: number[] = [];
  live.reduce((sum, i) => (cumulative.push(sum + p[i]), sum + p[i]), 0);
  const random = seededRandom(n * 7919 + live.length);
  const counts = new Array<number>(p.length).fill(0);
  let asLarge = 0;
  for (let d = 0; d < draws; d++) {
    counts.fill(0);
    for (let pick = 0; pick < n; pick++) {
      const r = random() * cumulative[cumulative.length - 1];
      let cell = 0;
      while (cell < cumulative.length - 1 && r >= cumulative[cell]) cell++;
      counts[live[cell]]++;
    }
    if (chiSquareStatistic(counts, p, live, n) >= statistic - 1e-9) asLarge++;
  }
  return (asLarge + 1) / (draws + 1);
}

/**
 * Tests observed counts against a model. χ² when every expected count is at least 5; otherwise the
 * exact multinomial test (sum of the probabilities of outcomes no more likely than the one seen)
 * while n ≤ 200 and cells ≤ 4, and beyond that a Monte-Carlo p-value from the model itself.
 * A cell the model gives probability 0 but that was observed rejects the model outright (p = 0).
 */
export function goodnessOfFit(observed: Record<string, number>, model: Distribution, options: { monteCarlo?: boolean } = {}): FitResult {
  const cells = [...new Set([...Object.keys(model), ...Object.keys(observed)])].sort();
  const counts = cells.map((cell) => observed[cell] ?? 0);
  const p = cells.map((cell) => model[cell] ?? 0);
  const n = counts.reduce((a, b) => a + b, 0);
  const expected = Object.fromEntries(cells.map((cell, i) => [cell, n * p[i]]));
  const observedAll = Object.fromEntries(cells.map((cell, i) => [cell, counts[i]]));
  const live = cells.map((_, i) => i).filter((i) => p[i] > 0);
  const df = Math.max(1, live.length - 1);
  const impossible = counts.some((c, i) => c > 0 && p[i] === 0);
  const statistic = chiSquareStatistic(counts, p, live, n);
  if (impossible) return { method: 'chi-square', statistic: Infinity, degreesOfFreedom: df, pValue: 0, observed: observedAll, expected };
  const small = live.some((i) => n * p[i] < 5);
  if (small && n <= EXACT_LIMIT && live.length <= 4) {
    const liveCounts = live.map((i) => counts[i]);
    const liveP = live.map((i) => p[i]);
    const seen = logMultinomial(liveCounts, liveP);
    let pValue = 0;
    for (const outcome of compositions(n, live.length)) {
      const log = logMultinomial(outcome, liveP);
      if (log <= seen + 1e-9) pValue += Math.exp(log);
    }
    return { method: 'exact multinomial', statistic, degreesOfFreedom: df, pValue: Math.min(1, pValue), observed: observedAll, expected };
  }
  if (small && options.monteCarlo !== false) {
    return { method: 'Monte-Carlo', statistic, degreesOfFreedom: df, pValue: monteCarloP(statistic, p, live, n), observed: observedAll, expected };
  }
  return { method: 'chi-square', statistic, degreesOfFreedom: df, pValue: chiSquareSurvival(statistic, df), observed: observedAll, expected };
}

/** Draws n picks from a distribution. */
export function sampleCounts(model: Distribution, n: number, random: RandomSource): Record<string, number> {
  const cells = Object.keys(model);
  const counts = Object.fromEntries(cells.map((cell) => [cell, 0]));
  for (let i = 0; i < n; i++) {
    let r = random();
    const cell = cells.find((c) => (r -= model[c]) < 0) ?? cells[cells.length - 1];
    counts[cell]++;
  }
  return counts;
}

/**
 * Share of simulated runs of `n` messages drawn from `truth` in which `tested` is rejected at
 * `alpha`. Bounded cost: each trial uses the exact test or χ², never a Monte-Carlo p-value of its own.
 */
export function power(truth: Distribution, tested: Distribution, n: number, alpha: number, random: RandomSource, trials = 400): number {
  let rejected = 0;
  for (let i = 0; i < trials; i++) if (goodnessOfFit(sampleCounts(truth, n, random), tested, { monteCarlo: false }).pValue < alpha) rejected++;
  return rejected / trials;
}
