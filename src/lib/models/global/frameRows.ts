/**
 * Which rows of a FeatureFrame a global model trains on and predicts, per series of the TrainData, and the
 * column metadata the leakage check needs.
 */
import { lastYearLag, type FeatureColumn } from '../../features';
import type { FeatureFrame, TrainData } from '../protocol';

/** Extra fields a pipeline may attach to a FeatureFrame: the compiler's column metadata and series ids. */
export interface FrameMeta {
  /** Compiled feature columns, aligned with `names` (lags, families). */
  meta?: FeatureColumn[];
  /** Series id of each `seriesIndex` value; without it `seriesIndex` indexes `TrainData.series`. */
  ids?: string[];
}

/** Row roles of a frame relative to a TrainData. */
export interface FrameRows {
  /** Rows with a finite y and ds ≤ their series' last history day. */
  train: Int32Array;
  /** Rows after their series' last history day (ascending ds within each series). */
  future: Int32Array;
  /** Index into `TrainData.series` of every frame row (−1: series not in the TrainData). */
  seriesOf: Int32Array;
  /** Largest number of future rows of one series: the horizon the frame was built for. */
  horizon: number;
}

/** Splits the frame's rows into training and future rows for the series of `train`. */
export function frameRows(frame: FeatureFrame & FrameMeta, train: TrainData): FrameRows {
  const n = frame.y.length;
  const pos = new Map(train.series.map((s, i) => [s.id, i]));
  const map = frame.ids ? Int32Array.from(frame.ids, (id) => pos.get(id) ?? -1) : null;
  const last = Int32Array.from(train.series, (s) => s.ds[s.ds.length - 1]);
  const seriesOf = new Int32Array(n);
  const tr: number[] = [];
  const fu: number[] = [];
  const futureCount = new Int32Array(train.series.length);
  for (let r = 0; r < n; r++) {
    const k = frame.seriesIndex[r];
    const s = map ? (map[k] ?? -1) : k < train.series.length ? k : -1;
    seriesOf[r] = s;
    if (s < 0) continue;
    if (frame.ds[r] > last[s]) (fu.push(r), futureCount[s]++);
    else if (Number.isFinite(frame.y[r])) tr.push(r);
  }
  return { train: Int32Array.from(tr), future: Int32Array.from(fu), seriesOf, horizon: Math.max(0, ...futureCount) };
}

/** Column metadata for `assertNoLeak`: the attached `meta`, else read off the names (`…_lag<k>`, `y_last_year`). */
export function frameColumns(frame: FeatureFrame & FrameMeta, train: TrainData): FeatureColumn[] {
  if (frame.meta && frame.meta.length === frame.names.length) return frame.meta;
  return frame.names.map((name, j) => {
    const m = /_lag(\d+)$/.exec(name);
    const lag = m ? Number(m[1]) : name === 'y_last_year' ? lastYearLag(train.freq) : undefined;
    return {
      name,
      family: name.startsWith('y_') ? 'lag' : 'covariate',
      timing: frame.timing[j],
      categorical: frame.categorical[j],
      ...(lag === undefined ? {} : { lag }),
      description: name,
    } satisfies FeatureColumn;
  });
}

/** Whether column j holds values of y (lags, rolling statistics): those are scaled with the target. */
export function isTargetColumn(col: FeatureColumn): boolean {
  return col.family === 'lag' || col.recipe !== undefined;
}
