/**
 * The what-if primitive: a model fitted once on all the data answers any plan of the future without
 * refitting. A global model gets only its future feature rows rebuilt from the plan (y-based columns, which
 * never read the future, are kept from the fit); a local model that reads covariates (ARIMA with regressors)
 * gets the plan as its `future`; one that reads none (seasonal naive) gives the same forecast for any plan.
 */
import { combineRows, type BacktestRow, type EnsembleMethod, type QuantileCalibration } from '../backtest';
import { fallbackForecasts, fitModel, predictModel, type AnyModel, type ModelState } from '../backtest/fitPredict';
import { addPeriods, dayToIso, type CovariateMeta, type Freq } from '../data/contract';
import type { FeatureSpec } from '../features';
import { ident } from '../features/featureColumn';
import type { FutureCovariates, PredictRequest, SeriesForecast, TrainData } from '../models/protocol';
import { defaultFeatureSpec } from '../pipeline/defaultFeatureSpec';
import { strategyOf, type LagStrategy } from '../models/global/strategy';
import { makeFeaturesAt, type ExcludeRows, type FeaturesAtCall, type MetaFrame } from '../pipeline/featuresAt';
import { tableColumns } from '../pipeline/loadCsv';
import { numbers, strings, type SqlEngine } from '../pipeline/sqlEngine';
import { quantilesFromResiduals } from './calibrate';
import type { ForecastSet } from './contract';
import type { QuantileLevel } from './quantiles';
import { planDigest, planReach, type PlanDigest } from './planForecastReach';

/** How the members of an ensemble are combined (as `selectAndScore` chose them). */
export interface EnsembleRecipe {
  name: string;
  method: EnsembleMethod;
  members: string[];
  weights?: Record<string, number>;
}

/** Options of {@link fitForecaster}. */
export interface FitForecasterOptions {
  freq: Freq;
  h: number;
  /** The model, or the members of `ensemble`. */
  models: AnyModel[];
  ensemble?: EnsembleRecipe;
  /** Used for series a model fails on (normally seasonal naive). */
  fallback?: AnyModel;
  covariates?: CovariateMeta[];
  statics?: string[];
  /** Feature spec of the global models (default: the pipeline's default spec). */
  spec?: FeatureSpec;
  /** The baseline plan table the fit's future rows come from (see `createBaselinePlan`; default `plan`). */
  plan?: string;
  /** Rows whose target is hidden from the features (e.g. closed days). */
  exclude?: ExcludeRows;
  /** Forecast 0 where this known-future column has this (numeric, coded) value: a known zero. */
  zeroWhen?: { column: string; value: number };
  /** History kept before the cutoff when a plan's future rows are rebuilt (default: 26 weeks of periods + h). */
  history?: number;
  seed?: number;
}

/** A fitted forecaster: what {@link forecastFromPlan} needs to answer a plan without refitting. */
export interface PlanForecaster {
  /** Model name in the forecasts (the ensemble's name for an ensemble). */
  model: string;
  cutoff: number;
  h: number;
  train: TrainData;
  engine: SqlEngine;
  options: FitForecasterOptions;
  members: Array<{ model: AnyModel; state: ModelState }>;
  /** The future feature rows built from `plan` at fit time (global models only; the first of `views`). */
  baseFuture?: MetaFrame;
  featuresAt?: (cutoff: number, call?: FeaturesAtCall) => Promise<MetaFrame>;
  /** The feature spec the global members were fitted with (the first of `views`). */
  spec?: FeatureSpec;
  /**
   * One feature view per lag strategy of the global members (direct: lags ≥ h; recursive: from 1), as the
   * backtest builds them: each member is fitted and re-forecast on the frame of its own strategy.
   */
  views?: FeatureView[];
  /** The fitted plan's digest per series: a re-forecast rebuilds only the series an edit reaches (global models). */
  planDigest?: PlanDigest;
  /** Seconds the fit took. */
  fitSeconds: number;
}

/** The feature frame of the global members of one lag strategy. */
export interface FeatureView {
  strategy: LagStrategy;
  featuresAt: (cutoff: number, call?: FeaturesAtCall) => Promise<MetaFrame>;
  spec: FeatureSpec;
  /** Its future rows built from the fitted plan. */
  baseFuture: MetaFrame;
}

