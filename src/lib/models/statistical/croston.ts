import { localModel } from '../baselines/localModel';
import { residualSd } from '../baselines/intervals';

/** Options of Croston's method. */
export interface CrostonOptions {
  /** Smoothing of demand sizes and of inter-demand intervals. */
  alpha: number;
  /** `sba`: Syntetos–Boylan approximation, multiplies the rate by (1 − α/2) to remove Croston's bias. */
  variant: 'classic' | 'sba';
}

/** Flat-rate state shared by Croston and TSB: the demand per period and the one-step residual sd. */
export interface RateState {
  rate: number;
  sigma: number;
}

/** Croston's recursions; returns the final rate and the in-sample one-step residuals. */
export function crostonRate(y: ArrayLike<number>, o: CrostonOptions): RateState {
  const k = o.variant === 'sba' ? 1 - o.alpha / 2 : 1;
  let first = -1;
  for (let t = 0; t < y.length && first < 0; t++) if (y[t] > 0) first = t;
  if (first < 0) return { rate: 0, sigma: 0 };
  let z = y[first];
  let p = first + 1;
  let q = 0;
  const res: number[] = [];
  for (let t = first + 1; t < y.length; t++) {
    res.push(y[t] - (k * z) / p);
    q++;
    if (y[t] > 0) {
      z += o.alpha * (y[t] - z);
      p += o.alpha * (q - p);
      q = 0;
    }
  }
  return { rate: (k * z) / p, sigma: residualSd(res) };
}

/**
 * Croston's method for intermittent demand: SES on the non-zero demand sizes and on the intervals between
 * them; forecast = size / interval, flat. Intervals are normal with the in-sample one-step residual sd
 * (constant over the horizon: the method has no variance model), lower bounds clipped at 0.
 */
export const croston = localModel<CrostonOptions, RateState>(
  {
    name: 'croston',
    label: 'Croston',
    kind: 'statistical',
    description: 'For intermittent demand (many zero days): demand size ÷ interval between demands.',
    defaults: { alpha: 0.1, variant: 'classic' },
    minLength: () => 2,
    suggest: 'naive',
  },
  {
    fitOne: (s, _t, o) => crostonRate(s.y, o),
    forecastOne: (st, _s, _t, _o, { h }) => ({ mean: new Float64Array(h).fill(st.rate), sd: new Float64Array(h).fill(st.sigma) }),
  },
);
