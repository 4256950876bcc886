/**
 * Recursive prediction for global models: the future rows of a frame built with the recursive strategy
 * carry y lags and rolling statistics that reach past the cutoff (NULL there). They are filled step by
 * step from the series' history and the forecasts of the earlier steps (`lagRecipeValue`, the same
 * definitions as the feature SQL), one batch of rows (one per series) per horizon step.
 */
import { addPeriods } from '../../data/contract';
import { lagRecipeValue, type FeatureColumn } from '../../features';
import type { FeatureFrame, TrainData } from '../protocol';

/** Options of {@link predictRecursive}. */
export interface RecursiveOptions {
  /** The whole frame (unscaled). */
  frame: FeatureFrame;
  /** Index into the series of every frame row (−1: not a series of the task). */
  seriesOf: Int32Array;
  /** Rows whose y is the known history (at or before each series' origin). */
  history: Int32Array;
  /** Rows to forecast, after their series' origin. */
  target: Int32Array;
  /** Forecast origin (last known day) of every series. */
  origin: Int32Array;
  freq: TrainData['freq'];
  /** Steps after the origin that are forecast. */
  horizon: number;
  cols: FeatureColumn[];
  /** Per-series divisor of y and the y features (model space is y / scale). */
  scales: Float64Array;
  /** The `target` rows, selected and scaled like the training rows; its recursive columns are overwritten. */
  selected: FeatureFrame;
  /** Predicts a frame; returns values of y / scale (any target transform already undone). */
  predict(frame: FeatureFrame): Promise<Float64Array>;
}

/** Whether a frame's columns ask for recursive prediction (any y feature rebuilt from forecasts). */
export function isRecursive(cols: FeatureColumn[]): boolean {
  return cols.some((c) => c.recursive && c.recipe);
}

/** Periods a recipe looks back (lag + window or span). */
function reach(c: FeatureColumn): number {
  const r = c.recipe!;
  return r.kind === 'lag' ? r.lag : r.kind === 'rolling' ? r.lag + r.window : r.lag + r.span;
}

/**
 * Fills the recursive columns of `selected` in place, step by step, and returns the mean forecast of every
 * target row in y / scale units (NaN for rows that are not one of the `horizon` dates after the origin).
 */
export async function predictRecursive(o: RecursiveOptions): Promise<Float64Array> {
  const { frame, seriesOf, cols, scales, selected, origin, freq } = o;
  const rec = cols.map((c, j) => (c.recursive && c.recipe ? j : -1)).filter((j) => j >= 0);
  const depth = Math.max(1, ...rec.map((j) => reach(cols[j])));
  const nS = origin.length;
  // History on a regular grid of `depth` periods ending at each series' origin (NaN = missing).
  const hist = Array.from({ length: nS }, () => new Float64Array(depth).fill(NaN));
  const back = (s: number) => new Map(Array.from({ length: depth }, (_, i) => [addPeriods(origin[s], i - depth + 1, freq), i]));
  const fwd = (s: number) => new Map(Array.from({ length: o.horizon }, (_, j) => [addPeriods(origin[s], j + 1, freq), j]));
  const grids = new Map<number, Map<number, number>>();
  for (const r of o.history) {
    const s = seriesOf[r];
    if (s < 0 || frame.ds[r] > origin[s] || !Number.isFinite(frame.y[r])) continue;
    const g = grids.get(s) ?? grids.set(s, back(s)).get(s)!;
    const i = g.get(frame.ds[r]);
    if (i !== undefined) hist[s][i] = frame.y[r] / scales[s];
  }
  // Step of every target row (0-based), −1 when its date is not one of the horizon's dates.
  const steps = new Map<number, Map<number, number>>();
  const stepOf = Int32Array.from(o.target, (r) => {
    const s = seriesOf[r];
    if (s < 0) return -1;
    const m = steps.get(s) ?? steps.set(s, fwd(s)).get(s)!;
    return m.get(frame.ds[r]) ?? -1;
  });
  const forecasts = Array.from({ length: nS }, () => new Float64Array(o.horizon).fill(NaN));
  const out = new Float64Array(o.target.length).fill(NaN);
  for (let step = 0; step < o.horizon; step++) {
    const idx: number[] = [];
    for (let i = 0; i < stepOf.length; i++) if (stepOf[i] === step) idx.push(i);
    if (!idx.length) continue;
    for (const i of idx) {
      const s = seriesOf[o.target[i]];
      const at = (k: number) => (k < depth ? hist[s][k] : forecasts[s][k - depth]);
      for (const j of rec) selected.columns[j][i] = lagRecipeValue(cols[j].recipe!, at, depth + step);
    }
    const batch: FeatureFrame = {
      ...selected,
      columns: selected.columns.map((c) => Float32Array.from(idx, (i) => c[i])),
      y: new Float32Array(idx.length).fill(NaN),
      seriesIndex: Int32Array.from(idx, (i) => selected.seriesIndex[i]),
      ds: Int32Array.from(idx, (i) => selected.ds[i]),
    };
    const pred = await o.predict(batch);
    idx.forEach((i, b) => {
      forecasts[seriesOf[o.target[i]]][step] = pred[b];
      out[i] = pred[b];
    });
  }
  return out;
}
