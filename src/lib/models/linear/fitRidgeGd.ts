/** Ridge regression trained by mini-batch gradient descent in TF.js, on standardised features. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../data/random';
import { designMatrix, finiteTargetRows, standardize } from './standardize';
import type { EpochInfo, LinearData, LinearModel } from './types';

/** Gradient-descent ridge options; defaults in `RIDGE_GD_DEFAULTS`. */
export interface RidgeGdOptions {
  /** Penalty λ in `mean((y − ŷ)²) + λ‖w‖²` on standardised weights (same objective as the closed form). */
  l2?: number;
  learningRate?: number;
  epochs?: number;
  batchSize?: number;
  /** Seeds the mini-batch shuffling (weights start at zero, the bias at mean y). */
  seed?: number;
  /** Stop after this many epochs without a better validation loss and keep the best weights (0 = off). */
  patience?: number;
  optimizer?: 'adam' | 'sgd';
}

/** Run-time hooks: validation rows, loss curve and cancellation (checked between epochs). */
export interface RidgeGdRun {
  valid?: LinearData;
  onEpoch?: (info: EpochInfo) => void;
  signal?: { cancelled: boolean };
}

/** Defaults of `fitRidgeGd`. */
export const RIDGE_GD_DEFAULTS: Required<RidgeGdOptions> = {
  l2: 0,
  learningRate: 0.05,
  epochs: 50,
  batchSize: 256,
  seed: 1,
  patience: 0,
  optimizer: 'adam',
};

/** Fits ridge regression with TF.js; every tensor is released before it returns (also on errors). */
export async function fitRidgeGd(train: LinearData, options: RidgeGdOptions = {}, run: RidgeGdRun = {}): Promise<LinearModel> {
  const o = { ...RIDGE_GD_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const rows = finiteTargetRows(train.y);
  const n = rows.length;
  if (!n) throw new Error('fitRidgeGd: no rows with a finite target');
  const d = train.columns.length;
  for (const data of run.valid ? [train, run.valid] : [train])
    if (data.columns.length !== d || data.columns.some((c) => c.length !== data.y.length))
      throw new Error(`fitRidgeGd: expected ${d} columns as long as y`);
  const { means, stds } = standardize(train.columns, rows);
  let yMean = 0;
  for (const r of rows) yMean += train.y[r] / n;
  const tensors = (data: LinearData, rs: Int32Array): [tf.Tensor2D, tf.Tensor2D] => [
    tf.tensor2d(designMatrix(data.columns, rs, means, stds), [rs.length, d]),
    tf.tensor2d(Float32Array.from(rs, (r) => data.y[r]), [rs.length, 1]),
  ];
  const [x, y] = tensors(train, rows);
  const vRows = run.valid ? finiteTargetRows(run.valid.y) : null;
  const [vx, vy] = run.valid && vRows?.length ? tensors(run.valid, vRows) : [null, null];
  // tidy disposes the initial values; variables survive it.
  const w = tf.tidy(() => tf.variable(tf.zeros([d, 1])));
  const b = tf.tidy(() => tf.variable(tf.scalar(yMean)));
  const opt = o.optimizer === 'adam' ? tf.train.adam(o.learningRate) : tf.train.sgd(o.learningRate);
  const mse = (xs: tf.Tensor2D, ys: tf.Tensor2D) => tf.losses.meanSquaredError(ys, xs.matMul(w).add(b));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(o.seed);
  let best = { loss: Infinity, w: new Float32Array(d), b: yMean };
  let since = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      if (run.signal?.cancelled) break;
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(0, i + 1);
        const t = order[i];
        (order[i] = order[j]), (order[j] = t);
      }
      for (let s = 0; s < n; s += o.batchSize) {
        tf.tidy(() => {
          const idx = tf.tensor1d(order.slice(s, Math.min(n, s + o.batchSize)), 'int32');
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          opt.minimize(() => mse(xb, yb).add(w.square().sum().mul(o.l2)) as tf.Scalar, false, [w, b]);
        });
      }
      const losses = tf.tidy(() => tf.stack([mse(x, y), vx && vy ? mse(vx, vy) : tf.scalar(NaN)]));
      const [loss, valLoss] = await losses.data();
      losses.dispose();
      run.onEpoch?.({ epoch, loss, valLoss });
      if (vx && o.patience > 0) {
        if (valLoss < best.loss) (best = { loss: valLoss, w: Float32Array.from(await w.data()), b: (await b.data())[0] }), (since = 0);
        else if (++since >= o.patience) break;
      }
    }
    const final = best.loss < Infinity ? best : { loss: NaN, w: Float32Array.from(await w.data()), b: (await b.data())[0] };
    return { means, stds, weights: Array.from(final.w), bias: final.b };
  } finally {
    tf.dispose([x, y, w, b]);
    if (vx) tf.dispose([vx, vy!]);
    opt.dispose();
  }
}
