import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  fitDecisionTree,
  fitGbdt,
  fitGbdtAsync,
  predictTrees,
  treesFromJson,
  treesToJson,
  type IterationInfo,
} from '../../../../src/lib/models/trees';
import { fitRidgeGd, predictLinear } from '../../../../src/lib/models/linear';
import { createRng } from '../../../../src/lib/data/random';
import { mse, synth } from './synth';

const nonlinear = (x: number[]) => Math.sin(x[0]) * x[1];
const train = synth(6000, 4, 1, nonlinear, 0.3);
const valid = synth(2000, 4, 2, nonlinear, 0.3);
const test = synth(3000, 4, 3, nonlinear, 0);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fitGbdt', () => {
  it('fits sin(a)·b better than a single tree and than a linear model', async () => {
    const gbdt = fitGbdt(train, { numRounds: 300, learningRate: 0.1, numLeaves: 15 }, { valid });
    const tree = fitDecisionTree(train, { maxDepth: 8, minDataInLeaf: 10 });
    const linear = await fitRidgeGd(train, { epochs: 20 });
    const eG = mse(predictTrees(gbdt, test.columns), test.y);
    const eT = mse(predictTrees(tree, test.columns), test.y);
    const eL = mse(predictLinear(linear, test.columns), test.y);
    expect(eG).toBeLessThan(0.05); // Var(y) ≈ 1.5
    expect(eG).toBeLessThan(eT / 2);
    expect(eG).toBeLessThan(eL / 10);
    // Only a and b matter.
    const [ga, gb, gc, gd] = gbdt.featureGain;
    expect(Math.min(ga, gb)).toBeGreaterThan(20 * Math.max(gc, gd));
  });

  it('reports every iteration and stops early once validation stops improving', () => {
    const log: IterationInfo[] = [];
    const model = fitGbdt(
      train,
      { numRounds: 1000, learningRate: 0.5, numLeaves: 63, minDataInLeaf: 2, earlyStoppingRounds: 10 },
      { valid, onIteration: (i) => log.push(i) },
    );
    expect(log.length).toBeLessThan(1000);
    expect(log.map((l) => l.iter)).toEqual(log.map((_, i) => i));
    const best = model.bestIteration;
    expect(log.length).toBe(best + 11);
    expect(model.trees.length).toBe(best + 1);
    const bestVal = Math.min(...log.map((l) => l.valLoss));
    expect(log[best].valLoss).toBe(bestVal);
    // The training loss keeps falling after the validation optimum (that is why it stopped).
    expect(log[log.length - 1].trainLoss).toBeLessThan(log[best].trainLoss);
    // The returned model scores the best validation loss.
    expect(mse(predictTrees(model, valid.columns), valid.y)).toBeCloseTo(bestVal, 4);
  });

  it('stops when cancelled and returns the trees built so far', () => {
    const signal = { cancelled: false };
    const model = fitGbdt(train, { numRounds: 500 }, { signal, onIteration: ({ iter }) => (signal.cancelled = iter === 4) });
    expect(model.trees.length).toBe(5);
    expect(predictTrees(model, test.columns).every(Number.isFinite)).toBe(true);
  });

  it('async fit yields between rounds, so a cancel sent by a timer (as a worker message would be) stops it', async () => {
    const signal = { cancelled: false };
    let rounds = 0;
    setTimeout(() => (signal.cancelled = true), 30);
    const model = await fitGbdtAsync(train, { numRounds: 5000, numLeaves: 63 }, { signal, onIteration: () => rounds++ }, 5);
    expect(signal.cancelled).toBe(true);
    expect(model.trees.length).toBe(rounds);
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThan(5000);
    expect(predictTrees(model, test.columns).every(Number.isFinite)).toBe(true);
  });

  it('quantile objective at alpha 0.9 covers about 90% of held-out rows', () => {
    // Heteroscedastic noise: the 0.9 quantile depends on x.
    const rng = createRng(8);
    const make = (n: number) => {
      const a = Float32Array.from({ length: n }, () => rng.next() * 4);
      const b = Float32Array.from({ length: n }, () => rng.next());
      const y = Float32Array.from(a, (v, i) => v + (0.2 + v) * rng.normal() + b[i]);
      return { columns: [a, b], y };
    };
    const tr = make(8000);
    const te = make(4000);
    const model = fitGbdt(tr, { objective: 'quantile', alpha: 0.9, numRounds: 150, numLeaves: 8, learningRate: 0.1 });
    const p = predictTrees(model, te.columns);
    const cover = te.y.filter((v, i) => v <= p[i]).length / te.y.length;
    expect(cover).toBeGreaterThan(0.85);
    expect(cover).toBeLessThan(0.95);
    // Coverage holds across the range, not only on average.
    const low = te.y.filter((v, i) => te.columns[0][i] < 1 && v <= p[i]).length / te.columns[0].filter((v) => v < 1).length;
    const high = te.y.filter((v, i) => te.columns[0][i] > 3 && v <= p[i]).length / te.columns[0].filter((v) => v > 3).length;
    expect(low).toBeGreaterThan(0.8);
    expect(high).toBeGreaterThan(0.8);
    const median = fitGbdt(tr, { objective: 'l1', numRounds: 150, numLeaves: 8 });
    const pm = predictTrees(median, te.columns);
    const below = te.y.filter((v, i) => v <= pm[i]).length / te.y.length;
    expect(below).toBeGreaterThan(0.45);
    expect(below).toBeLessThan(0.55);
  });

  it.each(['poisson', 'tweedie'] as const)('%s objective keeps count predictions positive and tracks the rate', (objective) => {
    const rng = createRng(21);
    const n = 6000;
    const a = Float32Array.from({ length: n }, () => rng.next() * 4 - 2);
    const rate = Float64Array.from(a, (v) => Math.exp(0.8 * v - 0.5));
    const y = Float32Array.from(rate, (l) => rng.poisson(l));
    const model = fitGbdt({ columns: [a], y }, { objective, numRounds: 200, numLeaves: 8, learningRate: 0.05 });
    expect(model.link).toBe('log');
    const grid = Float32Array.from({ length: 400 }, (_, i) => -2 + (i + 0.5) / 100);
    const p = predictTrees(model, [grid]);
    expect(p.every((v) => v > 0)).toBe(true);
    // Calibrated per quarter of the range: mean prediction within 15% of the mean true rate
    // (the low end is mostly zeros, where an L2 model would sit near or below 0).
    for (let q = 0; q < 4; q++) {
      let sp = 0;
      let sr = 0;
      for (let i = q * 100; i < (q + 1) * 100; i++) (sp += p[i]), (sr += Math.exp(0.8 * grid[i] - 0.5));
      expect(Math.abs(sp / sr - 1)).toBeLessThan(0.15);
    }
  });

  it('is deterministic for a seed with row and feature subsampling, and seeds matter', () => {
    const opts = { numRounds: 60, subsample: 0.7, colsample: 0.75, seed: 3 };
    const p1 = predictTrees(fitGbdt(train, opts), test.columns);
    const p2 = predictTrees(fitGbdt(train, opts), test.columns);
    const p3 = predictTrees(fitGbdt(train, { ...opts, seed: 4 }), test.columns);
    expect(p2).toEqual(p1);
    expect(p3).not.toEqual(p1);
  });

  it('survives a JSON round trip and honours numLeaves and maxDepth', () => {
    const model = fitGbdt(train, { numRounds: 20, numLeaves: 12, maxDepth: 3 });
    for (const t of model.trees) {
      const leaves = t.feature.filter((f) => f < 0).length;
      expect(leaves).toBeLessThanOrEqual(8);
      expect(t.feature.length).toBe(2 * leaves - 1);
    }
    const back = treesFromJson(JSON.parse(JSON.stringify(treesToJson(model))));
    expect(predictTrees(back, test.columns)).toEqual(predictTrees(model, test.columns));
  });

  it('learns from missing values and categorical codes', () => {
    const rng = createRng(4);
    const n = 5000;
    const cat = Float32Array.from({ length: n }, () => rng.int(0, 12));
    const x = Float32Array.from({ length: n }, () => (rng.next() < 0.2 ? NaN : rng.next()));
    const effect = Array.from({ length: 12 }, (_, c) => ((c * 7) % 5) - 2);
    const y = Float32Array.from(cat, (c, i) => effect[c] + (x[i] !== x[i] ? 3 : x[i]) + 0.1 * rng.normal());
    const model = fitGbdt({ columns: [cat, x], y }, { categorical: [true, false], numRounds: 200, numLeaves: 16 });
    const p = predictTrees(model, [Float32Array.from([0, 1, 2, 3, 4]), Float32Array.from([NaN, 0.5, NaN, 0.5, 0.5])]);
    const truth = [effect[0] + 3, effect[1] + 0.5, effect[2] + 3, effect[3] + 0.5, effect[4] + 0.5];
    p.forEach((v, i) => expect(Math.abs(v - truth[i])).toBeLessThan(0.15));
  });
});
