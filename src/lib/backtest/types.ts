/** Shared types of the backtest domain. */
import type { DataIssue } from '../data/contract';
import type { SeasonalScale } from '../metrics';

/** Thrown when `signal.cancelled` is seen; named so it survives a comlink boundary. */
export class CancelledError extends Error {
  constructor(message = 'backtest cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** One model × window × series forecast, aligned point by point with the held-out actuals. */
export interface BacktestRow {
  model: string;
  id: string;
  /** Forecast origin (days since epoch): the last training period. */
  cutoff: number;
  /** Window index, 0 = earliest cutoff. */
  window: number;
  /** Days of the held-out points present (≤ h; fewer when the series ends early). */
  ds: Int32Array;
  /** Horizon step of each point, 1…h. */
  step: Int32Array;
  actual: Float64Array;
  mean: Float64Array;
  lo: Record<number, Float64Array>;
  hi: Record<number, Float64Array>;
  /** Set when the fallback model produced this forecast; holds the reason. */
  fallback?: string;
  /** In-sample seasonal-naive scale of the training part at this cutoff (MASE / RMSSE). */
  scale: SeasonalScale;
}

/** Per-model summary of a backtest run. */
export interface BacktestModelSummary {
  model: string;
  /** Seconds spent in `fit` summed over windows (one fit when `refit` is false). */
  fit_seconds: number;
  predict_seconds: number;
  /** Distinct series that used the fallback in at least one window. */
  failed_series: number;
  /** Reason per failed series (the first one seen). */
  failures: Record<string, string>;
}

export interface BacktestResult {
  rows: BacktestRow[];
  /** Ascending cutoffs; the last one is the final (holdout) window. */
  cutoffs: number[];
  h: number;
  levels: number[];
  season: number;
  models: BacktestModelSummary[];
  /** Problems in the data (too little history, late-starting series, all-zero windows…). */
  issues: DataIssue[];
}

/** Progress of a backtest, reported after each model × window. */
export interface BacktestProgress {
  fraction: number;
  model: string;
  window: number;
  message: string;
}
