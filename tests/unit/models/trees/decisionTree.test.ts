import { describe, expect, it } from 'vitest';
import { fitDecisionTree, fitRandomForest, predictTrees } from '../../../../src/lib/models/trees';
import { createRng } from '../../../../src/lib/data/random';
import { mse, synth } from './synth';

describe('fitDecisionTree', () => {
  it('recovers a step function y = 3 if x > 0.5 else 1', () => {
    const rng = createRng(11);
    const x = Float32Array.from({ length: 2000 }, () => rng.next());
    const noise = Float32Array.from({ length: 2000 }, () => rng.next());
    const y = x.map((v) => (v > 0.5 ? 3 : 1));
    const model = fitDecisionTree({ columns: [x, noise], y }, { maxDepth: 4 });
    const grid = Float32Array.from({ length: 101 }, (_, i) => i / 100);
    const p = predictTrees(model, [grid, new Float32Array(101).fill(0.5)]);
    let maxErr = 0;
    grid.forEach((v, i) => {
      // The learnt cut lies between the closest training points around 0.5; skip that sliver.
      if (Math.abs(v - 0.5) > 0.005) maxErr = Math.max(maxErr, Math.abs(p[i] - (v > 0.5 ? 3 : 1)));
    });
    expect(maxErr).toBeLessThan(0.05);
    expect(model.trees[0].feature[0]).toBe(0);
    expect(model.featureGain[0]).toBeGreaterThan(0);
    expect(model.featureGain[1]).toBe(0);
  });

  it('routes missing values to the side they resemble', () => {
    const rng = createRng(5);
    const n = 3000;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      // A third of the rows are missing and behave like the high group.
      if (u < 1 / 3) (x[i] = NaN), (y[i] = 10);
      else (x[i] = rng.next()), (y[i] = x[i] > 0.5 ? 10 : 0);
    }
    const model = fitDecisionTree({ columns: [x], y }, { maxDepth: 3 });
    const p = predictTrees(model, [Float32Array.from([NaN, 0.1, 0.9])]);
    expect(p[0]).toBeCloseTo(10, 5);
    expect(p[1]).toBeCloseTo(0, 5);
    expect(p[2]).toBeCloseTo(10, 5);
  });

  it('splits off missing values when they form their own group', () => {
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : i / n));
    const y = Float32Array.from(x, (v) => (v !== v ? 5 : 1));
    const model = fitDecisionTree({ columns: [x], y }, { maxDepth: 2 });
    const p = predictTrees(model, [Float32Array.from([NaN, 0.2, 0.8])]);
    [5, 1, 1].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 9));
  });

  it('splits categorical codes into groups by their mean target', () => {
    const n = 4000;
    const rng = createRng(3);
    const code = Float32Array.from({ length: n }, () => rng.int(0, 10));
    const effect = [0, 5, 0, 5, 0, 5, 0, 5, 0, 5];
    const y = Float32Array.from(code, (c) => effect[c]);
    const model = fitDecisionTree({ columns: [code], y }, { maxDepth: 1, categorical: [true] });
    expect(model.trees[0].feature.length).toBe(3); // one split separates odd from even codes
    const p = predictTrees(model, [Float32Array.from({ length: 10 }, (_, i) => i)]);
    p.forEach((v, c) => expect(v).toBeCloseTo(effect[c], 9));
    // Unseen code and NaN go to the right child like every value outside the left set.
    const q = predictTrees(model, [Float32Array.from([42, NaN])]);
    expect(q[0]).toBe(q[1]);
  });

  it('maxDepth bounds the tree and deeper trees fit the training data better', () => {
    const d = synth(3000, 3, 9, (x) => Math.sin(x[0]) * x[1]);
    const shallow = fitDecisionTree(d, { maxDepth: 2 });
    const deep = fitDecisionTree(d, { maxDepth: 8 });
    expect(shallow.trees[0].feature.length).toBeLessThanOrEqual(7);
    expect(mse(predictTrees(deep, d.columns), d.y)).toBeLessThan(mse(predictTrees(shallow, d.columns), d.y) / 2);
  });
});

describe('fitRandomForest', () => {
  it('beats a single deep tree out of sample and is reproducible by seed', () => {
    const f = (x: number[]) => Math.sin(x[0]) * x[1] + 0.5 * x[2];
    const tr = synth(3000, 5, 1, f, 0.5);
    const te = synth(3000, 5, 2, f, 0);
    const tree = fitDecisionTree(tr, { maxDepth: 16, minDataInLeaf: 2 });
    const rf = fitRandomForest(tr, { numTrees: 40, seed: 4, maxFeatures: 0.6 });
    const eTree = mse(predictTrees(tree, te.columns), te.y);
    const eRf = mse(predictTrees(rf, te.columns), te.y);
    expect(eRf).toBeLessThan(eTree * 0.8);
    const again = fitRandomForest(tr, { numTrees: 40, seed: 4, maxFeatures: 0.6 });
    expect(predictTrees(again, te.columns)).toEqual(predictTrees(rf, te.columns));
    const other = fitRandomForest(tr, { numTrees: 40, seed: 5, maxFeatures: 0.6 });
    expect(predictTrees(other, te.columns)).not.toEqual(predictTrees(rf, te.columns));
  });
});
