/** Backend choice (pure) and a tiny training micro-benchmark for the one-click backend comparison. */
import type * as TF from '@tensorflow/tfjs';

/** TF.js backends the studio knows how to use. */
export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/** Inputs of `chooseBackend`. */
export interface ChooseBackendOptions {
  /** `navigator.gpu.requestAdapter()`'s info; null/undefined when no adapter. */
  gpuAdapterInfo?: { isFallbackAdapter: boolean } | null;
  /** Registered backends (`Object.keys(tf.engine().registryFactory)`). */
  available: string[];
  /** The user's choice; honoured when that backend is registered (WebGPU also needs some adapter). */
  override?: string;
}

const ORDER: BackendName[] = ['wasm', 'webgl', 'cpu'];

/**
 * WebGPU only on a real (non-fallback) adapter — SwiftShader's fallback is 10–40× slower than wasm —
 * unless the user overrides; else wasm, else webgl, else cpu.
 */
export function chooseBackend(options: ChooseBackendOptions): BackendName {
  const { gpuAdapterInfo, available, override } = options;
  const has = (b: string) => available.includes(b);
  if (override && (override === 'webgpu' || ORDER.includes(override as BackendName)) && has(override))
    if (override !== 'webgpu' || gpuAdapterInfo) return override as BackendName;
  if (has('webgpu') && gpuAdapterInfo && !gpuAdapterInfo.isFallbackAdapter) return 'webgpu';
  return ORDER.find(has) ?? 'cpu';
}

/** Options of `microBenchmark`. */
export interface MicroBenchmarkOptions {
  /** Timed optimizer steps (after 2 warm-up steps). */
  steps?: number;
  batchSize?: number;
  seed?: number;
}

/**
 * Trains a 32→64→64→1 MLP with Adam for `steps` batches on the current backend and returns training
 * samples per second. Every tensor it creates is released.
 */
export async function microBenchmark(tf: typeof TF, options: MicroBenchmarkOptions = {}): Promise<number> {
  const { steps = 20, batchSize = 256, seed = 1 } = options;
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [32], units: 64, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 1, kernelInitializer: init(3) }),
    ],
  });
  const x = tf.randomNormal([batchSize, 32], 0, 1, 'float32', seed);
  const y = tf.tidy(() => x.sum(1, true).div(8));
  try {
    return await timedSteps(tf, model, x, y, { steps, warmup: 2, batchSize });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** Samples per second of Adam steps on one fixed batch, after `warmup` untimed steps. */
async function timedSteps(tf: typeof TF, model: TF.LayersModel, x: TF.Tensor, y: TF.Tensor, o: { steps: number; warmup: number; batchSize: number }): Promise<number> {
  const opt = tf.train.adam(1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as TF.Variable);
  const step = async () => {
    const cost = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as TF.Tensor) as TF.Scalar, true, vars);
    await cost!.data();
    cost!.dispose();
  };
  try {
    for (let i = 0; i < o.warmup; i++) await step();
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) await step();
    return (o.steps * o.batchSize) / Math.max(1e-9, (performance.now() - t0) / 1000);
  } finally {
    opt.dispose();
  }
}

/** Windows per second of an LSTM(32) over [batch, 56, 4] → dense(14) (the sequence models' shape), Adam. */
export async function lstmBenchmark(tf: typeof TF, options: { steps?: number; batchSize?: number } = {}): Promise<number> {
  const { steps = 5, batchSize = 64 } = options;
  const [L, C, H] = [56, 4, 14];
  const model = tf.sequential({
    layers: [
      tf.layers.lstm({ inputShape: [L, C], units: 32, recurrentInitializer: 'glorotUniform', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: H, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const x = tf.randomNormal([batchSize, L, C], 0, 1, 'float32', 3);
  const y = tf.randomNormal([batchSize, H], 0, 1, 'float32', 4);
  try {
    return await timedSteps(tf, model, x, y, { steps, warmup: 1, batchSize });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
