/**
 * Split-conformal intervals from backtest residuals: per horizon step, the empirical quantile of absolute
 * residuals pooled over series (optionally divided by each series' MAE so one scale fits all series).
 */
import type { BacktestRow } from './types';

/** Options of {@link calibrateConformal}. */
export interface ConformalOptions {
  h: number;
  /** `mae`: residuals are divided by their series' calibration MAE and scaled back per series (default `none`). */
  scaleBy?: 'none' | 'mae';
  /** Only rows of this model (default: all rows given). */
  model?: string;
  /** Only these window indices (default all). */
  windows?: number[];
}

export interface ConformalCalibration {
  h: number;
  scaleBy: 'none' | 'mae';
  /** Sorted absolute (scaled) residuals per step; index 0 = step 1. */
  byStep: Float64Array[];
  /** All steps pooled, used for a step with no residuals. */
  pooled: Float64Array;
  /** Per-series MAE when `scaleBy` is `mae`. */
  seriesScale: Record<string, number>;
  /** Scale for series not seen in calibration: the median series scale. */
  defaultScale: number;
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

/** Collects residuals of `rows` by horizon step. */
export function calibrateConformal(rows: BacktestRow[], options: ConformalOptions): ConformalCalibration {
  const { h, scaleBy = 'none' } = options;
  const keep = options.windows ? new Set(options.windows) : null;
  const use = rows.filter((r) => (!options.model || r.model === options.model) && (!keep || keep.has(r.window)));
  const sums = new Map<string, { s: number; n: number }>();
  for (const r of use) {
    const acc = sums.get(r.id) ?? { s: 0, n: 0 };
    r.actual.forEach((a, i) => Number.isFinite(a - r.mean[i]) && ((acc.s += Math.abs(a - r.mean[i])), acc.n++));
    sums.set(r.id, acc);
  }
  const seriesScale = scaleBy === 'mae' ? Object.fromEntries([...sums].filter(([, v]) => v.n).map(([id, v]) => [id, v.s / v.n])) : {};
  const scales = sorted(Object.values(seriesScale));
  const defaultScale = scales.length ? scales[scales.length >> 1] : 1;
  const steps: number[][] = Array.from({ length: h }, () => []);
  for (const r of use) {
    const sc = scaleBy === 'mae' ? seriesScale[r.id] : 1;
    r.actual.forEach((a, i) => {
      const e = Math.abs(a - r.mean[i]);
      if (!Number.isFinite(e) || r.step[i] < 1 || r.step[i] > h) return;
      steps[r.step[i] - 1].push(sc > 0 ? e / sc : 0);
    });
  }
  return { h, scaleBy, byStep: steps.map(sorted), pooled: sorted(steps.flat()), seriesScale, defaultScale };
}

/** Finite-sample conformal quantile: the ⌈(n + 1)·level⌉-th smallest residual (the largest when that exceeds n). */
function quantile(res: Float64Array, level: number): number {
  if (!res.length) return NaN;
  const k = Math.ceil((res.length + 1) * (level / 100));
  return res[Math.min(res.length, Math.max(1, k)) - 1];
}

/** Half-width of the `level` % interval at horizon `step` (1-based) for series `id`. */
export function conformalHalfWidth(cal: ConformalCalibration, step: number, level: number, id?: string): number {
  const res = cal.byStep[step - 1]?.length ? cal.byStep[step - 1] : cal.pooled;
  const scale = cal.scaleBy === 'mae' ? (id !== undefined ? cal.seriesScale[id] : undefined) ?? cal.defaultScale : 1;
  return quantile(res, level) * scale;
}

/** Anything with a point forecast; `step` defaults to position + 1. */
export interface ConformalTarget {
  id: string;
  mean: Float64Array;
  lo: Record<number, Float64Array>;
  hi: Record<number, Float64Array>;
  step?: Int32Array;
}

/** Options of {@link applyConformal}. */
export interface ApplyConformalOptions {
  levels: number[];
  /** Clip lower bounds at this value (e.g. 0 for sales). */
  lowerBound?: number;
}

/** Copies of `forecasts` with lo/hi = mean ∓ the conformal half-width, for each level (existing bounds replaced). */
export function applyConformal<T extends ConformalTarget>(forecasts: T[], calibration: ConformalCalibration, options: ApplyConformalOptions): T[] {
  const floor = options.lowerBound ?? -Infinity;
  return forecasts.map((f) => {
    const lo = { ...f.lo };
    const hi = { ...f.hi };
    for (const level of options.levels) {
      const w = Float64Array.from(f.mean, (_, i) => conformalHalfWidth(calibration, f.step ? f.step[i] : i + 1, level, f.id));
      lo[level] = Float64Array.from(f.mean, (m, i) => Math.max(floor, m - w[i]));
      hi[level] = Float64Array.from(f.mean, (m, i) => m + w[i]);
    }
    return { ...f, lo, hi };
  });
}

/** Options of {@link calibrateQuantiles}. */
export interface QuantileCalibrationOptions {
  h: number;
  /** Only rows of this model (default: all rows given). */
  model?: string;
  /** Only these window indices (default all). */
  windows?: number[];
  /** Points whose forecast is a known zero (e.g. closed days): left out of the residuals. */
  knownZero?: (id: string, ds: number) => boolean;
  /**
   * A step with fewer residuals than this is kept as is but a level whose conformal rank it cannot reach
   * (p < 1/(n + 1) or p > n/(n + 1)) uses all steps pooled (default 30; 0 = always per step where reachable).
   */
  minPerStep?: number;
}

/** Signed residuals (actual − mean) in each point's {@link residualUnit}, sorted, per horizon step. */
export interface QuantileCalibration {
  h: number;
  /** Sorted scaled signed residuals per step; index 0 = step 1. */
  byStep: Float64Array[];
  pooled: Float64Array;
  /** Steps with fewer residuals than this use `pooled` for a level their rank cannot reach (default 0). */
  minPerStep?: number;
}

/** The series' scale: the in-sample seasonal-naive MAE, or 1 for a flat history. */
export function residualScale(scale: { mae: number; n: number } | undefined): number {
  return scale && scale.n > 0 && scale.mae > 0 && Number.isFinite(scale.mae) ? scale.mae : 1;
}

/**
 * The unit one forecast point's residual is measured in: √(s · max(|mean|, s)), s = the series' scale
 * ({@link residualScale}). The error grows with the level forecast at that point (as the square root, a
 * count-like variance), so a seasonal peak or a promotion week gets a wider band than a quiet week of the
 * same series; below the level s it is s itself. Without a usable scale the unit is 1.
 */
export function residualUnit(scale: { mae: number; n: number } | undefined, mean: number): number {
  const ok = !!scale && scale.n > 0 && scale.mae > 0 && Number.isFinite(scale.mae);
  if (!ok) return 1;
  const s = scale.mae;
  return Number.isFinite(mean) ? Math.sqrt(s * Math.max(Math.abs(mean), s)) : s;
}

/**
 * Rolling-origin calibration of any quantile: per horizon step, the signed residuals of `rows` in each
 * point's {@link residualUnit} (the series' seasonal-naive MAE at that cutoff and the forecast level), so one
 * distribution serves series of every size and a skewed error (sales rarely far below the forecast,
 * sometimes far above) gives an asymmetric band. Steps stay separate even when few (a small set's
 * finite-sample rank is the honest widening; pooling every step would lend the first steps' narrow errors
 * to the last ones): only a level whose rank a step cannot reach falls back to all steps pooled.
 */
export function calibrateQuantiles(rows: BacktestRow[], options: QuantileCalibrationOptions): QuantileCalibration {
  const { h, minPerStep = 30 } = options;
  const keep = options.windows ? new Set(options.windows) : null;
  const steps: number[][] = Array.from({ length: h }, () => []);
  for (const r of rows) {
    if ((options.model && r.model !== options.model) || (keep && !keep.has(r.window))) continue;
    r.actual.forEach((a, i) => {
      const e = (a - r.mean[i]) / residualUnit(r.scale, r.mean[i]);
      if (!Number.isFinite(e) || r.step[i] < 1 || r.step[i] > h || options.knownZero?.(r.id, r.ds[i])) return;
      steps[r.step[i] - 1].push(e);
    });
  }
  const pooled = sorted(steps.flat());
  return { h, byStep: steps.map(sorted), pooled, minPerStep };
}

/**
 * Conformal quantile `p` of the scaled residuals at `step`: the ⌈(n + 1)p⌉-th smallest above the median and
 * the ⌊(n + 1)p⌋-th below it, so both tails are widened by the finite-sample correction (clamped to the range).
 */
export function residualQuantile(cal: QuantileCalibration, step: number, p: number): number {
  const rank = (n: number) => (p >= 0.5 ? Math.ceil((n + 1) * p) : Math.floor((n + 1) * p));
  let res = cal.byStep[Math.min(Math.max(step, 1), cal.h) - 1] ?? cal.pooled;
  const reachable = (n: number) => rank(n) >= 1 && rank(n) <= n;
  if (!res.length || (res.length < (cal.minPerStep ?? 0) && !reachable(res.length))) res = cal.pooled;
  const n = res.length;
  if (!n) return NaN;
  return res[Math.min(n, Math.max(1, rank(n))) - 1];
}
