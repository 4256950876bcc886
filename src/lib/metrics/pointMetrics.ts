/** Point-forecast accuracy metrics. Pairs where actual or forecast is not finite are left out. */
import type { MetricInput, MetricResult } from './types';

/** Calls `each(actual, forecast)` on every finite pair; returns how many were used and skipped. */
export function forEachPair(input: MetricInput, each: (a: number, f: number) => void): { n: number; skipped: number } {
  const { actual, forecast } = input;
  if (actual.length !== forecast.length) throw new Error(`metric: actual (${actual.length}) and forecast (${forecast.length}) differ in length`);
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const f = forecast[i];
    if (!Number.isFinite(a) || !Number.isFinite(f)) continue;
    each(a, f);
    n++;
  }
  return { n, skipped: actual.length - n };
}

/** Result for a mean over `n` points, or null with a reason when there are none. */
export function meanResult(sum: number, n: number, skipped = 0, reason?: string): MetricResult {
  if (n === 0) return { value: null, n: 0, reason: reason ?? 'no points with finite actual and forecast', ...(skipped ? { skipped } : {}) };
  return { value: sum / n, n, ...(skipped ? { skipped, reason } : {}) };
}

const skippedNote = (k: number) => (k ? `${k} point(s) with missing actual or forecast skipped` : undefined);

/** Mean absolute error. */
export function mae(input: MetricInput): MetricResult {
  let s = 0;
  const { n, skipped } = forEachPair(input, (a, f) => (s += Math.abs(f - a)));
  return meanResult(s, n, skipped, skippedNote(skipped));
}

/** Root mean squared error. */
export function rmse(input: MetricInput): MetricResult {
  let s = 0;
  const { n, skipped } = forEachPair(input, (a, f) => (s += (f - a) ** 2));
  const r = meanResult(s, n, skipped, skippedNote(skipped));
  return r.value === null ? r : { ...r, value: Math.sqrt(r.value) };
}

/** Bias: mean error, forecast − actual (positive = over-forecast). */
export function bias(input: MetricInput): MetricResult {
  let s = 0;
  const { n, skipped } = forEachPair(input, (a, f) => (s += f - a));
  return meanResult(s, n, skipped, skippedNote(skipped));
}

/** Mean absolute percentage error in percent; points with actual 0 are skipped and counted. */
export function mape(input: MetricInput): MetricResult {
  let s = 0;
  let zeros = 0;
  const { n, skipped } = forEachPair(input, (a, f) => (a === 0 ? zeros++ : (s += Math.abs((f - a) / a))));
  const used = n - zeros;
  const k = skipped + zeros;
  if (used === 0) return { value: null, n: 0, skipped: k, reason: zeros ? `MAPE undefined: all ${zeros} actual(s) are 0` : 'no points with finite actual and forecast' };
  return { value: (100 * s) / used, n: used, ...(k ? { skipped: k, reason: `${zeros} point(s) with actual 0 skipped` + (skipped ? `, ${skipped} missing` : '') } : {}) };
}

/**
 * Symmetric MAPE on the 0–200 % scale: 200 · mean(|f − a| / (|a| + |f|)); a 0/0 term (both zero) counts as 0.
 */
export function smape(input: MetricInput): MetricResult {
  let s = 0;
  const { n, skipped } = forEachPair(input, (a, f) => {
    const d = Math.abs(a) + Math.abs(f);
    if (d > 0) s += Math.abs(f - a) / d;
  });
  return meanResult(200 * s, n, skipped, skippedNote(skipped));
}

/** Weighted APE in percent: 100 · Σ|e| / Σ|y|; null with a reason when Σ|y| = 0. */
export function wape(input: MetricInput): MetricResult {
  let se = 0;
  let sy = 0;
  const { n, skipped } = forEachPair(input, (a, f) => {
    se += Math.abs(f - a);
    sy += Math.abs(a);
  });
  if (n === 0) return meanResult(0, 0, skipped);
  if (sy === 0) return { value: null, n, reason: `WAPE undefined: all ${n} actual(s) are 0`, ...(skipped ? { skipped } : {}) };
  return { value: (100 * se) / sy, n, ...(skipped ? { skipped, reason: skippedNote(skipped) } : {}) };
}
