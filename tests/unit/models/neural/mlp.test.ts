import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../../src/lib/data/random';
import type { FeatureFrame } from '../../../../src/lib/models/protocol';
import { disposeModel, fitMlp, fromArtifacts, predictMlp, toArtifacts, type NeuralEpochInfo } from '../../../../src/lib/models/neural';
import { useWasmBackend } from '../../../helpers/tfWasm';

/** y = 2a − b + N(0, 0.1²) plus a categorical `c` (code 3 adds +1) and a constant column. */
function frame(n: number, seed: number, zeroFloor = false): FeatureFrame {
  const rng = createRng(seed);
  const a = Float32Array.from({ length: n }, () => rng.normal());
  const b = Float32Array.from({ length: n }, () => 3 + 2 * rng.normal());
  const c = Float32Array.from({ length: n }, () => rng.int(0, 5));
  const k = new Float32Array(n).fill(7);
  const y = Float32Array.from(a, (v, i) => {
    const t = 2 * v - 0.5 * b[i] + (c[i] === 3 ? 1 : 0) + 0.1 * rng.normal();
    return zeroFloor ? Math.max(0, t) : t;
  });
  return {
    names: ['a', 'b', 'c', 'k'],
    timing: ['known_future', 'known_future', 'static', 'static'],
    categorical: [false, false, true, false],
    columns: [a, b, c, k],
    y,
    seriesIndex: new Int32Array(n),
    ds: Int32Array.from({ length: n }, (_, i) => i),
  };
}

const mae = (p: Float32Array, y: Float32Array) => p.reduce((s, v, i) => s + Math.abs(v - y[i]), 0) / y.length;

beforeAll(async () => {
  await useWasmBackend();
});

describe('fitMlp', () => {
  const train = frame(5000, 1);
  const valid = frame(1000, 2);

  it('learns y = 2a − 0.5b + [c = 3] with calibrated 80 % quantile heads', async () => {
    const curve: NeuralEpochInfo[] = [];
    const model = await fitMlp(train, { epochs: 10, learningRate: 3e-3, quantiles: [0.1, 0.5, 0.9], seed: 3 }, { valid, onEpoch: (e) => curve.push(e) });
    const p = await predictMlp(model, valid);
    const err = mae(p.mean, valid.y);
    let inside = 0;
    valid.y.forEach((v, i) => (inside += +(v >= p.quantiles[0.1][i] && v <= p.quantiles[0.9][i])));
    console.log(`MLP ${tf.getBackend()} samples/s ≈ ${Math.round(model.meta.samplesPerSec)}, val MAE ${err.toFixed(3)}, 80% cover ${(inside / 1000).toFixed(3)}`);
    expect(err).toBeLessThan(0.3);
    expect(inside / 1000).toBeGreaterThan(0.7);
    expect(inside / 1000).toBeLessThan(0.9);
    expect(p.quantiles[0.1].every((v, i) => v <= p.quantiles[0.5][i] && p.quantiles[0.5][i] <= p.quantiles[0.9][i])).toBe(true);
    expect(curve.at(-1)!.valLoss).toBeLessThan(curve[0].valLoss);
    expect(model.meta.samplesPerSec).toBeGreaterThan(0);
    expect(model.meta.encoding.width).toBe(3 + 5); // c one-hot with 5 codes
    disposeModel(model);
  });

  it('keeps predictions ≥ 0 with the non-negative option on a target that is often 0', async () => {
    const t = frame(3000, 4, true);
    const v = frame(500, 5, true);
    expect(t.y.filter((x) => x === 0).length).toBeGreaterThan(1000);
    const model = await fitMlp(t, { epochs: 6, nonNegative: 'softplus', learningRate: 3e-3 });
    const p = await predictMlp(model, v);
    for (const arr of [p.mean, ...Object.values(p.quantiles)]) expect(Math.min(...arr)).toBeGreaterThanOrEqual(0);
    expect(mae(p.mean, v.y)).toBeLessThan(0.4);
    // Without the constraint the same net predicts some negative values on this target.
    const free = await fitMlp(t, { epochs: 6, learningRate: 3e-3 });
    const pf = await predictMlp(free, v);
    expect(Math.min(...pf.quantiles[0.025])).toBeLessThan(0);
    disposeModel(model);
    disposeModel(free);
  });

  it('does not leak tensors across epochs or after disposal', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const model = await fitMlp(train, { epochs: 4, patience: 2, dropout: 0.1, l2: 1e-4 }, { valid, onEpoch: () => counts.push(tf.memory().numTensors) });
    expect(counts).toHaveLength(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('same seed → identical predictions; save → load round trip is exact', async () => {
    const small = frame(1500, 6);
    const m1 = await fitMlp(small, { epochs: 2, seed: 9, dropout: 0.2 });
    const m2 = await fitMlp(small, { epochs: 2, seed: 9, dropout: 0.2 });
    const m3 = await fitMlp(small, { epochs: 2, seed: 10, dropout: 0.2 });
    const [p1, p2, p3] = await Promise.all([m1, m2, m3].map((m) => predictMlp(m, valid)));
    expect(Array.from(p2.mean)).toEqual(Array.from(p1.mean));
    expect(p3.mean.some((v, i) => v !== p1.mean[i])).toBe(true);
    const saved = await toArtifacts(m1);
    const json = JSON.parse(JSON.stringify(saved.meta));
    const loaded = await fromArtifacts({ artifacts: saved.artifacts, meta: json });
    const pl = await predictMlp(loaded, valid);
    expect(Array.from(pl.mean)).toEqual(Array.from(p1.mean));
    expect(Array.from(pl.quantiles[0.975])).toEqual(Array.from(p1.quantiles[0.975]));
    [m1, m2, m3, loaded].forEach(disposeModel);
  });

  it('cancel during the first epoch returns a usable model within one batch', async () => {
    let checks = 0;
    const signal = {
      get cancelled() {
        return ++checks > 3;
      },
    };
    const epochs: NeuralEpochInfo[] = [];
    const model = await fitMlp(train, { epochs: 50 }, { signal, onEpoch: (e) => epochs.push(e) });
    expect(checks).toBe(4); // three batches trained, stopped at the fourth check
    expect(epochs).toHaveLength(0);
    const p = await predictMlp(model, valid);
    expect(p.mean.every(Number.isFinite)).toBe(true);
    disposeModel(model);
  });
});
