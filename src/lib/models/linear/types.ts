/** Shared types of the linear models. */

/** Training rows: one Float32Array per feature (NaN = missing, imputed with the mean) and the target. */
export interface LinearData {
  columns: Float32Array[];
  /** Target; rows with a non-finite `y` are ignored. */
  y: Float32Array;
}

/**
 * A fitted linear model on standardised features: `ŷ = bias + Σ weights[j] · (x_j − means[j]) / stds[j]`.
 * Plain arrays, so `JSON.stringify` keeps it as is.
 */
export interface LinearModel {
  means: number[];
  stds: number[];
  weights: number[];
  bias: number;
}

/** Loss after one epoch: training and validation mean squared error (NaN without validation rows). */
export interface EpochInfo {
  epoch: number;
  loss: number;
  valLoss: number;
}
