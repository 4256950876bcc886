import { localModel } from './localModel';
import { residualSd } from './intervals';

/** Drift has no options. */
export type DriftOptions = Record<string, never>;

/** Drift state: last value, mean step and residual sd. */
export interface DriftState {
  last: number;
  slope: number;
  sigma: number;
  n: number;
}

/** Drift: ŷ(h) = y_T + h·(y_T − y_1)/(T − 1); sd = σ·√(h(1 + h/T)) (fpp3 §5.5). */
export const drift = localModel<DriftOptions, DriftState>(
  {
    name: 'drift',
    label: 'Drift',
    kind: 'baseline',
    description: 'Extends the line from the first to the last observation.',
    defaults: {},
    minLength: () => 3,
    suggest: 'naive',
  },
  {
    fitOne(s) {
      const y = s.y;
      const n = y.length;
      const slope = (y[n - 1] - y[0]) / (n - 1);
      const res: number[] = [];
      for (let t = 1; t < n; t++) res.push(y[t] - y[t - 1] - slope);
      return { last: y[n - 1], slope, sigma: residualSd(res, 1), n };
    },
    forecastOne(st, _s, _t, _o, { h }) {
      const mean = Float64Array.from({ length: h }, (_, i) => st.last + (i + 1) * st.slope);
      const sd = Float64Array.from({ length: h }, (_, i) => st.sigma * Math.sqrt((i + 1) * (1 + (i + 1) / st.n)));
      return { mean, sd };
    },
  },
);
