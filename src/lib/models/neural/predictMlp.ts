/** Prediction of a fitted MLP on feature rows. */
import * as tf from '@tensorflow/tfjs';
import type { FeatureFrame } from '../protocol';
import type { MlpModel } from './fitMlp';
import { fillRows } from './mlpEncoding';
import { sortQuantileRows } from './quantileLoss';
import type { QuantileOutput } from './types';

const CHUNK = 2048;

/** Predicts every row of `frame` (future rows included): point forecast and sorted quantiles. */
export async function predictMlp(model: MlpModel, frame: FeatureFrame): Promise<QuantileOutput<Float32Array>> {
  const { encoding, yOffset, yScale, quantiles } = model.meta;
  if (frame.columns.length !== encoding.encoders.length)
    throw new Error(`predictMlp: expected ${encoding.encoders.length} columns, got ${frame.columns.length}`);
  const n = frame.y.length;
  const k = 1 + quantiles.length;
  const w = encoding.width;
  const xBuf = new Float32Array(Math.min(n, CHUNK) * w);
  const out = new Float32Array(n * k);
  const idx = new Int32Array(CHUNK);
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    for (let i = 0; i < m; i++) idx[i] = s + i;
    fillRows(encoding, frame, idx.subarray(0, m), xBuf);
    const pred = tf.tidy(() => model.net.predict(tf.tensor2d(xBuf.subarray(0, m * w), [m, w])) as tf.Tensor);
    out.set((await pred.data()) as Float32Array, s * k);
    pred.dispose();
  }
  for (let i = 0; i < out.length; i++) out[i] = yOffset + yScale * out[i];
  sortQuantileRows(out, k);
  const column = (c: number) => Float32Array.from({ length: n }, (_, r) => out[r * k + c]);
  return { mean: column(0), quantiles: Object.fromEntries(quantiles.map((q, j) => [q, column(1 + j)])) };
}