const HISTORY: Record<Freq, number> = { D: 182, W: 26, M: 12, Q: 8, Y: 5 };

/** Fits every member once on all of `train`, the future feature rows coming from the baseline plan. */
export async function fitForecaster(engine: SqlEngine, train: TrainData, options: FitForecasterOptions): Promise<PlanForecaster> {
  const t0 = performance.now();
  const cutoff = Math.max(...train.series.map((s) => s.ds[s.ds.length - 1]));
  const plan = options.plan ?? 'plan';
  const views: FeatureView[] = [];
  const frames = new Map<LagStrategy, MetaFrame>();
  const globals = options.models.filter((m) => m.scope === 'global');
  if (globals.length) {
    const longest = Math.max(...train.series.map((s) => s.y.length));
    // One frame per lag strategy, as backtestSales builds them: a recursive member of a mixed ensemble gets
    // the short lags it was backtested with, a direct one only lags ≥ h.
    for (const strategy of [...new Set(globals.map(strategyOf))]) {
      const spec = options.spec ?? defaultFeatureSpec({ freq: options.freq, h: options.h, covariates: options.covariates, statics: options.statics, historyLength: longest, strategy });
      const featuresAt = await makeFeaturesAt(engine, { freq: options.freq, h: options.h, spec, strategy, covariates: options.covariates, seriesIds: train.series.map((s) => s.id), plan, ...(options.exclude ? { exclude: options.exclude } : {}) });
      const frame = await featuresAt(cutoff);
      frames.set(strategy, frame);
      views.push({ strategy, featuresAt, spec, baseFuture: futureRows(frame, cutoff) });
    }
  }
  const digest = views.length ? await planDigest(engine, plan) : undefined;
  const viewOf = (model: AnyModel): TrainData => (model.scope === 'global' ? { ...train, features: frames.get(strategyOf(model))! } : train);
  const members = [];
  for (const model of options.models) members.push({ model, state: await fitModel(withoutOwnIntervals(model), viewOf(model), { seed: options.seed }) });
  const first = views[0];
  return {
    model: options.ensemble?.name ?? options.models[0].name, cutoff, h: options.h, train, engine, options, members,
    ...(first ? { baseFuture: first.baseFuture, featuresAt: first.featuresAt, spec: first.spec, views } : {}),
    ...(digest ? { planDigest: digest } : {}), fitSeconds: (performance.now() - t0) / 1000,
  };
}

/** A global model asked for no intervals of its own (the quantiles come from the calibration): no quantile fits. */
function withoutOwnIntervals(model: AnyModel): AnyModel {
  return model.scope === 'global' && (model.kind === 'tree' || model.kind === 'linear') ? { ...model, defaults: { ...model.defaults, levels: [], intervals: 'native' } } : model;
}

/** Options of {@link forecastFromPlan}. */
export interface ForecastFromPlanOptions {
  /** Plan table (default: the baseline plan of the fit). */
  table?: string;
  /** Plan name stored with the forecast (default `baseline` for the fit's plan, else the table name). */
  name?: string;
  levels: QuantileLevel[];
  /** Residual calibration of the model (see `calibrateQuantiles`). */
  calibration: QuantileCalibration;
  /** Clip at this value (default 0 when every history is non-negative). */
  floor?: number;
  /**
   * Future feature rows rebuilt from the plan: `reached` (default) only for the series whose plan rows differ
   * from the fitted plan and the series sharing a cross-series group with them (see `planReach`), the others
   * kept from the fit; `all` for every series.
   */
  rebuild?: 'reached' | 'all';
}

