import type { SeriesHistory, TrainData } from '../protocol';
import { localModel } from '../baselines/localModel';
import { residualSd } from '../baselines/intervals';
import { ensureAugurs } from './augursInit';
import { AUGURS_LEVEL, fromAugurs } from './augursForecast';

/** Options of MSTL + ETS. */
export interface MstlOptions {
  /**
   * Seasonal periods. `'auto'`: [season], plus 365 for daily series with more than two years of history.
   */
  periods: 'auto' | number[];
}

/** MSTL state: periods used and the in-sample residual sd (the floor for the interval sd). */
export interface MstlState {
  periods: number[];
  sigma: number;
}

/** The periods MSTL uses for one series. */
export function mstlPeriods(o: MstlOptions, train: TrainData, n: number): number[] {
  if (o.periods !== 'auto') return o.periods;
  const p = train.season > 1 ? [train.season] : [];
  if (train.freq === 'D' && n >= 2 * 365 + 1) p.push(365);
  return p;
}

async function fitMstl(s: SeriesHistory, periods: number[]) {
  const { MSTL } = await ensureAugurs('mstl');
  const model = MSTL.ets(periods);
  try {
    model.fit(s.y);
    return model;
  } catch (e) {
    model.free();
    throw e;
  }
}

type MstlModel = Awaited<ReturnType<typeof fitMstl>>;
/**
 * Models fitted by `fitOne`, kept for the `forecastOne` that usually follows on the same history (a
 * backtest window, the Forecast step's final fit), so MSTL is fitted once per series instead of twice.
 * Keyed by the state object `fitOne` returned; a state that was copied (saved, sent to another worker)
 * or a longer history misses and refits. Bounded: the oldest kept model is freed beyond `KEEP`.
 */
const kept = new Map<MstlState, { model: MstlModel; y: Float64Array }>();
const KEEP = 64;

function keep(st: MstlState, model: MstlModel, y: Float64Array): void {
  kept.set(st, { model, y });
  while (kept.size > KEEP) {
    const [oldest, k] = kept.entries().next().value!;
    kept.delete(oldest);
    k.model.free();
  }
}

/** The model kept for `st` if it was fitted on exactly `y` (it is handed over: the caller frees it). */
function takeKept(st: MstlState, y: Float64Array): MstlModel | null {
  const k = kept.get(st);
  if (!k) return null;
  kept.delete(st);
  if (k.y === y) return k.model;
  k.model.free();
  return null;
}

/**
 * MSTL decomposition (`@bsull/augurs/mstl`) with AutoETS on the seasonally adjusted series. augurs'
 * intervals are used but widened to at least the in-sample residual sd: on the retail sample they were
 * narrower than the one-step residuals for some series at short horizons.
 */
export const mstl = localModel<MstlOptions, MstlState>(
  {
    name: 'mstl',
    label: 'MSTL + ETS',
    kind: 'statistical',
    description: 'Seasonal decomposition (weekly, yearly) with exponential smoothing on the rest.',
    defaults: { periods: 'auto' },
    minLength: (season) => 2 * Math.max(season, 1) + 1,
    suggest: 'ets, snaive or naive',
  },
  {
    async fitOne(s, train, o) {
      const periods = mstlPeriods(o, train, s.y.length);
      const need = 2 * Math.max(1, ...periods) + 1;
      if (s.y.length < need) throw new Error(`needs ${need} points for periods [${periods}], has ${s.y.length}`);
      const model = await fitMstl(s, periods);
      let st: MstlState;
      try {
        const fitted = model.predictInSample().point;
        const sigma = residualSd(Float64Array.from(s.y, (v, i) => v - fitted[i]));
        if (!Number.isFinite(sigma)) throw new Error('non-finite in-sample fit');
        st = { periods, sigma };
      } catch (e) {
        model.free();
        throw e;
      }
      keep(st, model, s.y);
      return st;
    },
    async forecastOne(st, s, _t, _o, { h }) {
      const model = takeKept(st, s.y) ?? (await fitMstl(s, st.periods));
      try {
        return fromAugurs(model.predict(h, AUGURS_LEVEL / 100), st.sigma);
      } finally {
        model.free();
      }
    },
  },
);
