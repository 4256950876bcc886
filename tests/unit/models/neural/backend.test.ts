import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, lstmBenchmark, microBenchmark, quantileLoss, sortQuantileRows, type ChooseBackendOptions } from '../../../../src/lib/models/neural';

const ALL = ['webgpu', 'wasm', 'webgl', 'cpu'];
const real = { isFallbackAdapter: false };
const fallback = { isFallbackAdapter: true };

describe('chooseBackend', () => {
  const cases: [string, ChooseBackendOptions, string][] = [
    ['real adapter → webgpu', { gpuAdapterInfo: real, available: ALL }, 'webgpu'],
    ['fallback adapter (SwiftShader) → wasm', { gpuAdapterInfo: fallback, available: ALL }, 'wasm'],
    ['no adapter → wasm', { gpuAdapterInfo: null, available: ALL }, 'wasm'],
    ['adapter info missing → wasm', { available: ALL }, 'wasm'],
    ['real adapter but webgpu not registered → wasm', { gpuAdapterInfo: real, available: ['wasm', 'webgl', 'cpu'] }, 'wasm'],
    ['no wasm → webgl', { gpuAdapterInfo: fallback, available: ['webgpu', 'webgl', 'cpu'] }, 'webgl'],
    ['only cpu → cpu', { gpuAdapterInfo: null, available: ['cpu'] }, 'cpu'],
    ['nothing registered → cpu', { available: [] }, 'cpu'],
    ['override webgpu on a fallback adapter → webgpu', { gpuAdapterInfo: fallback, available: ALL, override: 'webgpu' }, 'webgpu'],
    ['override webgpu without any adapter → auto (wasm)', { gpuAdapterInfo: null, available: ALL, override: 'webgpu' }, 'wasm'],
    ['override cpu on a real adapter → cpu', { gpuAdapterInfo: real, available: ALL, override: 'cpu' }, 'cpu'],
    ['override webgl → webgl', { gpuAdapterInfo: real, available: ALL, override: 'webgl' }, 'webgl'],
    ['override of an unregistered backend → auto', { gpuAdapterInfo: null, available: ['webgl', 'cpu'], override: 'wasm' }, 'webgl'],
    ['unknown override name → auto', { gpuAdapterInfo: real, available: [...ALL, 'tensorflow'], override: 'tensorflow' }, 'webgpu'],
    ['empty override → auto', { gpuAdapterInfo: real, available: ALL, override: '' }, 'webgpu'],
  ];
  it.each(cases)('%s', (_, options, expected) => expect(chooseBackend(options)).toBe(expected));
});

describe('microBenchmark and loss helpers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('microBenchmark returns a positive throughput on cpu and releases its tensors', async () => {
    const before = tf.memory().numTensors;
    const sps = await microBenchmark(tf, { steps: 5 });
    console.log(`microBenchmark cpu ≈ ${Math.round(sps)} samples/s`);
    expect(sps).toBeGreaterThan(100);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lstmBenchmark returns a positive throughput on cpu and releases its tensors', async () => {
    const before = tf.memory().numTensors;
    const wps = await lstmBenchmark(tf, { steps: 2, batchSize: 16 });
    expect(wps).toBeGreaterThan(0);
    expect(Number.isFinite(wps)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('quantileLoss = masked squared error + pinball per quantile', () => {
    // Two rows; second is masked out. Row 1: y = 2, point 1, q0.1 = 3, q0.9 = 1.
    const loss = tf.tidy(() => quantileLoss(tf.tensor2d([[1, 3, 1], [9, 9, 9]]), tf.tensor1d([2, 0]), tf.tensor1d([1, 0]), [0.1, 0.9]).dataSync()[0]);
    // err² = 1; q0.1: err = −1 → (0.1 − 1)(−1) = 0.9; q0.9: err = 1 → 0.9.
    expect(loss).toBeCloseTo(1 + 0.9 + 0.9, 5);
  });

  it('sortQuantileRows sorts quantile units per row, leaving the point first', () => {
    const out = Float32Array.from([5, 3, 1, 2, 7, 4, 9, 8]);
    sortQuantileRows(out, 4);
    expect(Array.from(out)).toEqual([5, 1, 2, 3, 7, 4, 8, 9]);
  });
});
