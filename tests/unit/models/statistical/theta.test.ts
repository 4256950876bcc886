import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import { naive, theta, ses, optimiseAlpha, multiplicativeIndices } from '../../../../src/lib/models';
import { mae, makeTrain } from '../baselines/helpers';

describe('Theta', () => {
  it('SES and its α search behave as expected', () => {
    expect(ses([1, 3, 2], 0.5).level).toBe(2); // 1 → 2 → 2
    const rng = createRng(2);
    let w = 0;
    const walk = Array.from({ length: 300 }, () => (w += rng.normal()));
    const noise = Array.from({ length: 300 }, () => rng.normal());
    expect(optimiseAlpha(walk)).toBeGreaterThan(0.8);
    expect(optimiseAlpha(noise)).toBeLessThan(0.15);
  });

  it('multiplicative indices recover a known weekly pattern', () => {
    const pattern = [0.8, 0.9, 1.0, 1.0, 1.1, 1.3, 0.9];
    const y = Array.from({ length: 70 }, (_, t) => 100 * pattern[t % 7]);
    multiplicativeIndices(y, 7).forEach((v, j) => expect(v).toBeCloseTo(pattern[j], 6));
  });

  it('beats naive on a trended series', async () => {
    const rng = createRng(9);
    const h = 28;
    const y = Float64Array.from({ length: 200 + h }, (_, t) => 20 + 0.3 * t + 3 * rng.normal());
    const train = makeTrain([{ id: 't', y: y.subarray(0, 200) }], { season: 1 });
    const test = y.subarray(200);
    const [th] = await theta.predict(await theta.fit(train, theta.defaults), train, { h, levels: [80] });
    const [nv] = await naive.predict(await naive.fit(train, {}), train, { h, levels: [80] });
    const [mTheta, mNaive] = [mae(th.mean, test), mae(nv.mean, test)];
    console.log(`trended series MAE: theta ${mTheta.toFixed(2)}, naive ${mNaive.toFixed(2)}`);
    expect(mTheta).toBeLessThan(0.8 * mNaive);
    // Theta's slope is half the fitted trend: ≈ 0.15 per step.
    expect((th.mean[h - 1] - th.mean[0]) / (h - 1)).toBeCloseTo(0.15, 2);
    expect(th.hi[80][h - 1] - th.lo[80][h - 1]).toBeGreaterThan(th.hi[80][0] - th.lo[80][0]);
  });

  it('deseasonalises a positive weekly series', async () => {
    const rng = createRng(4);
    const pattern = [0.8, 0.9, 1.0, 1.0, 1.1, 1.5, 1.3];
    const y = Float64Array.from({ length: 210 }, (_, t) => 50 * pattern[t % 7] + rng.normal());
    const train = makeTrain([{ id: 'w', y: y.subarray(0, 196) }]);
    const [f] = await theta.predict(await theta.fit(train, theta.defaults), train, { h: 14, levels: [80] });
    expect(mae(f.mean, y.subarray(196))).toBeLessThan(2);
  });
});
