/**
 * Target transforms: log1p and per-series mean scaling, in SQL (for the feature table) and in TypeScript
 * (to apply to new values and to undo on forecasts). Scaling divides by the series' mean of the
 * (transformed) target over training rows; a zero or missing mean scales by 1.
 */
import { literal } from './featureColumn';
import type { TargetOptions } from './spec';

/** SQL of the transformed, unscaled target (`y` → `ln(1 + y)`; y ≤ −1 becomes NULL). */
export function transformedTargetSql(target: TargetOptions, y = 'y'): string {
  return target.transform === 'log1p' ? `CASE WHEN ${y} > -1 THEN ln(1 + ${y}) END` : `CAST(${y} AS DOUBLE)`;
}

/** Query returning `(unique_id, scale)` for every series: the value `y` is divided by after the transform. */
export function targetScaleSql(target: TargetOptions, trainEnd?: string): string {
  if (target.scale !== 'mean') return `SELECT unique_id, 1.0::DOUBLE AS scale FROM sales GROUP BY unique_id`;
  const until = trainEnd ? ` AND ds <= DATE ${literal(trainEnd)}` : '';
  return `SELECT unique_id, coalesce(nullif(avg(${transformedTargetSql(target)}), 0), 1.0::DOUBLE) AS scale
    FROM sales WHERE y IS NOT NULL${until} GROUP BY unique_id`;
}

/** Applies the target transform to raw values for one series with its `scale` (1 when unscaled). */
export function applyTarget(values: ArrayLike<number>, target: TargetOptions, scale = 1): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = target.transform === 'log1p' ? (v > -1 ? Math.log1p(v) : NaN) : v;
    out[i] = target.scale === 'mean' ? t / scale : t;
  }
  return out;
}

/** Undoes `applyTarget`: model-space values (forecasts, quantiles) back to the original units. */
export function undoTarget(values: ArrayLike<number>, target: TargetOptions, scale = 1): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const t = target.scale === 'mean' ? values[i] * scale : values[i];
    out[i] = target.transform === 'log1p' ? Math.expm1(t) : t;
  }
  return out;
}
