import { localModel } from '../baselines/localModel';
import { ensureAugurs } from './augursInit';
import { AUGURS_LEVEL, fromAugurs } from './augursForecast';
import { additiveIndices, isSeasonal, multiplicativeIndices } from './seasonalIndex';

/** Options of AutoETS. */
export interface EtsOptions {
  /** augurs model spec: error, trend, season letters (Z = search); seasonal specs are not supported. */
  spec: string;
  /**
   * `'auto'` (default): when the series has at least two full seasons and passes the seasonality test of
   * forecast::thetaf, ETS runs on the seasonally adjusted series (classical decomposition, multiplicative
   * for positive series, else additive) and the forecast is reseasonalised. `false`: plain AutoETS.
   */
  seasonal: 'auto' | false;
}

/** AutoETS keeps no wasm object in its state (not serialisable): predict refits, which is deterministic. */
export interface EtsState {
  n: number;
  /** Seasonal indices (index 0 = position of y[0]); empty when not seasonal. */
  indices: number[];
  multiplicative: boolean;
}

/**
 * Seasonal indices for `y` at period `m`, or none. Why decomposition: augurs' AutoETS only fits
 * non-seasonal models (its seasonal specs are unsupported), and ETS without a season reads weekly or
 * monthly data as a level plus noise (monthly MASE ≈ naive). Deseasonalise → AutoETS → reseasonalise is the
 * stlf/thetaf approach and costs one extra pass.
 */
function seasonalState(y: Float64Array, m: number, o: EtsOptions): Pick<EtsState, 'indices' | 'multiplicative'> {
  if (o.seasonal === false || m < 2 || y.length < 2 * m || !y.every(Number.isFinite)) return { indices: [], multiplicative: false };
  if (!isSeasonal(y, m) && !(y.length < 3 * m && Math.abs(acfAt(y, m)) > 0.3)) return { indices: [], multiplicative: false };
  const multiplicative = y.every((v) => v > 0);
  return { indices: multiplicative ? multiplicativeIndices(y, m) : additiveIndices(y, m), multiplicative };
}

function acfAt(y: Float64Array, lag: number): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let num = 0, den = 0;
  for (let i = 0; i < y.length; i++) {
    den += (y[i] - mean) ** 2;
    if (i >= lag) num += (y[i] - mean) * (y[i - lag] - mean);
  }
  return den > 0 ? num / den : 0;
}

function adjust(y: Float64Array, st: Pick<EtsState, 'indices' | 'multiplicative'>): Float64Array {
  const m = st.indices.length;
  if (!m) return y;
  return Float64Array.from(y, (v, t) => (st.multiplicative ? v / st.indices[t % m] : v - st.indices[t % m]));
}

async function fitAutoEts(y: Float64Array, spec: string) {
  const { AutoETS } = await ensureAugurs('ets');
  const model = new AutoETS(1, spec);
  try {
    model.fit(y);
    return model;
  } catch (e) {
    model.free();
    throw e;
  }
}

/**
 * AutoETS from `@bsull/augurs/ets` (error/trend form by AICc) on the seasonally adjusted series when the
 * data are seasonal (see `seasonalState`). Intervals are augurs'
 * own (they grow with the horizon); on constant + noise data their 80 % coverage is checked in the tests.
 */
export const ets = localModel<EtsOptions, EtsState>(
  {
    name: 'ets',
    label: 'AutoETS',
    kind: 'statistical',
    description: 'Exponential smoothing with automatic error/trend selection, on the seasonally adjusted series when the data are seasonal.',
    defaults: { spec: 'ZZN', seasonal: 'auto' },
    minLength: () => 10,
    suggest: 'naive or moving_average',
  },
  {
    async fitOne(s, t, o) {
      const seas = seasonalState(s.y, t.season, o);
      const model = await fitAutoEts(adjust(s.y, seas), o.spec);
      try {
        const f = fromAugurs(model.predict(1, AUGURS_LEVEL / 100));
        if (!Number.isFinite(f.mean[0]) || !Number.isFinite(f.sd[0])) throw new Error('non-finite forecast');
      } finally {
        model.free();
      }
      return { n: s.y.length, ...seas };
    },
    async forecastOne(st, s, _t, o, { h }) {
      const model = await fitAutoEts(adjust(s.y, st), o.spec);
      try {
        const f = fromAugurs(model.predict(h, AUGURS_LEVEL / 100));
        const m = st.indices.length;
        if (m) {
          for (let i = 0; i < h; i++) {
            const idx = st.indices[(s.y.length + i) % m];
            if (st.multiplicative) (f.mean[i] *= idx), (f.sd[i] *= idx);
            else f.mean[i] += idx;
          }
        }
        return f;
      } finally {
        model.free();
      }
    },
  },
);
