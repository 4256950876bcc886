/** Feature standardisation shared by the linear models. */

/** Mean and standard deviation of every column over the rows with a finite target (NaN skipped; std 0 → 1). */
export function standardize(columns: Float32Array[], rows: Int32Array): { means: number[]; stds: number[] } {
  const means: number[] = [];
  const stds: number[] = [];
  for (const col of columns) {
    let n = 0;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < rows.length; i++) {
      const x = col[rows[i]];
      if (x === x) (n++, (s += x), (ss += x * x));
    }
    const mean = n ? s / n : 0;
    const sd = n ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
    means.push(mean);
    stds.push(sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1);
  }
  return { means, stds };
}

/** Row-major standardised design matrix of `rows` (missing values → 0, the mean). */
export function designMatrix(columns: Float32Array[], rows: Int32Array, means: number[], stds: number[]): Float32Array {
  const d = columns.length;
  const out = new Float32Array(rows.length * d);
  for (let j = 0; j < d; j++) {
    const col = columns[j];
    const m = means[j];
    const s = stds[j];
    for (let i = 0; i < rows.length; i++) {
      const x = col[rows[i]];
      out[i * d + j] = x === x ? (x - m) / s : 0;
    }
  }
  return out;
}

/** Indices of rows with a finite target. */
export function finiteTargetRows(y: Float32Array): Int32Array {
  const rows = new Int32Array(y.length);
  let m = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) rows[m++] = i;
  return rows.slice(0, m);
}
