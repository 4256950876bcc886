/**
 * Calibrated quantiles for any point forecast: mean + (the step's scaled residual quantile) × the point's
 * residual unit (series scale and forecast level), crossing repaired, clipped at a floor; known zeros
 * (closed days) are 0 at every level.
 */
import { residualQuantile, residualUnit, type QuantileCalibration } from '../backtest/conformal';
import { seasonalScale } from '../metrics';
import type { SeriesQuantiles } from './contract';
import { repairCrossing, type QuantileLevel } from './quantiles';

/** Options of {@link quantilesFromResiduals}. */
export interface QuantileFromResidualsOptions {
  levels: QuantileLevel[];
  /** Clip every quantile (and the mean) at this value, e.g. 0 for sales (default none). */
  floor?: number;
  /** Points known to be zero (closed days): every level and the mean are 0 there. */
  knownZero?: (id: string, ds: number) => boolean;
}

/** A point forecast of one series and what scales its residuals. */
export interface PointForecast {
  id: string;
  ds: Int32Array;
  mean: Float64Array;
  /** Horizon step of each point (1-based); default position + 1. */
  step?: Int32Array;
  /** The history the forecast starts after (its seasonal-naive MAE scales the residuals)… */
  history?: Float64Array;
  /** …or that scale directly (as a BacktestRow carries it). */
  scale?: { mae: number; n: number };
  fallback?: string;
}

/** The quantile forecast of `f` from the calibration (season: the seasonal period of the history). */
export function quantilesFromResiduals(f: PointForecast, cal: QuantileCalibration, season: number, options: QuantileFromResidualsOptions): SeriesQuantiles {
  const scale = f.scale ?? (f.history ? seasonalScale(f.history, season) : undefined);
  const floor = options.floor ?? -Infinity;
  const mean = Float64Array.from(f.mean, (m) => Math.max(floor, m));
  const q = options.levels.map(() => new Float64Array(mean.length));
  for (let j = 0; j < mean.length; j++) {
    const step = f.step ? f.step[j] : j + 1;
    const zero = options.knownZero?.(f.id, f.ds[j]) ?? false;
    if (zero) mean[j] = 0;
    options.levels.forEach((l, k) => (q[k][j] = zero ? 0 : Math.max(floor, f.mean[j] + residualQuantile(cal, step, l.p) * residualUnit(scale, f.mean[j]))));
    repairCrossing(q, j);
  }
  return { id: f.id, ds: f.ds, mean, q, ...(f.fallback ? { fallback: f.fallback } : {}) };
}
