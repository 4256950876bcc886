/** The mini-batch training loop shared by every network: Adam, L2, early stopping, cancel, progress. */
import * as tf from '@tensorflow/tfjs';
import { quantileLoss } from './quantileLoss';
import type { NeuralEpochInfo, NeuralOptions, NeuralRun } from './types';

/** One batch: model inputs, target and mask (1 = observed); built inside `tf.tidy` by the loop. */
export interface Batch {
  inputs: tf.Tensor[];
  y: tf.Tensor;
  mask: tf.Tensor;
  rows: number;
}

/** What the loop needs from a model family. */
export interface TrainLoopSpec {
  net: tf.LayersModel;
  options: Required<NeuralOptions>;
  /** Prepares epoch `epoch` (shuffle, sample windows) and returns its number of batches. */
  startEpoch(epoch: number): number;
  batch(b: number): Batch;
  validBatches: number;
  validBatch(b: number): Batch;
  run: NeuralRun<unknown>;
}

/** How training ended. */
export interface TrainResult {
  epochs: number;
  bestValLoss: number;
  cancelled: boolean;
  /** Throughput of the last completed epoch (NaN if none completed). */
  samplesPerSec: number;
}

const YIELD_MS = 50;
const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Trains `net` in place. The signal is checked before every batch and the event loop is given a turn
 * every ~50 ms so a worker can receive a cancel message. With validation and `patience > 0`, the best
 * weights are kept (as tensor clones) and restored at the end, also after a cancel.
 */
export async function trainLoop(spec: TrainLoopSpec): Promise<TrainResult> {
  const { net, options: o, run } = spec;
  const vars = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = vars.filter((v) => /kernel/.test(v.name));
  const opt = tf.train.adam(o.learningRate);
  const early = spec.validBatches > 0 && o.patience > 0;
  const lossOf = (b: Batch, training: boolean) => {
    const pred = net.apply(b.inputs.length === 1 ? b.inputs[0] : b.inputs, { training }) as tf.Tensor;
    return quantileLoss(pred, b.y, b.mask, o.quantiles);
  };
  let best: tf.Tensor[] | null = null;
  let bestValLoss = Infinity;
  let since = 0;
  let cancelled = false;
  let epochs = 0;
  let samplesPerSec = NaN;
  let lastYield = performance.now();
  try {
    for (let epoch = 0; epoch < o.epochs && !cancelled; epoch++) {
      const t0 = performance.now();
      const nBatches = spec.startEpoch(epoch);
      let lossSum = 0;
      let rows = 0;
      for (let b = 0; b < nBatches; b++) {
        if (run.signal?.cancelled) {
          cancelled = true;
          break;
        }
        const cost = tf.tidy(() => {
          const batch = spec.batch(b);
          rows += batch.rows;
          return opt.minimize(() => {
            const loss = lossOf(batch, true);
            return (o.l2 > 0 && kernels.length ? loss.add(tf.addN(kernels.map((k) => k.square().sum())).mul(o.l2)) : loss) as tf.Scalar;
          }, true, vars)!;
        });
        lossSum += (await cost.data())[0];
        cost.dispose();
        if (performance.now() - lastYield > YIELD_MS) (await yieldNow(), (lastYield = performance.now()));
      }
      if (cancelled) break;
      samplesPerSec = rows / Math.max(1e-9, (performance.now() - t0) / 1000);
      let valLoss = NaN;
      if (spec.validBatches > 0) {
        let s = 0;
        let w = 0;
        for (let b = 0; b < spec.validBatches; b++) {
          const t = tf.tidy(() => {
            const batch = spec.validBatch(b);
            return tf.stack([lossOf(batch, false).mul(batch.mask.sum()), batch.mask.sum()]);
          });
          const [ls, ms] = await t.data();
          t.dispose();
          (s += ls), (w += ms);
        }
        valLoss = s / Math.max(1, w);
      }
      epochs = epoch + 1;
      const info: NeuralEpochInfo = { epoch, loss: lossSum / Math.max(1, nBatches), valLoss, samplesPerSec };
      run.onEpoch?.(info);
      if (early) {
        if (valLoss < bestValLoss) {
          tf.dispose(best ?? []);
          best = net.getWeights().map((t) => t.clone());
          (bestValLoss = valLoss), (since = 0);
        } else if (++since >= o.patience) break;
      }
    }
    if (best) net.setWeights(best);
    return { epochs, bestValLoss: best ? bestValLoss : NaN, cancelled, samplesPerSec };
  } finally {
    tf.dispose(best ?? []);
    opt.dispose();
  }
}
