import { localModel } from '../baselines/localModel';
import { residualSd } from '../baselines/intervals';
import { isSeasonal, multiplicativeIndices } from './seasonalIndex';

/** Options of Theta. */
export interface ThetaOptions {
  /** `'auto'` tests for seasonality (as forecast::thetaf); `false` never deseasonalises. */
  seasonal: 'auto' | false;
}

/** Theta state: SES level and α, half the OLS slope, seasonal indices (empty if none) and residual sd. */
export interface ThetaState {
  level: number;
  alpha: number;
  halfSlope: number;
  n: number;
  indices: number[];
  sigma: number;
}

/** SES with level initialised at the first value; returns the final level and one-step SSE. */
export function ses(y: ArrayLike<number>, alpha: number): { level: number; sse: number; residuals: number[] } {
  let level = y[0];
  let sse = 0;
  const residuals: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const e = y[t] - level;
    residuals.push(e);
    sse += e * e;
    level += alpha * e;
  }
  return { level, sse, residuals };
}

/** α in [0.01, 0.99] minimising SSE (grid, then golden-section refinement). */
export function optimiseAlpha(y: ArrayLike<number>): number {
  let best = 0.01;
  for (let a = 0.01; a <= 0.99; a += 0.02) if (ses(y, a).sse < ses(y, best).sse) best = a;
  let lo = Math.max(0.01, best - 0.02);
  let hi = Math.min(0.99, best + 0.02);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 30; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (ses(y, a).sse < ses(y, b).sse) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

/**
 * Standard Theta method (Assimakopoulos & Nikolopoulos 2000, in the form of Hyndman & Billah 2003 /
 * forecast::thetaf): SES on the (multiplicatively) deseasonalised series plus half the linear-trend slope,
 * ŷ(h) = ℓ_T + b/2·(h − 1 + (1 − (1 − α)^T)/α), reseasonalised. Intervals: SES variance σ²(1 + (h − 1)α²).
 */
export const theta = localModel<ThetaOptions, ThetaState>(
  {
    name: 'theta',
    label: 'Theta',
    kind: 'statistical',
    description: 'Smoothed level plus half the long-run trend; won the M3 competition.',
    defaults: { seasonal: 'auto' },
    minLength: () => 4,
    suggest: 'naive',
  },
  {
    fitOne(s, train, o) {
      const y = s.y;
      const n = y.length;
      const m = train.season;
      const seasonal = o.seasonal === 'auto' && y.every((v) => v > 0) && isSeasonal(y, m);
      const indices = seasonal ? multiplicativeIndices(y, m) : [];
      const x = seasonal ? y.map((v, t) => v / indices[t % m]) : y;
      const tMean = (n - 1) / 2;
      const xMean = x.reduce((a, b) => a + b, 0) / n;
      let sxy = 0;
      let sxx = 0;
      for (let t = 0; t < n; t++) {
        sxy += (t - tMean) * (x[t] - xMean);
        sxx += (t - tMean) ** 2;
      }
      const alpha = optimiseAlpha(x);
      const fit = ses(x, alpha);
      return { level: fit.level, alpha, halfSlope: sxy / sxx / 2, n, indices, sigma: residualSd(fit.residuals, 1) };
    },
    forecastOne(st, _s, _t, _o, { h }) {
      const m = st.indices.length;
      const mean = new Float64Array(h);
      const sd = new Float64Array(h);
      const shift = (1 - Math.pow(1 - st.alpha, st.n)) / st.alpha;
      for (let i = 0; i < h; i++) {
        const season = m ? st.indices[(st.n + i) % m] : 1;
        mean[i] = (st.level + st.halfSlope * (i + shift)) * season;
        sd[i] = st.sigma * Math.sqrt(1 + i * st.alpha ** 2) * season;
      }
      return { mean, sd };
    },
  },
);
