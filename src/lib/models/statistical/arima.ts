import type { PredictRequest, SeriesHistory, TrainData } from '../protocol';
import { localModel } from '../baselines/localModel';
import { isNode } from './augursInit';

/** Options of AutoARIMA. */
export interface ArimaOptions {
  /** Use the known-future covariates (`train.knownFuture`) as exogenous regressors. */
  exog: boolean;
  /** Search seasonal terms with s = season when the season is at most `maxSeason` and history ≥ 3 seasons. */
  seasonal: boolean;
  maxSeason: number;
}

/** ARIMA state: the regressors and seasonal period used (the wasm model itself is not serialisable). */
export interface ArimaState {
  exog: string[];
  s: number;
}

type ArimaCtor = typeof import('arima');
let arimaPromise: Promise<ArimaCtor> | undefined;

async function importArima(): Promise<ArimaCtor> {
  if (isNode()) {
    // `arima/async` exports a promise; Node's ESM interop makes the namespace thenable and `import()` of it
    // throws, so require it instead (variable specifier: kept out of the browser bundle).
    const moduleName = 'node:module';
    const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
    return createRequire(import.meta.url)('arima/async') as Promise<ArimaCtor>;
  }
  return (await import('./arimaBrowser')).getArima();
}

/** The `arima` constructor, compiled asynchronously once (`arima/async`). */
export function loadArima(): Promise<ArimaCtor> {
  arimaPromise ??= importArima();
  arimaPromise.catch(() => (arimaPromise = undefined));
  return arimaPromise;
}

/** Regressors: known-future covariates that this series has, all finite. */
function regressors(s: SeriesHistory, train: TrainData, o: ArimaOptions): string[] {
  if (!o.exog) return [];
  return (train.knownFuture ?? []).filter((k) => s.x?.[k] && s.x[k].every(Number.isFinite));
}

async function fitAndPredict(s: SeriesHistory, st: ArimaState, h: number, future: Float64Array[]) {
  const ARIMA = await loadArima();
  const model = new ARIMA({ auto: true, s: st.s, verbose: false });
  try {
    const x = st.exog.map((k) => Array.from(s.x![k]));
    model.fit(Array.from(s.y), x.length ? x : undefined);
    const [pred, mse] = model.predict(h, future.length ? future.map((f) => Array.from(f)) : undefined);
    return { mean: Float64Array.from(pred), sd: Float64Array.from(mse, (v) => Math.sqrt(v)) };
  } finally {
    model.destroy();
  }
}

function futureOf(st: ArimaState, s: SeriesHistory, req: PredictRequest): Float64Array[] {
  return st.exog.map((k) => {
    const f = req.future?.[s.id]?.[k];
    if (!f || f.length < req.h) throw new Error(`future values of "${k}" missing for ${req.h} steps`);
    return f.subarray(0, req.h);
  });
}

/**
 * AutoARIMA (`arima`, a wasm build of the ctarima search) with the known-future covariates as
 * regressors (SARIMAX). Intervals are normal with variance = the returned mse per step. The wasm model
 * is not serialisable, so fit validates one series fit and predict refits (deterministic).
 * `arima` prints to stdout while fitting.
 */
export const arima = localModel<ArimaOptions, ArimaState>(
  {
    name: 'arima',
    label: 'AutoARIMA',
    kind: 'statistical',
    description: 'ARIMA with automatic order search, using price/promo/holiday plans as regressors.',
    defaults: { exog: true, seasonal: true, maxSeason: 24 },
    minLength: () => 20,
    suggest: 'ets, snaive or naive',
  },
  {
    async fitOne(s, train, o) {
      const m = train.season;
      const st: ArimaState = { exog: regressors(s, train, o), s: o.seasonal && m > 1 && m <= o.maxSeason && s.y.length >= 3 * m ? m : 0 };
      const probe = st.exog.map((k) => s.x![k].subarray(s.y.length - 1));
      const f = await fitAndPredict(s, st, 1, probe);
      if (!Number.isFinite(f.mean[0]) || !Number.isFinite(f.sd[0])) throw new Error('non-finite forecast');
      return st;
    },
    forecastOne: (st, s, _t, _o, req) => fitAndPredict(s, st, req.h, futureOf(st, s, req)),
  },
);