/** The forecast of every series under the plan in `options.table`, with calibrated quantiles; no refit. */
export async function forecastFromPlan(f: PlanForecaster, options: ForecastFromPlanOptions): Promise<ForecastSet> {
  const table = options.table ?? f.options.plan ?? 'plan';
  const future = await planFuture(f.engine, table, f.train);
  const req: PredictRequest = { h: f.h, levels: [], ...(Object.keys(future).length ? { future } : {}) };
  const byStrategy = new Map<LagStrategy, TrainData>();
  const views = f.views ?? (f.featuresAt && f.baseFuture && f.spec ? [{ strategy: 'direct' as const, featuresAt: f.featuresAt, spec: f.spec, baseFuture: f.baseFuture }] : []);
  if (views.length) {
    const history = f.options.history ?? HISTORY[f.options.freq] + f.h;
    // An edit rebuilds only the series it reaches; the others keep the fit's rows (the fitted plan rebuilds none).
    const only = options.rebuild !== 'all' && f.planDigest && views[0].baseFuture.ids ? await planReach(f.engine, table, f.planDigest, views[0].spec) : null;
    for (const v of views) {
      const rebuilt = only?.length === 0 ? null : await v.featuresAt(f.cutoff, { plan: table, futureOnly: true, history, spec: { ...v.spec, lags: false }, ...(only ? { series: only } : {}) });
      byStrategy.set(v.strategy, { ...f.train, features: rebuilt ? mergeTargetColumns(rebuilt, v.baseFuture, only ? new Set(only) : null) : v.baseFuture });
    }
  }
  const viewOf = (model: AnyModel): TrainData => (model.scope === 'global' ? byStrategy.get(strategyOf(model)) ?? byStrategy.values().next().value ?? f.train : f.train);
  const outs: SeriesForecast[][] = [];
  for (const m of f.members) {
    const out = await predictModel(m.model, m.state, viewOf(m.model), req);
    if (out.failed.size && f.options.fallback) for (const [id, g] of await fallbackForecasts(f.options.fallback, f.train, out.failed, req)) out.forecasts.set(id, g);
    outs.push([...out.forecasts.values()]);
  }
  const points = combine(f, outs);
  const zero = f.options.zeroWhen;
  const knownZero = zero ? (id: string, ds: number) => {
    const s = f.train.series.find((x) => x.id === id);
    const col = future[id]?.[zero.column];
    if (!s || !col) return false;
    const j = Math.round((ds - s.ds[s.ds.length - 1]) / (f.options.freq === 'D' ? 1 : f.options.freq === 'W' ? 7 : 30.44)) - 1;
    return col[j] === zero.value;
  } : undefined;
  const nonNegative = f.train.series.every((s) => s.y.every((v) => !(v < 0)));
  const floor = options.floor ?? (nonNegative ? 0 : undefined);
  const hist = new Map(f.train.series.map((s) => [s.id, s.y]));
  const series = points.map((p) => quantilesFromResiduals({ ...p, history: hist.get(p.id) }, options.calibration, f.train.season, { levels: options.levels, floor, knownZero }));
  return { model: f.model, cutoff: f.cutoff, plan: options.name ?? (table === (f.options.plan ?? 'plan') ? 'baseline' : table), levels: options.levels, series };
}

/** Point forecasts per series: the one member's, or the ensemble's combination (the backtest's own code). */
function combine(f: PlanForecaster, outs: SeriesForecast[][]): Array<{ id: string; ds: Int32Array; mean: Float64Array; fallback?: string }> {
  const recipe = f.options.ensemble;
  if (!recipe || outs.length < 2) return outs[0].map((x) => ({ id: x.id, ds: x.ds, mean: x.mean, ...(x.fallback ? { fallback: x.fallback } : {}) }));
  const rows: BacktestRow[] = outs.flatMap((list, k) => list.map((x) => ({
    model: f.members[k].model.name, id: x.id, cutoff: f.cutoff, window: 0, ds: x.ds, step: Int32Array.from(x.ds, (_, j) => j + 1),
    actual: new Float64Array(x.ds.length).fill(NaN), mean: x.mean, lo: {}, hi: {}, scale: { mae: 1, mse: 1, n: 0 },
  })));
  return combineRows(rows, recipe.members, { name: recipe.name, method: recipe.method, weights: recipe.weights }).map((r) => ({ id: r.id, ds: r.ds, mean: r.mean }));
}

