/** Column encoders of the MLP: standardised numerics and one-hot categoricals, filled into row-major batches. */
import type { FeatureFrame } from '../protocol';

/** How one feature column becomes input units. */
export type ColumnEncoder =
  | { kind: 'numeric'; mean: number; std: number }
  /** One unit per known code; unseen codes and NaN give all zeros. */
  | { kind: 'onehot'; codes: number[] };

/** Encoders of every frame column and the resulting input width. */
export interface MlpEncoding {
  names: string[];
  encoders: ColumnEncoder[];
  width: number;
}

/** Fits encoders on `rows`: a categorical column with ≤ `maxOneHot` distinct codes is one-hot, else numeric. */
export function fitEncoding(frame: FeatureFrame, rows: Int32Array, maxOneHot: number): MlpEncoding {
  const encoders = frame.columns.map((col, j): ColumnEncoder => {
    if (frame.categorical[j]) {
      const codes = new Set<number>();
      for (let i = 0; i < rows.length && codes.size <= maxOneHot; i++) {
        const v = col[rows[i]];
        if (v === v) codes.add(v);
      }
      if (codes.size <= maxOneHot) return { kind: 'onehot', codes: [...codes].sort((a, b) => a - b) };
    }
    let n = 0;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = col[rows[i]];
      if (v === v) (n++, (s += v), (ss += v * v));
    }
    const mean = n ? s / n : 0;
    const sd = n ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
    return { kind: 'numeric', mean, std: sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1 };
  });
  const width = encoders.reduce((w, e) => w + (e.kind === 'numeric' ? 1 : e.codes.length), 0);
  return { names: [...frame.names], encoders, width };
}

/** Writes the encoded `rows` of `frame` row-major into `out` (missing numerics → 0, the mean). */
export function fillRows(enc: MlpEncoding, frame: FeatureFrame, rows: ArrayLike<number>, out: Float32Array): void {
  const w = enc.width;
  const n = rows.length;
  out.fill(0, 0, n * w);
  let off = 0;
  enc.encoders.forEach((e, j) => {
    const col = frame.columns[j];
    if (e.kind === 'numeric') {
      for (let i = 0; i < n; i++) {
        const v = col[rows[i]];
        if (v === v) out[i * w + off] = (v - e.mean) / e.std;
      }
      off += 1;
    } else {
      const slot = new Map(e.codes.map((c, k) => [c, k]));
      for (let i = 0; i < n; i++) {
        const k = slot.get(col[rows[i]]);
        if (k !== undefined) out[i * w + off + k] = 1;
      }
      off += e.codes.length;
    }
  });
}

/** Indices of rows with a finite target. */
export function trainingRows(y: Float32Array): Int32Array {
  const rows = new Int32Array(y.length);
  let m = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) rows[m++] = i;
  return rows.slice(0, m);
}
