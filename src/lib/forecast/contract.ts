/** The forecast contract: any set of quantiles, the mean, the model, the cutoff and the plan's name. */
import type { QuantileLevel } from './quantiles';

/** One series' forecast: a mean and one array per quantile level, aligned with `ds`. */
export interface SeriesQuantiles {
  id: string;
  /** Days since epoch of each forecast period. */
  ds: Int32Array;
  mean: Float64Array;
  /** `q[k][j]` is the forecast at `levels[k]` for period j; non-decreasing in k. */
  q: Float64Array[];
  /** Set when a fallback model produced this series' forecast; holds the reason. */
  fallback?: string;
}

/** A forecast of every series by one model, from one cutoff, under one plan of the future. */
export interface ForecastSet {
  model: string;
  /** Last period of the data the forecast starts after (days since epoch). */
  cutoff: number;
  /** Name of the plan of the future it was made under (`baseline` for the file's own / the default rule). */
  plan: string;
  /** Ascending levels; `q` arrays follow this order. */
  levels: QuantileLevel[];
  series: SeriesQuantiles[];
}

/** The quantile array of level `p` in `f` (undefined when the set lacks it). */
export function quantileOf(set: ForecastSet, f: SeriesQuantiles, p: number): Float64Array | undefined {
  const k = set.levels.findIndex((l) => Math.abs(l.p - p) < 1e-12);
  return k < 0 ? undefined : f.q[k];
}
