import { localModel } from '../baselines/localModel';
import { residualSd } from '../baselines/intervals';
import type { RateState } from './croston';

/** Options of TSB. */
export interface TsbOptions {
  /** Smoothing of the demand size (updated on demand periods only). */
  alpha: number;
  /** Smoothing of the demand probability (updated every period, so obsolescence shows). */
  beta: number;
}

/** TSB recursions; returns the final rate d·z and the in-sample one-step residual sd. */
export function tsbRate(y: ArrayLike<number>, o: TsbOptions): RateState {
  let first = -1;
  let nonZero = 0;
  for (let t = 0; t < y.length; t++) {
    if (y[t] > 0) {
      nonZero++;
      if (first < 0) first = t;
    }
  }
  if (first < 0) return { rate: 0, sigma: 0 };
  let z = y[first];
  let d = nonZero / y.length;
  const res: number[] = [];
  for (let t = first + 1; t < y.length; t++) {
    res.push(y[t] - d * z);
    d += o.beta * ((y[t] > 0 ? 1 : 0) - d);
    if (y[t] > 0) z += o.alpha * (y[t] - z);
  }
  return { rate: d * z, sigma: residualSd(res) };
}

/**
 * Teunter–Syntetos–Babai (2011): forecast = demand probability × demand size, both smoothed; unlike Croston
 * the probability decays during long runs of zeros. Intervals as Croston (residual sd, clipped at 0).
 */
export const tsb = localModel<TsbOptions, RateState>(
  {
    name: 'tsb',
    label: 'TSB',
    kind: 'statistical',
    description: 'For intermittent demand that may die out: demand probability × demand size.',
    defaults: { alpha: 0.1, beta: 0.1 },
    minLength: () => 2,
    suggest: 'naive',
  },
  {
    fitOne: (s, _t, o) => tsbRate(s.y, o),
    forecastOne: (st, _s, _t, _o, { h }) => ({ mean: new Float64Array(h).fill(st.rate), sd: new Float64Array(h).fill(st.sigma) }),
  },
);
