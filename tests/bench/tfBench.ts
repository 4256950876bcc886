/**
 * Training-throughput probes shared by the Node bench and the bench page's worker: the MLP
 * (32→64→64→1, batch 256, Adam — the studio's own `microBenchmark`) and an LSTM shaped like the
 * studio's sequence defaults (look-back 56, 4 channels, 32 units, 14 outputs, batch 64).
 */
import type * as TF from '@tensorflow/tfjs';
import { microBenchmark } from '../../src/lib/models/neural';

export interface ThroughputOptions {
  mlpSteps: number;
  lstmSteps: number;
}

export interface Throughput {
  backend: string;
  mlpSamplesPerSec: number | null;
  lstmSamplesPerSec: number | null;
  note: string;
}

/** Windows per second of an LSTM(32) over [64, 56, 4] → dense(14), Adam, after 1 warm-up step. */
export async function lstmBenchmark(tf: typeof TF, steps: number, batchSize = 64): Promise<number> {
  const L = 56;
  const C = 4;
  const H = 14;
  const model = tf.sequential({
    layers: [
      tf.layers.lstm({ inputShape: [L, C], units: 32, recurrentInitializer: 'glorotUniform', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: H, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const x = tf.randomNormal([batchSize, L, C], 0, 1, 'float32', 3);
  const y = tf.randomNormal([batchSize, H], 0, 1, 'float32', 4);
  const opt = tf.train.adam(1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as TF.Variable);
  const step = async () => {
    const cost = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as TF.Tensor) as TF.Scalar, true, vars);
    await cost!.data();
    cost!.dispose();
  };
  try {
    await step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step();
    return (steps * batchSize) / Math.max(1e-9, (performance.now() - t0) / 1000);
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  }
}

/** Switches to `backend` and measures both networks; a backend that cannot start gives nulls and a note. */
export async function measureBackend(tf: typeof TF, backend: string, o: ThroughputOptions, note = ''): Promise<Throughput> {
  const out: Throughput = { backend, mlpSamplesPerSec: null, lstmSamplesPerSec: null, note };
  try {
    if (!(await tf.setBackend(backend))) return { ...out, note: `${note}${note ? '; ' : ''}backend did not start` };
    await tf.ready();
    out.mlpSamplesPerSec = await microBenchmark(tf, { steps: o.mlpSteps, batchSize: 256 });
    out.lstmSamplesPerSec = o.lstmSteps > 0 ? await lstmBenchmark(tf, o.lstmSteps) : null;
  } catch (e) {
    out.note = `${note}${note ? '; ' : ''}error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
  return out;
}
