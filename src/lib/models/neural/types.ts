/** Shared types and defaults of the neural models. */

/** Loss after one epoch (training loss averaged over batches, validation loss or NaN) and throughput. */
export interface NeuralEpochInfo {
  epoch: number;
  loss: number;
  valLoss: number;
  /** Training rows (MLP) or windows (sequence models) per second of wall time in this epoch. */
  samplesPerSec: number;
}

/** Run-time hooks shared by `fitMlp` and `fitSeq`; `V` is the validation data type. */
export interface NeuralRun<V> {
  /** Validation data: enables early stopping (with `patience > 0`) that restores the best weights. */
  valid?: V;
  onEpoch?: (info: NeuralEpochInfo) => void;
  /** Checked before every batch: a cancelled fit returns the last good model within one batch. */
  signal?: { cancelled: boolean };
}

/** How a non-negative output is enforced (on the scaled output, whose scale is positive and offset 0). */
export type NonNegative = false | 'softplus' | 'relu';

/** Options shared by every network. */
export interface NeuralOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty on every kernel, added to the loss as `l2 · Σ w²`. */
  l2?: number;
  /** Dropout rate after hidden layers (0 = off); seeded, a fresh mask every batch. */
  dropout?: number;
  /** Seeds initialisers, dropout, shuffling and window sampling. */
  seed?: number;
  /** Epochs without a better validation loss before stopping (0 = off); the best weights are restored. */
  patience?: number;
  /** Quantile heads (one output unit each), trained with pinball loss; sorted at predict time. */
  quantiles?: number[];
  /** Forces outputs ≥ 0 (sales): `'softplus'` or `'relu'` on the output units. */
  nonNegative?: NonNegative;
}

/** Defaults of `NeuralOptions`; quantiles give the 80 % and 95 % intervals and the median. */
export const NEURAL_DEFAULTS: Required<NeuralOptions> = {
  epochs: 20,
  batchSize: 256,
  learningRate: 1e-3,
  l2: 0,
  dropout: 0,
  seed: 1,
  patience: 5,
  quantiles: [0.025, 0.1, 0.5, 0.9, 0.975],
  nonNegative: false,
};

/** Point forecast plus one array per quantile level (keyed by the level, e.g. `0.9`). */
export interface QuantileOutput<A> {
  mean: A;
  quantiles: Record<number, A>;
}

/** Fills `defaults` with the options that are not undefined. */
export function withDefaults<T extends object>(defaults: Required<T>, options: T): Required<T> {
  return { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<T>;
}

/** Sorted, validated quantile levels. */
export function checkQuantiles(qs: number[]): number[] {
  for (const q of qs) if (!(q > 0 && q < 1)) throw new Error(`quantile ${q} not in (0, 1)`);
  return [...qs].sort((a, b) => a - b);
}
