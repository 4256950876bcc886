/** Interval helpers of the global models: conformal residual quantiles and quantile-level bookkeeping. */
import { zFor } from '../baselines/intervals';

/** Lower and upper quantile levels of a central `level` % interval. */
export function alphasOf(level: number): [number, number] {
  const a = (100 - level) / 200;
  return [Number(a.toFixed(6)), Number((1 - a).toFixed(6))];
}

/** Finite-sample conformal quantile of sorted absolute residuals: the ⌈(n + 1)·level⌉-th smallest. */
export function conformalQuantile(sorted: Float64Array, level: number): number {
  if (!sorted.length) return NaN;
  const k = Math.ceil((sorted.length + 1) * (level / 100));
  return sorted[Math.min(sorted.length, Math.max(1, k)) - 1];
}

/** Absolute residuals grouped by step (1-based, ≤ h), each sorted; steps without residuals get the pooled set. */
export function residualsByStep(abs: Float64Array, steps: Int32Array, h: number): Float64Array[] {
  const by: number[][] = Array.from({ length: h }, () => []);
  for (let i = 0; i < abs.length; i++) if (steps[i] >= 1 && steps[i] <= h && Number.isFinite(abs[i])) by[steps[i] - 1].push(abs[i]);
  const pooled = Float64Array.from(by.flat()).sort();
  return by.map((b) => (b.length >= 20 ? Float64Array.from(b).sort() : pooled));
}

/** Half-width at `level` from a fitted level's half-width, assuming normal errors (for levels not fitted). */
export function rescaleWidth(width: number, fromLevel: number, toLevel: number): number {
  return (width * zFor(toLevel)) / zFor(fromLevel);
}
