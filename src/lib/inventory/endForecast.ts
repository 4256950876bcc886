/**
 * The forecast the next orders are computed from: a per-series model fitted on all of the history,
 * forecasting h periods beyond it, its quantiles calibrated on the model's own rolling-origin residuals
 * (the forecast contract of `src/lib/forecast`: `calibrateQuantiles` + `quantilesFromResiduals`).
 * The studio's Replenish step and `npm run replenish` both call it.
 */
import type { BacktestRow } from '../backtest';
import type { ForecastSet } from '../forecast/contract';
import { quantilesFromResiduals } from '../forecast/calibrate';
import type { QuantileLevel } from '../forecast/quantiles';
import type { ModelSpec, TrainData } from '../models/protocol';
import { demandCalibration, type DemandCalibration } from './calibratedDemand';

/** Options of {@link calibratedEndForecast}. */
export interface EndForecastOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: ModelSpec<any>;
  train: TrainData;
  h: number;
  /** The model's backtest rows (every series, every origin): they calibrate the quantiles. */
  rows: BacktestRow[];
  levels: QuantileLevel[];
  /** Lead time + review (periods the correlation is estimated over). */
  span: number;
  knownZero?: (id: string, ds: number) => boolean;
}

/** Fits, forecasts and calibrates; see {@link EndForecastOptions}. */
export async function calibratedEndForecast(o: EndForecastOptions): Promise<{ set: ForecastSet; calibration: DemandCalibration }> {
  const calibration = demandCalibration(o.rows, { h: o.h, span: o.span, knownZero: o.knownZero });
  if (!calibration.residuals) throw new Error(`no backtest residuals of ${o.model.name} to calibrate its quantiles`);
  const fitted = await o.model.fit(o.train, o.model.defaults);
  const forecasts = await o.model.predict(fitted, o.train, { h: o.h, levels: [] });
  const hist = new Map(o.train.series.map((s) => [s.id, s.y]));
  const series = forecasts.map((f) =>
    quantilesFromResiduals({ id: f.id, ds: f.ds, mean: f.mean, history: hist.get(f.id), ...(f.fallback ? { fallback: f.fallback } : {}) }, calibration.calibration, o.train.season, { levels: o.levels, floor: 0 }));
  const cutoff = Math.max(...o.train.series.map((s) => s.ds[s.ds.length - 1]));
  return { set: { model: o.model.name, cutoff, plan: 'baseline', levels: o.levels, series }, calibration };
}
