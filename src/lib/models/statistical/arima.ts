import type { PredictRequest, SeriesHistory, TrainData } from '../protocol';
import { localModel } from '../baselines/localModel';
import { forecastProblem } from '../baselines/sanity';
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
    const req = createRequire(import.meta.url);
    // Built from the package's own parts (as `arima/async` does) but with the wasm's print hooks silenced:
    // otherwise it writes "non-stationary AR part" into the CLI's stdout table.
    const dir = req.resolve('arima/async').replace(/async\.js$/, '');
    try {
      const Module = req(`${dir}wasm/native-async.js`) as (o: object) => Promise<unknown>;
      const bin = req(`${dir}wrapper/native.bin.js`) as unknown;
      const load = req(`${dir}load.js`) as (m: unknown) => ArimaCtor;
      const quiet = () => {};
      return Module({ wasmBinary: bin, print: quiet, printErr: quiet }).then(load);
    } catch {
      return req('arima/async') as Promise<ArimaCtor>;
    }
  }
  return (await import('./arimaBrowser')).getArima();
}

/** The `arima` constructor, compiled asynchronously once (`arima/async`). */
export function loadArima(): Promise<ArimaCtor> {
  arimaPromise ??= importArima();
  arimaPromise.catch(() => (arimaPromise = undefined));
  return arimaPromise;
}

/** Mean and sd of a column over the history (sd 0 = constant). */
function moments(v: Float64Array): [number, number] {
  let m = 0;
  for (const x of v) m += x / v.length;
  let ss = 0;
  for (const x of v) ss += (x - m) ** 2;
  return [m, Math.sqrt(ss / Math.max(1, v.length - 1))];
}

/** |correlation| above which two regressors are treated as collinear (the later one is dropped). */
const COLLINEAR = 0.98;

/**
 * Regressors: known-future covariates this series has, all finite, not constant over the history and not
 * collinear with an earlier one (either makes the regression singular and the search explode).
 */
function regressors(s: SeriesHistory, train: TrainData, o: ArimaOptions): string[] {
  if (!o.exog) return [];
  const out: string[] = [];
  for (const k of train.knownFuture ?? []) {
    const v = s.x?.[k];
    if (!v || !v.every(Number.isFinite)) continue;
    const [m, sd] = moments(v);
    if (!(sd > 1e-9 * Math.max(1, Math.abs(m)))) continue;
    const collinear = out.some((j) => {
      const w = s.x![j];
      const [mj, sj] = moments(w);
      let c = 0;
      for (let i = 0; i < v.length; i++) c += ((v[i] - m) / sd) * ((w[i] - mj) / sj);
      return Math.abs(c / Math.max(1, v.length - 1)) > COLLINEAR;
    });
    if (!collinear) out.push(k);
  }
  return out;
}

/**
 * One fit and forecast. y is divided by its mean |y| and every regressor standardised with its history
 * moments (the future with the same ones): the wasm search is unstable on raw values in the millions and
 * on regressors of very different sizes. Future regressor values are clipped to the history's range, so a
 * price never seen before cannot extrapolate the regression without bound.
 */
async function fitAndPredict(s: SeriesHistory, st: ArimaState, h: number, future: Float64Array[]) {
  const ARIMA = await loadArima();
  const model = new ARIMA({ auto: true, s: st.s, verbose: false });
  try {
    let scale = 0;
    for (const v of s.y) scale += Math.abs(v) / s.y.length;
    if (!(scale > 0)) scale = 1;
    const x: number[][] = [];
    const fx: number[][] = [];
    st.exog.forEach((k, j) => {
      const col = s.x![k];
      const [m, sd] = moments(col);
      let lo = Infinity, hi = -Infinity;
      for (const v of col) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
      x.push(Array.from(col, (v) => (v - m) / sd));
      fx.push(Array.from(future[j], (v) => (Math.min(hi, Math.max(lo, v)) - m) / sd));
    });
    model.fit(Array.from(s.y, (v) => v / scale), x.length ? x : undefined);
    const [pred, mse] = model.predict(h, fx.length ? fx : undefined);
    return { mean: Float64Array.from(pred, (v) => v * scale), sd: Float64Array.from(mse, (v) => Math.sqrt(v) * scale) };
  } finally {
    model.destroy();
  }
}

/** The forecast with regressors, or without them when that one is absurd (then `st.exog` is emptied). */
async function guardedForecast(s: SeriesHistory, st: ArimaState, h: number, future: Float64Array[]) {
  const f = await fitAndPredict(s, st, h, future);
  const bad = forecastProblem(f.mean, s.y, h) ?? (f.sd.every(Number.isFinite) ? null : 'non-finite interval');
  if (!bad) return f;
  if (!st.exog.length) throw new Error(bad);
  const plain = await fitAndPredict(s, { ...st, exog: [] }, h, []);
  const bad2 = forecastProblem(plain.mean, s.y, h) ?? (plain.sd.every(Number.isFinite) ? null : 'non-finite interval');
  if (bad2) throw new Error(`${bad}; without regressors: ${bad2}`);
  return plain;
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
 * is not serialisable, so fit validates one series fit and predict refits (deterministic). Guards against
 * the explosions seen on Avocado/Walmart: scaled inputs, no constant or collinear regressors, future
 * regressors clipped to their history's range, and a refit without regressors when the forecast is absurd.
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
      await guardedForecast(s, st, 1, probe);
      return st;
    },
    forecastOne: (st, s, _t, _o, req) => guardedForecast(s, st, req.h, futureOf(st, s, req)),
  },
);
