/** Closed-form ridge regression (normal equations + Cholesky, Float64Array), the reference solution. */
import { finiteTargetRows, standardize } from './standardize';
import type { LinearData, LinearModel } from './types';

/** Closed-form ridge options. */
export interface RidgeClosedFormOptions {
  /** Penalty λ in `mean((y − ŷ)²) + λ‖w‖²` on standardised weights (bias not penalised). */
  l2?: number;
}

const DEFAULTS: Required<RidgeClosedFormOptions> = { l2: 0 };

/** Solves `(XᵀX/n + λI) w = Xᵀy/n` with an unpenalised intercept, on standardised features. */
export function fitRidgeClosedForm(train: LinearData, options: RidgeClosedFormOptions = {}): LinearModel {
  const o = { ...DEFAULTS, ...options };
  const rows = finiteTargetRows(train.y);
  if (!rows.length) throw new Error('fitRidgeClosedForm: no rows with a finite target');
  const { means, stds } = standardize(train.columns, rows);
  const d = train.columns.length;
  const p = d + 1; // last coordinate = intercept
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const x = new Float64Array(p);
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    for (let j = 0; j < d; j++) {
      const v = train.columns[j][r];
      x[j] = v === v ? (v - means[j]) / stds[j] : 0;
    }
    x[d] = 1;
    const y = train.y[r];
    for (let j = 0; j < p; j++) {
      const xj = x[j];
      b[j] += (xj * y) / n;
      for (let k = 0; k <= j; k++) A[j * p + k] += (xj * x[k]) / n;
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) A[j * p + k] = A[k * p + j];
  for (let j = 0; j < d; j++) A[j * p + j] += o.l2;
  const w = choleskySolve(A, b, p);
  return { means, stds, weights: Array.from(w.subarray(0, d)), bias: w[d] };
}

/** Solves `A x = b` for symmetric positive-definite `A` (row-major p×p); a tiny jitter guards singular A. */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  let scale = 0;
  for (let j = 0; j < p; j++) scale = Math.max(scale, A[j * p + j]);
  const jitter = 1e-12 * Math.max(scale, 1);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      let s = A[j * p + k];
      for (let m = 0; m < k; m++) s -= L[j * p + m] * L[k * p + m];
      if (j === k) {
        s += jitter;
        if (!(s > 0)) throw new Error(`choleskySolve: matrix not positive definite at column ${j}`);
        L[j * p + j] = Math.sqrt(s);
      } else L[j * p + k] = s / L[k * p + k];
    }
  }
  const z = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = b[j];
    for (let m = 0; m < j; m++) s -= L[j * p + m] * z[m];
    z[j] = s / L[j * p + j];
  }
  const out = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let s = z[j];
    for (let m = j + 1; m < p; m++) s -= L[m * p + j] * out[m];
    out[j] = s / L[j * p + j];
  }
  return out;
}
