/** Shared types of the metrics domain. */

/** Outcome of one metric: `value` is null (never NaN/Infinity) when undefined, with the reason. */
export interface MetricResult {
  value: number | null;
  reason?: string;
  /** Number of points (or, for series-mean metrics, series) the value rests on. */
  n: number;
  /** Points or series left out (e.g. MAPE on zero actuals), counted in `reason`. */
  skipped?: number;
}

/** In-sample seasonal-naive errors of a training part, the MASE / RMSSE denominators. */
export interface SeasonalScale {
  /** Mean |y_t − y_{t−m}|. */
  mae: number;
  /** Mean (y_t − y_{t−m})². */
  mse: number;
  /** Number of differences it rests on (0 when the training part is shorter than m + 1). */
  n: number;
}

/** What a metric reads: aligned actuals and forecasts, optionally interval bounds and the training part. */
export interface MetricInput {
  actual: ArrayLike<number>;
  /** Point forecast (mean/median). */
  forecast: ArrayLike<number>;
  /** Lower / upper interval bounds per level in percent (e.g. `{ 80: …, 95: … }`). */
  lo?: Record<number, ArrayLike<number>>;
  hi?: Record<number, ArrayLike<number>>;
  /** Training part (history before the forecast origin), for MASE / RMSSE. */
  insample?: ArrayLike<number>;
  /** Seasonal period m for MASE / RMSSE (default 1). */
  season?: number;
  /** Precomputed seasonal scale (skips reading `insample`). */
  scale?: SeasonalScale;
}

/** A metric: pure function of one input. */
export type MetricFn = (input: MetricInput) => MetricResult;

/** A registered metric with how it pools and which direction is better. */
export interface MetricSpec {
  name: string;
  fn: MetricFn;
  /**
   * `points`: pooled by concatenating the points of all inputs (MAE, WAPE = Σ|e|/Σ|y|, coverage…);
   * `mean`: pooled as the mean over inputs of per-input values (MASE, RMSSE).
   */
  pool: 'points' | 'mean';
  better: 'lower' | 'higher';
  /** Ideal value when neither lower nor higher is simply better (coverage: the nominal level). */
  target?: number;
  description?: string;
}
