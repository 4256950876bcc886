/**
 * Count distributions for intermittent demand: Poisson when the variance does not exceed the mean,
 * negative binomial (a compound Poisson: Poisson with gamma-distributed rate) when it does. Both put
 * their mass on 0, 1, 2, … — never on negative demand.
 */
import type { QuantileFn } from './quantileFunction';

/** Log of the gamma function (Lanczos, g = 7). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Probability mass 0…kMax of Poisson(mean) or, when variance > mean, NB with that mean and variance. */
export function countPmf(mean: number, variance: number, tail = 1e-9): Float64Array {
  if (!(mean > 0)) return Float64Array.of(1);
  const pmf: number[] = [];
  let cum = 0;
  if (!(variance > mean * 1.0001)) {
    let p = Math.exp(-mean);
    for (let k = 0; cum < 1 - tail && k < 1e6; k++) {
      if (k > 0) p *= mean / k;
      pmf.push(p);
      cum += p;
      if (p === 0 && k > mean) break;
    }
  } else {
    const r = (mean * mean) / (variance - mean);
    const q = mean / variance; // success probability
    for (let k = 0; cum < 1 - tail && k < 1e6; k++) {
      const p = Math.exp(logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(q) + k * Math.log(1 - q));
      pmf.push(p);
      cum += p;
    }
  }
  return Float64Array.from(pmf);
}

/** Quantile function of a count distribution (smallest k with F(k) ≥ u). */
export function countQuantileFn(mean: number, variance: number): QuantileFn {
  const pmf = countPmf(mean, variance);
  const cdf = new Float64Array(pmf.length);
  let c = 0;
  pmf.forEach((p, i) => (cdf[i] = c += p));
  return (u: number) => {
    let lo = 0;
    let hi = cdf.length - 1;
    if (u >= cdf[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] >= u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Whether a history looks intermittent: over 30 % zero periods, or mean below 2 units a period. */
export function isIntermittent(y: ArrayLike<number>): boolean {
  let zeros = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 0) zeros++;
    sum += y[i];
  }
  return y.length > 0 && (zeros / y.length > 0.3 || sum / y.length < 2);
}
