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
  /**
   * Harmonic pairs (sin, cos of period `season`) added as regressors when the season is longer than
   * `maxSeason` (weekly data: 52), where seasonal ARIMA terms are not searched (dynamic harmonic regression).
   */
  fourier: number;
  /**
   * Model log y when the history is strictly positive, and the log of every strictly positive regressor with
   * more than two values (a price): log-log regression with ARIMA errors, whose coefficient is the elasticity.
   * Off by default: on additive data it widens the intervals, and the choice is not yet made per series on
   * a validation window.
   */
  log: boolean;
}

/** ARIMA state: the regressors and seasonal period used (the wasm model itself is not serialisable). */
export interface ArimaState {
  exog: string[];
  s: number;
  /** Harmonic pairs of period `period` used as regressors (0 = none). */
  fourier?: number;
  period?: number;
  /** y modelled as log y; the regressors modelled as their log. */
  logY?: boolean;
  logX?: string[];
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

/** True when every value is finite and > 0 and there are more than two distinct values (not a flag). */
function loggable(v: Float64Array): boolean {
  const seen = new Set<number>();
  for (const x of v) {
    if (!(x > 0) || !Number.isFinite(x)) return false;
    if (seen.size < 3) seen.add(x);
  }
  return seen.size > 2;
}

/** Harmonic regressors sin/cos(2πkt/period), k = 1…K, at positions from..from+len−1. */
function harmonics(K: number, period: number, from: number, len: number): number[][] {
  const out: number[][] = [];
  for (let k = 1; k <= K; k++) {
    const w = (2 * Math.PI * k) / period;
    out.push(Array.from({ length: len }, (_, i) => Math.sin(w * (from + i))), Array.from({ length: len }, (_, i) => Math.cos(w * (from + i))));
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
    const n = s.y.length;
    const y = st.logY ? Float64Array.from(s.y, Math.log) : s.y;
    // log y is centred and scaled by its sd; raw y divided by its mean |y|.
    let [centre, scale] = st.logY ? moments(y) : [0, 0];
    if (!st.logY) for (const v of y) scale += Math.abs(v) / n;
    if (!(scale > 0)) scale = 1;
    const x: number[][] = [];
    const fx: number[][] = [];
    st.exog.forEach((k, j) => {
      const lg = st.logX?.includes(k) ?? false;
      const col = lg ? Float64Array.from(s.x![k], Math.log) : s.x![k];
      const fut = lg ? Float64Array.from(future[j], (v) => Math.log(Math.max(v, 1e-12))) : future[j];
      const [m, sd] = moments(col);
      let lo = Infinity, hi = -Infinity;
      for (const v of col) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
      x.push(Array.from(col, (v) => (v - m) / sd));
      fx.push(Array.from(fut, (v) => (Math.min(hi, Math.max(lo, v)) - m) / sd));
    });
    if (st.fourier && st.period) x.push(...harmonics(st.fourier, st.period, 0, n)), fx.push(...harmonics(st.fourier, st.period, n, h));
    model.fit(Array.from(y, (v) => (v - centre) / scale), x.length ? x : undefined);
    const [pred, mse] = model.predict(h, fx.length ? fx : undefined);
    const mu = Float64Array.from(pred, (v) => v * scale + centre);
    const sdz = Float64Array.from(mse, (v) => Math.sqrt(v) * scale);
    // log model: the median exp(μ), and the delta-method sd exp(μ)·σ (the bands are recalibrated downstream).
    if (st.logY) return { mean: Float64Array.from(mu, Math.exp), sd: Float64Array.from(sdz, (v, i) => Math.exp(mu[i]) * v) };
    return { mean: mu, sd: sdz };
  } finally {
    model.destroy();
  }
}

/** The forecast with regressors, or without them when that one is absurd (then `st.exog` is emptied). */
async function guardedForecast(s: SeriesHistory, st: ArimaState, h: number, future: Float64Array[]) {
  const f = await fitAndPredict(s, st, h, future);
  const bad = forecastProblem(f.mean, s.y, h) ?? (f.sd.every(Number.isFinite) ? null : 'non-finite interval');
  if (!bad) return f;
  if (!st.exog.length && !st.fourier) throw new Error(bad);
  const plain = await fitAndPredict(s, { ...st, exog: [], fourier: 0 }, h, []);
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
 * A season too long for seasonal terms (weekly 52) enters as harmonic regressors; with `log`, a strictly
 * positive series is modelled in logs (with the log of positive regressors such as a price: a
 * constant-elasticity response).
 * `arima` prints to stdout while fitting.
 */
export const arima = localModel<ArimaOptions, ArimaState>(
  {
    name: 'arima',
    label: 'AutoARIMA',
    kind: 'statistical',
    description: 'ARIMA with automatic order search, using price/promo/holiday plans as regressors.',
    defaults: { exog: true, seasonal: true, maxSeason: 24, fourier: 3, log: false },
    minLength: () => 20,
    suggest: 'ets, snaive or naive',
  },
  {
    async fitOne(s, train, o) {
      const m = train.season;
      const exog = regressors(s, train, o);
      const st: ArimaState = { exog, s: o.seasonal && m > 1 && m <= o.maxSeason && s.y.length >= 3 * m ? m : 0 };
      if (o.seasonal && m > o.maxSeason && o.fourier > 0 && s.y.length >= 2 * m) Object.assign(st, { fourier: Math.min(o.fourier, Math.floor(m / 2)), period: m });
      if (o.log && loggable(s.y)) Object.assign(st, { logY: true, logX: exog.filter((k) => loggable(s.x![k])) });
      const probe = st.exog.map((k) => s.x![k].subarray(s.y.length - 1));
      await guardedForecast(s, st, 1, probe);
      return st;
    },
    forecastOne: (st, s, _t, _o, req) => guardedForecast(s, st, req.h, futureOf(st, s, req)),
  },
);
