/** Mean-squared error on the point head plus pinball loss on every quantile head, with a mask. */
import * as tf from '@tensorflow/tfjs';

/**
 * `pred[..., 0]` is the point forecast, `pred[..., 1 + j]` the quantile `qs[j]`; `y` and `mask` have
 * `pred`'s shape without the last axis. Returns `Σ mask·(err² + Σ_j pinball_j) / Σ mask`.
 */
export function quantileLoss(pred: tf.Tensor, y: tf.Tensor, mask: tf.Tensor, qs: number[]): tf.Scalar {
  return tf.tidy(() => {
    const m = mask.expandDims(-1);
    const err = y.expandDims(-1).sub(pred);
    // Unit 0 takes err², the others pinball; blended by constant vectors (no slicing: slow on cpu).
    const point = tf.tensor1d([1, ...qs.map(() => 0)]);
    const q = tf.tensor1d([0, ...qs]);
    const pinball = tf.maximum(err.mul(q), err.mul(q.sub(1)));
    const unit = err.square().mul(point).add(pinball.mul(tf.scalar(1).sub(point)));
    return unit.mul(m).sum().div(mask.sum().maximum(1)) as tf.Scalar;
  });
}

/** Sorts the quantile units of every row in place (`k` = 1 + quantiles per row, point first): no crossing. */
export function sortQuantileRows(out: Float32Array, k: number): void {
  const tmp = new Float32Array(k - 1);
  for (let r = 0; r < out.length; r += k) {
    tmp.set(out.subarray(r + 1, r + k));
    tmp.sort();
    out.set(tmp, r + 1);
  }
}
