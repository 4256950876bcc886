/**
 * The forecast contract for any model, local or global, over the `sales` table: a rolling-origin backtest
 * through `backtestSales` (features rebuilt at each cutoff for the global models; the same function the
 * Backtest step and `npm run backtest` run, which also chooses `auto`), the chosen candidate's residuals
 * calibrate its quantiles (conformal, per horizon step), it is fitted once on all of the data and forecasts
 * from the plan. `npm run forecast` and the studio's Forecast step both call {@link forecastSales}.
 */
import type { BacktestResult, QuantileCalibration } from '../backtest';
import type { BacktestProgress } from '../backtest/types';
import { calibrateQuantiles } from '../backtest/conformal';
import type { CovariateMeta, DataIssue, Freq } from '../data/contract';
import type { FeatureSpec } from '../features';
import { getModel } from '../models';
import type { ModelSpec, TrainData } from '../models/protocol';
import { backtestSales } from '../pipeline/backtestPipeline';
import type { SelectScoreResult } from '../pipeline/selectAndScore';
import type { SqlEngine } from '../pipeline/sqlEngine';
import { withZeroWhen } from '../pipeline/withZeroWhen';
import { calibratedCoverage, candidateRows, ensembleMethod } from './calibratedCoverage';
import type { ForecastSet } from './contract';
import { fitForecaster, forecastFromPlan, type PlanForecaster } from './planForecaster';
import type { QuantileLevel } from './quantiles';

/** Options of {@link forecastSales}. */
export interface ForecastSalesOptions {
  freq: Freq;
  h: number;
  /** A model name, or `auto`: the backtest's honest choice among `candidates`. */
  model: string;
  /** Models `auto` chooses from (ignored for a named model). */
  candidates?: string[];
  levels: QuantileLevel[];
  /** Backtest windows: the last one scores, the earlier ones choose `auto`; all calibrate (default 2). */
  windows?: number;
  /** Covariates of `sales` with timing and role. */
  covariates: CovariateMeta[];
  statics?: string[];
  /** Feature spec of the global models (null/absent: the default spec for the data). */
  spec?: FeatureSpec | null;
  /** The baseline plan table the fit's future rows come from (see `createBaselinePlan`; default `plan`). */
  baselinePlan?: string;
  /** The plan to forecast under (default: the baseline plan) and its name (default `baseline`). */
  plan?: string;
  planName?: string;
  /** Forecast 0 where this known-future column has this value (and hide those rows from training). */
  zeroWhen?: { column: string; value: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fallback?: ModelSpec<any>;
  metric?: string;
  signal?: { cancelled: boolean };
  onProgress?: (p: BacktestProgress | { message: string }) => void;
  seed?: number;
}

/** What {@link forecastSales} made (no `set` when the backtest produced nothing; `issues` say why). */
export interface ForecastSalesResult {
  set?: ForecastSet;
  /** The model (or ensemble) that forecast: `model`, or what `auto` chose. */
  chosen?: string;
  calibration?: QuantileCalibration;
  /** 80 % band coverage of the last window, calibrated on the earlier ones (absent with one window). */
  coverage?: { share: number; n: number };
  /** The backtest WAPE (fraction) of the model, or of `auto`. */
  wape?: number | null;
  score?: SelectScoreResult;
  backtest?: BacktestResult;
  train?: TrainData;
  fitted?: PlanForecaster;
  issues: DataIssue[];
  seconds: number;
}

/** Backtests, calibrates, fits on all of `sales` and forecasts beyond it (see the module comment). */
export async function forecastSales(engine: SqlEngine, o: ForecastSalesOptions): Promise<ForecastSalesResult> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const fallback = o.fallback ?? getModel('snaive');
  const names = o.model === 'auto' ? (o.candidates ?? []) : [o.model];
  if (!names.length) throw new Error('forecastSales: auto needs candidate models');
  const windows = o.windows ?? 2;
  const res = await backtestSales(engine, {
    freq: o.freq, h: o.h, windows: 1, selectionWindows: Math.max(0, windows - 1), covariates: o.covariates, statics: o.statics,
    spec: o.spec ?? null, models: names.map(getModel), fallback, zeroWhen: o.zeroWhen, metric: o.metric, signal: o.signal, onProgress: o.onProgress,
  });
  const issues = res.issues;
  if (issues.some((i) => i.level === 'error') || !res.backtest || !res.score || !res.train) return { issues, seconds: seconds() };
  if (o.signal?.cancelled) return { issues, seconds: seconds() };
  const chosen = o.model === 'auto' ? res.score.selected : o.model;
  const rows = candidateRows(res.backtest, res.score, chosen);
  if (!rows.length) return { issues: [...issues, { level: 'error', code: 'no_backtest', message: `${chosen} produced no backtest forecast.` }], seconds: seconds() };
  const train = res.train;
  const zero = o.zeroWhen ? { column: o.zeroWhen.column, value: Number(o.zeroWhen.value) } : undefined;
  const closed = new Set<string>();
  if (zero) for (const s of train.series) s.x?.[zero.column]?.forEach((v, i) => v === zero.value && closed.add(`${s.id}|${s.ds[i]}`));
  const knownZero = zero ? (id: string, ds: number) => closed.has(`${id}|${ds}`) : undefined;
  const got = [...new Set(rows.map((r) => r.window))].sort((a, b) => a - b);
  const coverage = got.length > 1 ? calibratedCoverage(rows, o.h, { calibrationWindows: got.slice(0, -1), evalWindows: got.slice(-1), knownZero, floor: 0 }) : undefined;
  const calibration = calibrateQuantiles(rows, { h: o.h, knownZero });
  const ens = res.score.ensembles.find((e) => e.name === chosen);
  const memberNames = ens ? ens.members : [chosen];
  const models = memberNames.map((n) => (zero ? withZeroWhen(getModel(n), zero) : getModel(n)));
  o.onProgress?.({ message: `fitting ${memberNames.join(', ')} on all of the data` });
  const baseline = o.baselinePlan ?? 'plan';
  const fitted = await fitForecaster(engine, train, {
    freq: o.freq, h: o.h, models, covariates: o.covariates, statics: o.statics, fallback, plan: baseline, seed: o.seed,
    ...(o.spec ? { spec: o.spec } : {}),
    ...(ens ? { ensemble: { name: ens.name, method: ensembleMethod(ens.name), members: ens.members, weights: ens.weights } } : {}),
    ...(o.zeroWhen ? { exclude: o.zeroWhen } : {}), ...(zero ? { zeroWhen: zero } : {}),
  });
  const set = await forecastFromPlan(fitted, { table: o.plan ?? baseline, name: o.planName ?? 'baseline', levels: o.levels, calibration });
  const wape = res.score.models.find((m) => m.model === (o.model === 'auto' ? 'auto' : o.model))?.wape ?? null;
  return { set, chosen, calibration, coverage, wape, score: res.score, backtest: res.backtest, train, fitted, issues, seconds: seconds() };
}
