/**
 * Per-series target scaling for global models: y and the y-derived features are divided by the series'
 * mean |y| over its training rows, so one model serves series of very different size.
 */
import type { FeatureFrame } from '../protocol';

/** Mean |y| of every series over `rows` (1 where a series has no rows or only zeros). */
export function seriesScales(frame: FeatureFrame, rows: Int32Array, seriesOf: Int32Array, nSeries: number): Float64Array {
  const sum = new Float64Array(nSeries);
  const count = new Float64Array(nSeries);
  for (const r of rows) {
    const s = seriesOf[r];
    sum[s] += Math.abs(frame.y[r]);
    count[s]++;
  }
  return Float64Array.from(sum, (v, s) => (count[s] > 0 && v > 0 ? v / count[s] : 1));
}

/** Options of {@link selectRows}. */
export interface SelectRowsOptions {
  /** Per-series divisor; omitted = no scaling. */
  scales?: Float64Array;
  seriesOf: Int32Array;
  /** Columns divided by the scale along with y. */
  scaled: boolean[];
}

/** A new frame holding only `rows` (copied), with y and the `scaled` columns divided by the series scale. */
export function selectRows(frame: FeatureFrame, rows: Int32Array, options: SelectRowsOptions): FeatureFrame {
  const { scales, seriesOf, scaled } = options;
  const div = Float64Array.from(rows, (r) => (scales ? scales[seriesOf[r]] : 1));
  const pick = (col: Float32Array, scale: boolean) => {
    const out = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = scale ? col[rows[i]] / div[i] : col[rows[i]];
    return out;
  };
  return {
    names: frame.names,
    timing: frame.timing,
    categorical: frame.categorical,
    columns: frame.columns.map((c, j) => pick(c, scaled[j])),
    y: pick(frame.y, true),
    seriesIndex: Int32Array.from(rows, (r) => frame.seriesIndex[r]),
    ds: Int32Array.from(rows, (r) => frame.ds[r]),
  };
}
