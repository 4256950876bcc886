import { describe, expect, it } from 'vitest';
import { fitGbdt, predictTrees } from '../../../../src/lib/models/trees';
import { createRng } from '../../../../src/lib/data/random';

describe('GBDT speed', () => {
  it('fits 45k rows × 22 features × 200 rounds at depth 8 well within 30 s', () => {
    const n = 45_000;
    const F = 22;
    const rng = createRng(3);
    const columns = Array.from({ length: F }, () => new Float32Array(n));
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < F; f++) columns[f][i] = f < 4 ? rng.int(0, 50) : rng.normal();
      y[i] = Math.sin(columns[4][i]) * columns[5][i] + columns[0][i] / 10 + 0.5 * columns[6][i] ** 2 + 0.3 * rng.normal();
    }
    const t0 = performance.now();
    const model = fitGbdt({ columns, y }, { numRounds: 200, numLeaves: 255, maxDepth: 8, learningRate: 0.1 });
    const fitMs = performance.now() - t0;
    const p = predictTrees(model, columns);
    const predictMs = performance.now() - t0 - fitMs;
    console.log(`GBDT 45k×22×200 depth 8: fit ${(fitMs / 1000).toFixed(2)} s, predict ${(predictMs / 1000).toFixed(2)} s`);
    expect(model.trees.length).toBe(200);
    let s = 0;
    for (let i = 0; i < n; i++) s += (p[i] - y[i]) ** 2;
    expect(s / n).toBeLessThan(0.15); // noise variance 0.09; the fit is real, not just fast
    expect(fitMs).toBeLessThan(30_000);
  });
});
