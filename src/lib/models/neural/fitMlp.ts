/** A global MLP on feature rows with a point head and quantile heads. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../data/random';
import type { FeatureFrame } from '../protocol';
import type { NeuralModel } from './artifacts';
import { SeededDropout } from './layers';
import { fillRows, fitEncoding, trainingRows, type MlpEncoding } from './mlpEncoding';
import { trainLoop, type Batch } from './trainLoop';
import { checkQuantiles, NEURAL_DEFAULTS, withDefaults, type NeuralOptions, type NeuralRun, type NonNegative } from './types';

/** MLP options; defaults in `MLP_DEFAULTS`. */
export interface MlpOptions extends NeuralOptions {
  /** Units of each hidden (relu) layer. */
  hidden?: number[];
  /** Categorical columns with at most this many codes are one-hot encoded, others used as numbers. */
  maxOneHot?: number;
}

/** Defaults of `fitMlp`. */
export const MLP_DEFAULTS: Required<MlpOptions> = { ...NEURAL_DEFAULTS, hidden: [64, 64], maxOneHot: 32 };

/** The MLP's JSON side object: encoders and the target scaling `y = yOffset + yScale · output`. */
export interface MlpMeta {
  kind: 'mlp';
  encoding: MlpEncoding;
  yOffset: number;
  yScale: number;
  quantiles: number[];
  nonNegative: NonNegative;
  /** Throughput of the last full epoch (NaN when cancelled in the first). */
  samplesPerSec: number;
}

/** A fitted MLP (`net` outputs `[rows, 1 + quantiles]` in scaled units). */
export type MlpModel = NeuralModel<MlpMeta>;

/** Builds the dense network: hidden relu layers (+ dropout) → `1 + nq` outputs (+ softplus/relu). */
export function buildMlpNet(width: number, nOut: number, o: Required<MlpOptions>): tf.LayersModel {
  const input = tf.input({ shape: [width] });
  let x: tf.SymbolicTensor = input;
  o.hidden.forEach((units, i) => {
    x = tf.layers.dense({ units, activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: o.seed + i }) }).apply(x) as tf.SymbolicTensor;
    if (o.dropout > 0) x = new SeededDropout({ rate: o.dropout, seed: o.seed * 1000 + i }).apply(x) as tf.SymbolicTensor;
  });
  const out = tf.layers.dense({
    units: nOut,
    activation: o.nonNegative || 'linear',
    kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 100 }),
  });
  return tf.model({ inputs: input, outputs: out.apply(x) as tf.SymbolicTensor });
}

/** Fits the MLP on the frame's rows with a finite `y`; inputs standardised, categoricals one-hot. */
export async function fitMlp(frame: FeatureFrame, options: MlpOptions = {}, run: NeuralRun<FeatureFrame> = {}): Promise<MlpModel> {
  const o = withDefaults(MLP_DEFAULTS, options);
  o.quantiles = checkQuantiles(o.quantiles);
  const rows = trainingRows(frame.y);
  const n = rows.length;
  if (!n) throw new Error('fitMlp: no rows with a finite y');
  const encoding = fitEncoding(frame, rows, o.maxOneHot);
  let s = 0;
  let ss = 0;
  for (const r of rows) (s += frame.y[r]), (ss += frame.y[r] ** 2);
  const mean = s / n;
  const sd = Math.sqrt(Math.max(0, ss / n - mean * mean));
  // Non-negative outputs need a zero offset, so only scale (by the RMS) in that case.
  const yOffset = o.nonNegative ? 0 : mean;
  const yScale = (o.nonNegative ? Math.sqrt(ss / n) : sd) || 1;
  const w = encoding.width;
  const bs = o.batchSize;
  const xBuf = new Float32Array(bs * w);
  const yBuf = new Float32Array(bs);
  const order = rows.slice();
  const rng = createRng(o.seed);
  const vRows = run.valid ? trainingRows(run.valid.y) : new Int32Array(0);
  const makeBatch = (f: FeatureFrame, idx: Int32Array): Batch => {
    fillRows(encoding, f, idx, xBuf);
    for (let i = 0; i < idx.length; i++) yBuf[i] = (f.y[idx[i]] - yOffset) / yScale;
    const m = idx.length;
    return { inputs: [tf.tensor2d(xBuf.subarray(0, m * w), [m, w])], y: tf.tensor1d(yBuf.subarray(0, m)), mask: tf.ones([m]), rows: m };
  };
  const net = buildMlpNet(w, 1 + o.quantiles.length, o);
  const result = await trainLoop({
    net,
    options: o,
    run,
    startEpoch: () => {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(0, i + 1);
        const t = order[i];
        (order[i] = order[j]), (order[j] = t);
      }
      return Math.ceil(n / bs);
    },
    batch: (b) => makeBatch(frame, order.subarray(b * bs, Math.min(n, (b + 1) * bs))),
    validBatches: Math.ceil(vRows.length / bs),
    validBatch: (b) => makeBatch(run.valid!, vRows.subarray(b * bs, Math.min(vRows.length, (b + 1) * bs))),
  });
  return {
    net,
    meta: { kind: 'mlp', encoding, yOffset, yScale, quantiles: o.quantiles, nonNegative: o.nonNegative, samplesPerSec: result.samplesPerSec },
  };
}
