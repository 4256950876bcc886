/** Gradients, hessians, initial scores and losses of the boosting objectives. */
import type { Objective } from './types';

/** Objective parameters: quantile level and Tweedie variance power. */
export interface ObjectiveParams {
  alpha: number;
  tweedieVariancePower: number;
}

/** Hessian inflation for Poisson (LightGBM `poisson_max_delta_step`), keeps early steps small. */
const POISSON_DELTA = 0.7;

/** Link between raw scores and predictions: `log` for the count objectives. */
export const linkOf = (obj: Objective): 'identity' | 'log' => (obj === 'poisson' || obj === 'tweedie' ? 'log' : 'identity');

/** Objectives whose leaf values are re-fit to a quantile of the residuals after each tree. */
export const renewQuantile = (obj: Objective, p: ObjectiveParams): number => (obj === 'l1' ? 0.5 : obj === 'quantile' ? p.alpha : NaN);

/** Constant raw score minimising the loss over `rows`. */
export function initScore(obj: Objective, p: ObjectiveParams, y: Float32Array, rows: Int32Array): number {
  if (!rows.length) return 0;
  const q = renewQuantile(obj, p);
  if (q === q) return quantileOf(Float64Array.from(rows, (r) => y[r]), q);
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += y[rows[i]];
  const mean = s / rows.length;
  return linkOf(obj) === 'log' ? Math.log(Math.max(mean, 1e-9)) : mean;
}

/** Writes gradient and hessian of the loss w.r.t. the raw score for every row in `rows`. */
export function gradients(obj: Objective, p: ObjectiveParams, y: Float32Array, raw: Float64Array, rows: Int32Array, g: Float64Array, h: Float64Array): void {
  const rho = p.tweedieVariancePower;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const f = raw[r];
    const t = y[r];
    if (obj === 'l2') (g[r] = f - t), (h[r] = 1);
    else if (obj === 'l1') (g[r] = f > t ? 1 : f < t ? -1 : 0), (h[r] = 1);
    else if (obj === 'quantile') (g[r] = t >= f ? -p.alpha : 1 - p.alpha), (h[r] = 1);
    else if (obj === 'poisson') (g[r] = Math.exp(f) - t), (h[r] = Math.exp(f + POISSON_DELTA));
    else {
      const a = Math.exp((1 - rho) * f);
      const b = Math.exp((2 - rho) * f);
      g[r] = -t * a + b;
      h[r] = -t * (1 - rho) * a + (2 - rho) * b;
    }
  }
}

/** Mean loss: MSE (l2), MAE (l1), pinball (quantile), negative log-likelihood up to a constant (Poisson, Tweedie). */
export function meanLoss(obj: Objective, p: ObjectiveParams, y: Float32Array, raw: Float64Array, rows: Int32Array | null): number {
  const n = rows ? rows.length : y.length;
  const rho = p.tweedieVariancePower;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    const f = raw[r];
    const t = y[r];
    if (obj === 'l2') s += (f - t) * (f - t);
    else if (obj === 'l1') s += Math.abs(f - t);
    else if (obj === 'quantile') s += t >= f ? p.alpha * (t - f) : (1 - p.alpha) * (f - t);
    else if (obj === 'poisson') s += Math.exp(f) - t * f;
    else s += (-t * Math.exp((1 - rho) * f)) / (1 - rho) + Math.exp((2 - rho) * f) / (2 - rho);
  }
  return n ? s / n : NaN;
}

/** `q`-quantile (linear interpolation) of `v`; sorts `v` in place. */
export function quantileOf(v: Float64Array, q: number): number {
  if (!v.length) return 0;
  v.sort();
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(v.length - 1, lo + 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}
