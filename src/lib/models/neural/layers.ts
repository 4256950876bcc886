/**
 * Custom TF.js layers (registered for save/load): seeded dropout with a fresh mask per call,
 * sinusoidal positional encoding and multi-head scaled dot-product attention.
 */
import * as tf from '@tensorflow/tfjs';

type Kwargs = Record<string, unknown>;
const one = (x: tf.Tensor | tf.Tensor[]) => (Array.isArray(x) ? x[0] : x);

/** Dropout whose masks are reproducible (seed + call count) yet differ from batch to batch. */
export class SeededDropout extends tf.layers.Layer {
  static className = 'FsSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;
  constructor(args: { rate: number; seed: number; name?: string }) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = one(inputs);
    return kwargs.training && this.rate > 0 ? tf.dropout(x, this.rate, undefined, this.seed + this.calls++) : x;
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** Adds the sinusoidal positional encoding of Vaswani et al. to a `[batch, steps, d]` input. */
export class PositionalEncoding extends tf.layers.Layer {
  static className = 'FsPositionalEncoding';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = one(inputs);
    const [steps, d] = x.shape.slice(1) as number[];
    const table = new Float32Array(steps * d);
    for (let p = 0; p < steps; p++)
      for (let i = 0; i < d; i++) {
        const angle = p / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
        table[p * d + i] = i % 2 ? Math.cos(angle) : Math.sin(angle);
      }
    return tf.tidy(() => x.add(tf.tensor2d(table, [steps, d])));
  }
}

/**
 * `softmax(QKᵀ/√d_head) V` over `numHeads` heads; inputs `[q, k, v]`, each `[batch, steps, d]`
 * (projections are ordinary dense layers around it).
 */
export class DotProductAttention extends tf.layers.Layer {
  static className = 'FsDotProductAttention';
  readonly numHeads: number;
  constructor(args: { numHeads: number; name?: string }) {
    super(args);
    this.numHeads = args.numHeads;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [q, k, v] = inputs as tf.Tensor3D[];
      const [, steps, d] = q.shape;
      const h = this.numHeads;
      const dh = d / h;
      const split = (t: tf.Tensor3D) => t.reshape([-1, steps, h, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
      const scores = tf.matMul(split(q), split(k), false, true).div(Math.sqrt(dh));
      const out = tf.matMul(tf.softmax(scores), split(v));
      return out.transpose([0, 2, 1, 3]).reshape([-1, steps, d]);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads };
  }
}

for (const cls of [SeededDropout, PositionalEncoding, DotProductAttention]) tf.serialization.registerClass(cls);
