/**
 * The forecast contract for one model in one call: a rolling-origin backtest gives the model's residuals,
 * the residuals calibrate its quantiles (conformal, per horizon step), the model is fitted once on all of
 * the data and forecasts from the plan, on any `TrainData` (the Forecast step runs it on a level's or the
 * total's summed series). Forecasts of the `sales` table go through `forecastSales` (the CLI's and the
 * studio's one composition, local and global models and `auto`).
 */
import { calibrateQuantiles, type QuantileCalibration } from '../backtest/conformal';
import type { AnyModel } from '../backtest/fitPredict';
import { runBacktest } from '../backtest/runBacktest';
import type { BacktestProgress } from '../backtest/types';
import type { CovariateMeta, DataIssue, Freq } from '../data/contract';
import type { TrainData } from '../models/protocol';
import type { SqlEngine } from '../pipeline/sqlEngine';
import type { ForecastSet } from './contract';
import { fitForecaster, forecastFromPlan } from './planForecaster';
import type { QuantileLevel } from './quantiles';

/** Options of {@link calibratedForecast}. */
export interface CalibratedForecastOptions {
  freq: Freq;
  h: number;
  /** A per-series (local) model; global models go through `backtestPipeline`, which rebuilds features per cutoff. */
  model: AnyModel;
  levels: QuantileLevel[];
  /** Rolling origins whose residuals calibrate the quantiles (default 3). */
  windows?: number;
  /** Used for series the model fails on, in the backtest and in the forecast (normally seasonal naive). */
  fallback?: AnyModel;
  /** Plan table of the future (default `plan`, see `createBaselinePlan`). */
  plan?: string;
  /** Plan name stored with the forecast (default `baseline`). */
  planName?: string;
  covariates?: CovariateMeta[];
  signal?: { cancelled: boolean };
  onProgress?: (p: BacktestProgress) => void;
  seed?: number;
}

/** What {@link calibratedForecast} made. */
export interface CalibratedForecast {
  set: ForecastSet;
  calibration: QuantileCalibration;
  /** Backtest residuals behind the calibration. */
  residuals: number;
  /** Problems the backtest met (too little history, excluded series…). */
  issues: DataIssue[];
  seconds: number;
}

/** Calibrates `model` on a rolling-origin backtest of `train`, then forecasts every series beyond it. */
export async function calibratedForecast(engine: SqlEngine, train: TrainData, options: CalibratedForecastOptions): Promise<CalibratedForecast> {
  const t0 = performance.now();
  const { model, h } = options;
  if (model.scope === 'global') throw new Error(`calibratedForecast: ${model.name} is a global model; backtest it with backtestPipeline (features rebuilt at each cutoff)`);
  const bt = await runBacktest({ train, models: [model], h, windows: options.windows ?? 3, fallback: options.fallback, signal: options.signal, onProgress: options.onProgress, seed: options.seed });
  const rows = bt.rows.filter((r) => r.model === model.name);
  if (!rows.length) throw new Error(`no backtest window fits: the series are too short for a ${h}-period horizon with ${options.windows ?? 3} rolling origins; shorten the horizon`);
  const calibration = calibrateQuantiles(rows, { h });
  const fitted = await fitForecaster(engine, train, { freq: options.freq, h, models: [model], fallback: options.fallback, covariates: options.covariates, plan: options.plan, seed: options.seed });
  const set = await forecastFromPlan(fitted, { table: options.plan, ...(options.planName ? { name: options.planName } : {}), levels: options.levels, calibration });
  return { set, calibration, residuals: calibration.pooled.length, issues: bt.issues, seconds: (performance.now() - t0) / 1000 };
}
