/** Shared types of the global (feature-based) models. */
import type { FeatureFrame, FitContext, ModelKind } from '../protocol';

/** Run-time hooks handed to `fitMatrix`: validation rows, progress and cancellation. */
export interface GlobalRun {
  /** Held-out rows (scaled like the training rows) for early stopping, when the model uses them. */
  valid?: FeatureFrame;
  onProgress?: FitContext['onProgress'];
  signal?: { cancelled: boolean };
  seed?: number;
}

/** Options every global model understands (on top of its own). */
export interface GlobalOptions {
  /** Divide y and the y features by each series' mean |y| over its training rows (default true). */
  scaleTarget?: boolean;
  /** Compute permutation importance of each feature on the last horizon of training rows (default false). */
  importance?: boolean;
  /** Interval levels (percent) fitted in advance (default [80, 95]). */
  levels?: number[];
  /** `native`: the model's own quantile fits (when it has them); `conformal`: residuals of an internal split. */
  intervals?: 'native' | 'conformal';
  /**
   * `offset`: the own-price response is a per-series log-linear term estimated by the price regression
   * (trees cannot extrapolate it; see priceOffset.ts); `model`: left to the model's features (default).
   */
  priceResponse?: 'offset' | 'model';
  /** `log1p`: the model fits log1p(y / s) (non-negative data only; expm1 undoes it); default `none`: y / s. */
  targetTransform?: 'none' | 'log1p';
  /**
   * Lag strategy of the feature frame the pipeline builds for this model (default `direct`: lags ≥ h).
   * `recursive`: lags from 1, filled from the model's own forecasts step by step at predict time.
   */
  strategy?: 'direct' | 'recursive';
  /**
   * Training rows more than this many days before their series' last day are left out (default: 3 years
   * for daily data, where older years cost fitting time and add little; no limit for other frequencies).
   */
  maxHistoryDays?: number;
}

/** What {@link makeGlobalModel} needs to know about a model: a fit and a predict over feature matrices. */
export interface GlobalModelDef<O, M> {
  name: string;
  label: string;
  kind: ModelKind;
  description: string;
  defaults: O & GlobalOptions;
  /** Fits on the training rows of `frame` (target already scaled); `frame.categorical` marks code columns. */
  fitMatrix(frame: FeatureFrame, options: O, run: GlobalRun): M | Promise<M>;
  /** Predicts every row of `frame` (same columns as in the fit). */
  predictMatrix(model: M, frame: FeatureFrame): Float32Array | Promise<Float32Array>;
  /** Optional native quantile model at level `alpha` (used when `intervals` is `native`). */
  fitQuantile?(frame: FeatureFrame, options: O, alpha: number, run: GlobalRun): M | Promise<M>;
  /** Frees what a fitted model holds outside the JS heap (TF.js tensors); called on models no longer needed. */
  dispose?(model: M): void;
  /** Minimum history (default: 2·h, enough for a lag-h feature and a training row). */
  minLength?(season: number, h: number): number;
}

/** Fitted state of a global model (structured-clone friendly). */
export interface GlobalState<M> {
  model: M;
  /** Quantile models by alpha (native intervals). */
  quantiles?: Record<string, M>;
  /** Sorted absolute scaled residuals per horizon step (conformal intervals). */
  residuals?: Float64Array[];
  /** Divisor per series id (1 without scaling). */
  scales: Record<string, number>;
  nonNegative: boolean;
  /** Horizon the feature frame allows (its lags are ≥ this). */
  horizon: number;
  names: string[];
  levels: number[];
  /** Whether y and the y features were divided by `scales`. */
  scaleTarget: boolean;
  /** Permutation importance (MAE increase on the scaled target, last-horizon rows), when asked for. */
  importance?: { feature: string; importance: number; std: number }[];
  /** Per-series elasticity of the price-response offset (`priceResponse: 'offset'`). */
  priceOffset?: import('./priceOffset').PriceOffsetState;
  /** Set when the model fits log1p(y / s). */
  targetTransform?: 'log1p';
  /** Set when the frame's y features are rebuilt from forecasts step by step (recursive strategy). */
  recursive?: boolean;
}
