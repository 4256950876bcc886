/** Scale-free metrics: errors divided by the in-sample seasonal-naive error of the training part. */
import { forEachPair } from './pointMetrics';
import type { MetricInput, MetricResult, SeasonalScale } from './types';

/** In-sample seasonal-naive errors y_t − y_{t−m} over the training part (non-finite pairs skipped). */
export function seasonalScale(insample: ArrayLike<number>, season = 1): SeasonalScale {
  const m = Math.max(1, Math.floor(season));
  let sa = 0;
  let ss = 0;
  let n = 0;
  for (let t = m; t < insample.length; t++) {
    const d = insample[t] - insample[t - m];
    if (!Number.isFinite(d)) continue;
    sa += Math.abs(d);
    ss += d * d;
    n++;
  }
  return n ? { mae: sa / n, mse: ss / n, n } : { mae: NaN, mse: NaN, n: 0 };
}

function scaleOf(input: MetricInput): SeasonalScale | string {
  const scale = input.scale ?? (input.insample ? seasonalScale(input.insample, input.season ?? 1) : undefined);
  if (!scale) return 'no training part given for the seasonal-naive scale';
  if (scale.n === 0) return `training part too short for the seasonal-naive scale (needs more than season m = ${input.season ?? 1} points)`;
  if (scale.mae === 0) return 'seasonal-naive scale is 0 (training part repeats exactly every season)';
  return scale;
}

/** Mean absolute scaled error: MAE / in-sample seasonal-naive MAE (season `input.season`). */
export function mase(input: MetricInput): MetricResult {
  const scale = scaleOf(input);
  let s = 0;
  const { n, skipped } = forEachPair(input, (a, f) => (s += Math.abs(f - a)));
  if (typeof scale === 'string') return { value: null, n, reason: `MASE undefined: ${scale}` };
  if (n === 0) return { value: null, n, skipped, reason: 'no points with finite actual and forecast' };
  return { value: s / n / scale.mae, n, ...(skipped ? { skipped } : {}) };
}

/** Root mean squared scaled error: sqrt(MSE / in-sample seasonal-naive MSE). */
export function rmsse(input: MetricInput): MetricResult {
  const scale = scaleOf(input);
  let s = 0;
  const { n, skipped } = forEachPair(input, (a, f) => (s += (f - a) ** 2));
  if (typeof scale === 'string') return { value: null, n, reason: `RMSSE undefined: ${scale}` };
  if (n === 0) return { value: null, n, skipped, reason: 'no points with finite actual and forecast' };
  return { value: Math.sqrt(s / n / scale.mse), n, ...(skipped ? { skipped } : {}) };
}
