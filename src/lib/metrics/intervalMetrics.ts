/** Probabilistic metrics: pinball loss, interval coverage and interval width. */
import { forEachPair, meanResult } from './pointMetrics';
import type { MetricFn, MetricInput, MetricResult } from './types';

function bounds(input: MetricInput, level: number): { lo: ArrayLike<number>; hi: ArrayLike<number> } | null {
  const lo = input.lo?.[level];
  const hi = input.hi?.[level];
  return lo && hi ? { lo, hi } : null;
}

/** Options of {@link pinball}. */
export interface PinballOptions {
  /**
   * Where the τ-quantile forecast comes from: `forecast` reads `input.forecast`; `interval` (default unless
   * τ = 0.5) reads the bound of the central interval whose edge is τ (τ = 0.1 → `lo[80]`, τ = 0.975 → `hi[95]`).
   */
  source?: 'forecast' | 'interval';
}

/** Pinball (quantile) loss at quantile τ ∈ (0, 1): mean of max(τ·(y − q), (τ − 1)·(y − q)). */
export function pinball(tau: number, options: PinballOptions = {}): MetricFn {
  if (!(tau > 0 && tau < 1)) throw new Error(`pinball: quantile ${tau} not in (0, 1)`);
  const source = options.source ?? (tau === 0.5 ? 'forecast' : 'interval');
  return (input) => {
    let q: ArrayLike<number> | undefined = input.forecast;
    if (source === 'interval') {
      const level = Math.round(100 * Math.abs(1 - 2 * tau) * 1e6) / 1e6;
      q = tau < 0.5 ? input.lo?.[level] : input.hi?.[level];
      if (!q) return { value: null, n: 0, reason: `no ${level} % interval for quantile ${tau}` };
    }
    let s = 0;
    const { n, skipped } = forEachPair({ actual: input.actual, forecast: q }, (a, f) => {
      const d = a - f;
      s += Math.max(tau * d, (tau - 1) * d);
    });
    return meanResult(s, n, skipped);
  };
}

/** Share (0–1) of actuals inside [lo, hi] of the `level` % interval. */
export function coverage(level: number): MetricFn {
  return (input): MetricResult => {
    const b = bounds(input, level);
    if (!b) return { value: null, n: 0, reason: `no ${level} % interval` };
    let inside = 0;
    let used = 0;
    for (let i = 0; i < input.actual.length; i++) {
      const a = input.actual[i];
      if (!Number.isFinite(a) || !Number.isFinite(b.lo[i]) || !Number.isFinite(b.hi[i])) continue;
      used++;
      if (a >= b.lo[i] && a <= b.hi[i]) inside++;
    }
    return meanResult(inside, used, input.actual.length - used);
  };
}

/** Mean width hi − lo of the `level` % interval. */
export function intervalWidth(level: number): MetricFn {
  return (input) => {
    const b = bounds(input, level);
    if (!b) return { value: null, n: 0, reason: `no ${level} % interval` };
    let s = 0;
    const { n, skipped } = forEachPair({ actual: b.lo, forecast: b.hi }, (lo, hi) => (s += hi - lo));
    return meanResult(s, n, skipped);
  };
}
