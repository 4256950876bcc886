/**
 * A monotone quantile function (inverse distribution) through a forecast's quantiles for one period,
 * with tails that keep demand ≥ 0: linear down towards 0 below the lowest quantile, exponential above
 * the highest one (slope matched at the last knot).
 */

/** One period of a probabilistic forecast: the mean and any set of quantiles {p → value}, 0 < p < 1. */
export interface PeriodForecast {
  mean: number;
  quantiles: Record<number, number>;
  /** Variance / mean of the count distribution used when there are no quantiles (intermittent demand). */
  dispersion?: number;
}

/** Quantile function u ∈ (0, 1) → demand ≥ 0. */
export type QuantileFn = (u: number) => number;

/**
 * Builds the quantile function of one period from its quantiles. Values are clamped at 0 and made
 * non-decreasing in p (crossing quantiles are sorted, as a model may produce them). Needs ≥ 2
 * quantiles; with fewer it returns `undefined` and the caller chooses a parametric distribution.
 */
export function quantileFunction(f: PeriodForecast): QuantileFn | undefined {
  const ps = Object.keys(f.quantiles).map(Number).filter((p) => p > 0 && p < 1 && Number.isFinite(f.quantiles[p])).sort((a, b) => a - b);
  if (ps.length < 2) return undefined;
  const qs = ps.map((p) => Math.max(0, f.quantiles[p])).sort((a, b) => a - b);
  const n = ps.length;
  const slopeLo = (qs[1] - qs[0]) / (ps[1] - ps[0]);
  const q0 = Math.max(0, qs[0] - slopeLo * ps[0]);
  const slopeHi = (qs[n - 1] - qs[n - 2]) / (ps[n - 1] - ps[n - 2]);
  const theta = slopeHi * (1 - ps[n - 1]);
  return (u: number) => {
    if (u <= ps[0]) return q0 + ((qs[0] - q0) * u) / ps[0];
    if (u >= ps[n - 1]) return qs[n - 1] + theta * Math.log((1 - ps[n - 1]) / Math.max(1e-12, 1 - u));
    let i = 1;
    while (ps[i] < u) i++;
    const w = (u - ps[i - 1]) / (ps[i] - ps[i - 1]);
    return qs[i - 1] + w * (qs[i] - qs[i - 1]);
  };
}

/** Quantiles of a forecast with interval levels (lo/hi at level l → p = (1 − l/100)/2 and 1 − that). */
export function quantilesFromBands(lo: Record<number, number>, hi: Record<number, number>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [l, v] of Object.entries(lo)) out[Math.round(((1 - Number(l) / 100) / 2) * 1e6) / 1e6] = v;
  for (const [l, v] of Object.entries(hi)) out[Math.round((1 - (1 - Number(l) / 100) / 2) * 1e6) / 1e6] = v;
  return out;
}
