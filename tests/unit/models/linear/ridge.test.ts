import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  fitRidgeClosedForm,
  fitRidgeGd,
  originalCoefficients,
  predictLinear,
  type EpochInfo,
} from '../../../../src/lib/models/linear';
import { createRng } from '../../../../src/lib/data/random';

/** y = 2·a − 3·b + 0.5 + N(0, 0.1²), with a and b on different scales and offsets. */
function linearSet(n: number, seed: number) {
  const rng = createRng(seed);
  const a = Float32Array.from({ length: n }, () => 10 + 4 * rng.normal());
  const b = Float32Array.from({ length: n }, () => -2 + 0.5 * rng.normal());
  const y = Float32Array.from(a, (v, i) => 2 * v - 3 * b[i] + 0.5 + 0.1 * rng.normal());
  return { columns: [a, b], y };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('linear models', () => {
  const train = linearSet(4000, 1);
  const valid = linearSet(1000, 2);

  it('gradient-descent ridge recovers the coefficients in original units and matches closed form', async () => {
    const curve: EpochInfo[] = [];
    const gd = await fitRidgeGd(train, { epochs: 40, learningRate: 0.05, batchSize: 128, seed: 3 }, { valid, onEpoch: (e) => curve.push(e) });
    const { coef, intercept } = originalCoefficients(gd);
    expect(Math.abs(coef[0] - 2)).toBeLessThan(0.05);
    expect(Math.abs(coef[1] + 3)).toBeLessThan(0.05);
    expect(Math.abs(intercept - 0.5)).toBeLessThan(0.3);
    expect(curve.map((e) => e.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(curve[39].loss).toBeLessThan(curve[0].loss);
    expect(curve[39].valLoss).toBeLessThan(0.0125); // noise variance 0.01
    const exact = fitRidgeClosedForm(train);
    const pe = predictLinear(exact, valid.columns);
    const pg = predictLinear(gd, valid.columns);
    let maxDiff = 0;
    pe.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - pg[i]))));
    expect(maxDiff).toBeLessThan(0.05);
    gd.weights.forEach((w, j) => expect(Math.abs(w - exact.weights[j])).toBeLessThan(0.02));
    // Closed form without penalty is ordinary least squares: tight recovery.
    const ce = originalCoefficients(exact);
    expect(Math.abs(ce.coef[0] - 2)).toBeLessThan(0.01);
    expect(Math.abs(ce.coef[1] + 3)).toBeLessThan(0.03);
    expect(Math.abs(ce.intercept - 0.5)).toBeLessThan(0.1);
  });

  it('the L2 penalty shrinks weights the same way in both solvers', async () => {
    const l2 = 1;
    const exact = fitRidgeClosedForm(train, { l2 });
    const gd = await fitRidgeGd(train, { l2, epochs: 40, seed: 1 });
    // Standardised features are ~uncorrelated, so ridge ≈ OLS weight / (1 + λ).
    const ols = fitRidgeClosedForm(train);
    exact.weights.forEach((w, j) => expect(w).toBeCloseTo(ols.weights[j] / (1 + l2), 1));
    gd.weights.forEach((w, j) => expect(Math.abs(w - exact.weights[j])).toBeLessThan(0.03));
  });

  it('stops early on validation, keeps the best weights, honours cancel', async () => {
    const curve: EpochInfo[] = [];
    // Tiny noisy training set and a validation set from a shifted relation: validation worsens.
    const rng = createRng(9);
    const x = Float32Array.from({ length: 40 }, () => rng.normal());
    const y = Float32Array.from(x, (v) => v + rng.normal());
    const vx = Float32Array.from({ length: 200 }, () => rng.normal());
    const vy = Float32Array.from(vx, () => rng.normal());
    const model = await fitRidgeGd(
      { columns: [x], y },
      { epochs: 200, learningRate: 0.05, batchSize: 8, patience: 5, optimizer: 'sgd' },
      { valid: { columns: [vx], y: vy }, onEpoch: (e) => curve.push(e) },
    );
    expect(curve.length).toBeLessThan(200);
    const best = curve.reduce((b, e) => (e.valLoss < b.valLoss ? e : b));
    expect(curve.length).toBe(best.epoch + 6);
    const p = predictLinear(model, [vx]);
    let s = 0;
    p.forEach((v, i) => (s += (v - vy[i]) ** 2));
    expect(s / vy.length).toBeCloseTo(best.valLoss, 4);

    const signal = { cancelled: false };
    const seen: number[] = [];
    await fitRidgeGd(train, { epochs: 50 }, { signal, onEpoch: (e) => (seen.push(e.epoch), (signal.cancelled = e.epoch === 2)) });
    expect(seen).toEqual([0, 1, 2]);
  });

  it('leaks no tensors across training', async () => {
    await fitRidgeGd(train, { epochs: 1 }); // let TF.js create its lazy kernels/state first
    const before = tf.memory().numTensors;
    await fitRidgeGd(train, { epochs: 6, batchSize: 64 }, { valid, onEpoch: () => undefined });
    await fitRidgeGd(train, { epochs: 6, patience: 2, optimizer: 'sgd' }, { valid });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('predicts in plain TS with NaN features imputed by their mean and survives JSON', () => {
    const model = fitRidgeClosedForm(train);
    const back = JSON.parse(JSON.stringify(model));
    const p = predictLinear(back, [Float32Array.from([NaN, 12]), Float32Array.from([-2, NaN])]);
    const { coef, intercept } = originalCoefficients(model);
    expect(p[0]).toBeCloseTo(intercept + coef[0] * model.means[0] + coef[1] * -2, 4);
    expect(p[1]).toBeCloseTo(intercept + coef[0] * 12 + coef[1] * model.means[1], 4);
  });
});
