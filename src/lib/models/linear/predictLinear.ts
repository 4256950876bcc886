/** Plain-TS prediction of linear models (no TF.js needed). */
import type { LinearModel } from './types';

/** Predicts every row; a missing (NaN) feature contributes nothing (it is imputed with its mean). */
export function predictLinear(model: LinearModel, columns: ArrayLike<number>[]): Float32Array {
  const d = model.weights.length;
  if (columns.length !== d) throw new Error(`predictLinear: expected ${d} columns, got ${columns.length}`);
  const n = d ? columns[0].length : 0;
  const acc = new Float64Array(n).fill(model.bias);
  for (let j = 0; j < d; j++) {
    const col = columns[j];
    const w = model.weights[j] / model.stds[j];
    const m = model.means[j];
    for (let r = 0; r < n; r++) {
      const x = col[r];
      if (x === x) acc[r] += w * (x - m);
    }
  }
  return Float32Array.from(acc);
}

/** Coefficients and intercept in the features' original units. */
export function originalCoefficients(model: LinearModel): { coef: number[]; intercept: number } {
  const coef = model.weights.map((w, j) => w / model.stds[j]);
  const intercept = model.bias - coef.reduce((s, c, j) => s + c * model.means[j], 0);
  return { coef, intercept };
}
