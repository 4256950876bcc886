/** Shared types of the tree models (see fitGbdt.ts for why they are written in-house). */

/** Training rows: one Float32Array per feature (column-major, NaN = missing) and the target. */
export interface TreeData {
  columns: Float32Array[];
  /** Target; rows with a non-finite `y` are ignored (FeatureFrame future rows). */
  y: Float32Array;
}

/**
 * One tree as flat arrays indexed by node (node 0 is the root). A node with `feature[i] < 0` is a leaf
 * holding `value[i]`. Numeric split: `x <= threshold[i]` goes left, NaN goes left when `flags & 1`.
 * Categorical split (`flags & 2`): `catBits[threshold[i]]` is a word count w and the next w words are a
 * bitset of integer codes that go left; every other value (NaN, unseen codes) goes right.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  flags: Uint8Array;
  value: Float64Array;
  catBits: Uint32Array;
}

/** Boosting loss: squared, absolute, pinball at `alpha`, Poisson or Tweedie deviance (log link). */
export type Objective = 'l2' | 'l1' | 'quantile' | 'poisson' | 'tweedie';

/** A fitted tree ensemble: GBDT, single tree or random forest. Structured-clone friendly. */
export interface TreeEnsemble {
  kind: 'gbdt' | 'tree' | 'forest';
  objective: Objective;
  numFeatures: number;
  /** Raw score every row starts from (before the link). */
  baseScore: number;
  /** `sum`: boosting; `mean`: forest averaging. */
  combine: 'sum' | 'mean';
  /** `log`: predictions are `exp(raw)` (Poisson, Tweedie). */
  link: 'identity' | 'log';
  trees: Tree[];
  /** Total split gain per feature over the kept trees. */
  featureGain: Float64Array;
  /** Index of the best iteration (early stopping) or the last one. */
  bestIteration: number;
}

/** Progress of one boosting iteration; `valLoss` is NaN without a validation set. */
export interface IterationInfo {
  iter: number;
  trainLoss: number;
  valLoss: number;
}

/** Run-time hooks of a fit: validation set, progress and cancellation. */
export interface FitRun {
  /** Validation rows for early stopping and `valLoss`. */
  valid?: TreeData;
  onIteration?: (info: IterationInfo) => void;
  /** Checked before every iteration/tree; the model built so far is returned. */
  signal?: { cancelled: boolean };
}
