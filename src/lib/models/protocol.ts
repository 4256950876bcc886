/**
 * One protocol for every model: `fit(train, options) → Fitted`, `predict(fitted, { h, future }) → Forecast`.
 * Cross-validation, ensembling and fallback live outside the models (src/lib/backtest).
 */
import type { Freq } from '../data/contract';

/** One series' history, as typed arrays (never one object per row). */
export interface SeriesHistory {
  id: string;
  /** Days since epoch of each observation, ascending, regular at `freq` (gaps already filled). */
  ds: Int32Array;
  y: Float64Array;
  /** Covariate columns aligned with `y` (numeric; categoricals are integer codes). */
  x?: Record<string, Float64Array>;
  /** Static attributes (integer codes or numbers). */
  statics?: Record<string, number>;
}

/** Future values of known-future covariates for one series, `h` long each. */
export type FutureCovariates = Record<string, Float64Array>;

export interface TrainData {
  freq: Freq;
  /** Seasonal period (7 daily, 52 weekly, 12 monthly unless the user overrides). */
  season: number;
  series: SeriesHistory[];
  /** Names of covariates known in advance (may be used at predict time through `future`). */
  knownFuture?: string[];
  /** Names of covariates only known up to the origin. */
  pastOnly?: string[];
  /** Feature rows (training rows and future rows) for global feature-based models. */
  features?: FeatureFrame;
}

export interface FitContext {
  /** Reports progress in [0, 1] with optional loss values; must be cheap. */
  onProgress?: (p: { fraction: number; step?: number; loss?: number; valLoss?: number; message?: string }) => void;
  /** Set by the caller to request a stop; models check it between epochs/iterations/series. */
  signal?: { cancelled: boolean };
  seed?: number;
  /** Horizon the caller will ask `predict` for, when known (direct multi-horizon networks size their output by it). */
  h?: number;
}

export interface PredictRequest {
  h: number;
  /** Interval levels in percent, e.g. [80, 95]. */
  levels: number[];
  /** Future known covariates per series id. */
  future?: Record<string, FutureCovariates>;
}

/** One forecast per series: point plus interval bounds per level. */
export interface SeriesForecast {
  id: string;
  /** Days since epoch of each forecast step. */
  ds: Int32Array;
  mean: Float64Array;
  lo: Record<number, Float64Array>;
  hi: Record<number, Float64Array>;
  /** Set when this series used a fallback model; holds the reason. */
  fallback?: string;
}

export interface Fitted {
  model: string;
  /** Opaque, JSON-serialisable (trees, statistical models) state; networks keep tensors elsewhere. */
  state: unknown;
  /** Series for which the model failed and will fall back, with reasons. */
  failed?: Record<string, string>;
}

export type ModelKind = 'baseline' | 'statistical' | 'linear' | 'tree' | 'neural';

export interface ModelSpec<O = Record<string, unknown>> {
  name: string;
  label: string;
  kind: ModelKind;
  /** `local`: one model per series; `global`: one across all series. */
  scope: 'local' | 'global';
  /** Short description shown in the model picker. */
  description: string;
  defaults: O;
  /** Minimum history length (in periods) a series needs, given the season and horizon. */
  minLength(season: number, h: number): number;
  fit(train: TrainData, options: O, ctx?: FitContext): Promise<Fitted>;
  predict(fitted: Fitted, train: TrainData, req: PredictRequest): Promise<SeriesForecast[]>;
}

/**
 * Feature rows for global (feature-based) models, column-major typed arrays built from the feature SQL
 * (src/lib/features). Rows whose `y` is NaN and whose `ds` lies after their series' last observation are
 * the future rows a model predicts; all other rows with a finite `y` may be trained on.
 */
export interface FeatureFrame {
  names: string[];
  timing: import('../data/contract').Timing[];
  categorical: boolean[];
  /** One Float32Array per feature, each `n` long; NaN = missing. */
  columns: Float32Array[];
  y: Float32Array;
  /** Index into `TrainData.series` for each row. */
  seriesIndex: Int32Array;
  /** Days since epoch for each row. */
  ds: Int32Array;
}
