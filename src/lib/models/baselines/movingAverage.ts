import { localModel } from './localModel';
import { residualSd } from './intervals';

/** Options of the moving average. */
export interface MovingAverageOptions {
  /** Number of most recent observations averaged. */
  window: number;
}

/** Moving-average state: the forecast level and the window actually used (at most n − 1). */
export interface MovingAverageState {
  level: number;
  window: number;
}

/**
 * In-sample residual sd of the window mean used `k` steps ahead, for k = 1…h: e = y[t+k−1] − mean(y[t−w…t−1]).
 * Where no in-sample error exists for a step, the last available sd is carried.
 */
export function movingAverageSd(y: Float64Array, w: number, h: number): Float64Array {
  const n = y.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + y[i];
  const sd = new Float64Array(h);
  for (let k = 1; k <= h; k++) {
    const res: number[] = [];
    for (let t = w; t + k - 1 < n; t++) res.push(y[t + k - 1] - (prefix[t] - prefix[t - w]) / w);
    sd[k - 1] = res.length ? residualSd(res) : k > 1 ? sd[k - 2] : 0;
  }
  return sd;
}

/** Moving average: ŷ(h) = mean of the last `window` values; sd from the in-sample errors at each horizon. */
export const movingAverage = localModel<MovingAverageOptions, MovingAverageState>(
  {
    name: 'moving_average',
    label: 'Moving average',
    kind: 'baseline',
    description: 'Averages the most recent observations (28 by default).',
    defaults: { window: 28 },
    minLength: () => 2,
    suggest: 'naive',
  },
  {
    fitOne(s, _t, o) {
      const w = Math.max(1, Math.min(o.window, s.y.length - 1));
      const tail = s.y.subarray(s.y.length - w);
      return { level: tail.reduce((a, b) => a + b, 0) / w, window: w };
    },
    forecastOne: (st, s, _t, _o, { h }) => ({ mean: new Float64Array(h).fill(st.level), sd: movingAverageSd(s.y, st.window, h) }),
  },
);
