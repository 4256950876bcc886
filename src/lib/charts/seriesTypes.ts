/** A forecast drawn after the history: mean plus optional 80 % / 95 % intervals, aligned with `ds`. */
export interface ForecastData {
  ds: Int32Array;
  mean: Float64Array;
  lo80?: Float64Array;
  hi80?: Float64Array;
  lo95?: Float64Array;
  hi95?: Float64Array;
  /** Model name shown in the tooltip (rendered as text). Default `forecast`. */
  label?: string;
  /**
   * Central bands from quantiles (e.g. 80 %: q0.1 … q0.9), drawn widest first as `path.band.band-<level>`;
   * used instead of lo80 … hi95 when given.
   */
  bands?: ForecastBand[];
}

/** One central prediction band: `level` % between the quantiles `lo` and `hi`. */
export interface ForecastBand {
  level: number;
  lo: Float64Array;
  hi: Float64Array;
}

/** One backtest window's predictions. */
export interface BacktestLine {
  ds: Int32Array;
  mean: Float64Array;
}

/** Input of `seriesChart`. `ds` ascending days since 1970-01-01 UTC; NaN = missing. */
export interface SeriesChartData {
  ds: Int32Array;
  y: Float64Array;
  /** Promo flag per history row (> 0 = promo). */
  promo?: Uint8Array | Float64Array;
  forecast?: ForecastData;
  /** A second model's forecast drawn over the first (mean line `path.forecast-line.compare`, no band). */
  compare?: ForecastData;
  backtest?: BacktestLine[];
  /** Days of flagged outliers (must be days present in `ds`). */
  outliers?: Int32Array;
  /** Chart title, rendered as text. */
  title?: string;
}