/** Rows of `frame` after the cutoff. */
function futureRows(frame: MetaFrame, cutoff: number): MetaFrame {
  const keep: number[] = [];
  for (let r = 0; r < frame.ds.length; r++) if (frame.ds[r] > cutoff) keep.push(r);
  const pick = <T extends Float32Array | Int32Array>(a: T) => a.constructor === Int32Array ? Int32Array.from(keep, (r) => a[r]) as T : Float32Array.from(keep, (r) => a[r]) as T;
  return { ...frame, columns: frame.columns.map(pick), y: pick(frame.y), seriesIndex: pick(frame.seriesIndex), ds: pick(frame.ds) };
}

/**
 * The future frame in the fit's column order: y-based columns (lags, rolling statistics — they never read the
 * plan) from `base`, every other column by name from `rebuilt` (built from the plan without the lag family)
 * — on the rows of the series in `only` when given (the others keep `base`), else on every row.
 */
function mergeTargetColumns(rebuilt: MetaFrame, base: MetaFrame, only: Set<string> | null): MetaFrame {
  const at = new Map<number, number>();
  for (let r = 0; r < rebuilt.ds.length; r++) at.set(rebuilt.seriesIndex[r] * 1e6 + rebuilt.ds[r], r);
  const idOf = (k: number) => base.ids?.[k] ?? String(k);
  const take = Uint8Array.from(base.ds, (_, r) => (!only || only.has(idOf(base.seriesIndex[r])) ? 1 : 0));
  const src = Int32Array.from(base.ds, (d, r) => (take[r] ? at.get(base.seriesIndex[r] * 1e6 + d) ?? -1 : -2));
  let taken = 0;
  for (const r of src) if (r >= 0) taken++;
  if (src.some((r) => r === -1) || rebuilt.ds.length !== taken) throw new Error('forecastFromPlan: the plan does not cover the same series and dates as the fit (rebuild the plan from the baseline)');
  const byName = new Map(rebuilt.names.map((n, j) => [n, j]));
  const columns = base.names.map((name, j) => {
    if (base.meta?.[j]?.family === 'lag') return base.columns[j];
    const k = byName.get(name);
    if (k === undefined) throw new Error(`forecastFromPlan: feature "${name}" is missing from the rebuilt rows`);
    const c = rebuilt.columns[k];
    const b = base.columns[j];
    return Float32Array.from(src, (r, i) => (r >= 0 ? c[r] : b[i]));
  });
  return { ...base, columns };
}

/** The plan's covariates per series as `PredictRequest.future` (text values coded as `loadTrainData` codes them). */
async function planFuture(engine: SqlEngine, table: string, train: TrainData): Promise<Record<string, FutureCovariates>> {
  const names = (train.knownFuture ?? []).filter(Boolean);
  const planCols = await tableColumns(engine, table);
  const salesCols = await tableColumns(engine, 'sales');
  const use = names.filter((c) => c in planCols);
  if (!use.length) return {};
  const expr = (c: string) => /CHAR|TEXT|STRING/i.test(salesCols[c] ?? planCols[c])
    ? `(SELECT count(DISTINCT s.${ident(c)}) FROM sales s WHERE s.${ident(c)} < p.${ident(c)})::DOUBLE`
    : `TRY_CAST(p.${ident(c)} AS DOUBLE)`;
  const t = await engine.query(`SELECT p.unique_id, CAST(p.ds AS DATE) AS ds${use.map((c, i) => `, ${expr(c)} AS _x${i}`).join('')} FROM ${ident(table)} p ORDER BY 1, 2`);
  const ids = strings(t, 'unique_id');
  const xs = use.map((_, i) => numbers(t, `_x${i}`));
  const out: Record<string, FutureCovariates> = {};
  for (let a = 0; a < ids.length; ) {
    let b = a + 1;
    while (b < ids.length && ids[b] === ids[a]) b++;
    out[ids[a]] = Object.fromEntries(use.map((c, i) => [c, xs[i].slice(a, b)]));
    a = b;
  }
  return out;
}

/** ISO date of the first forecast period (for messages). */
export function firstForecastDay(f: PlanForecaster): string {
  return dayToIso(addPeriods(f.cutoff, 1, f.options.freq));
}
