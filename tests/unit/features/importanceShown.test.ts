/**
 * The Models step's "What drives the forecast" numbers, checked against what they must be: a global model
 * (the registry's `linear` ridge, trained as the Models step trains it, importance on) on series whose sales are
 * their own level × (1 + 0.5 · x) with x a known-future N(0, 1) covariate and an unused noise feature.
 * On the scaled target (y ÷ the series' mean |y|) shuffling x adds 0.5 · E|x − x'| = 0.5 · 2/√π of a
 * series' average sales to the typical miss (x, x' independent N(0, 1)): the chart must show ≈ 56.4 % for x
 * and ≈ 0 % for the noise. The shown values are not shares of a total (they need not add up to 100).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../src/lib/data/random';
import { importanceBars } from '../../../src/lib/features/importanceBars';
import { getModel } from '../../../src/lib/models';
import type { FeatureFrame, TrainData } from '../../../src/lib/models/protocol';

function task(): { train: TrainData; x: Float32Array; seriesIndex: Int32Array; n: number; h: number } {
  const rng = createRng(17);
  const n = 200;
  const h = 28;
  const levels = [20, 50, 120, 300, 800, 35, 70, 150];
  const ds: number[] = [];
  const si: number[] = [];
  const x: number[] = [];
  const noise: number[] = [];
  const y: number[] = [];
  const series = levels.map((level, s) => {
    const yy: number[] = [];
    for (let t = 0; t < n + h; t++) {
      const xt = rng.normal();
      ds.push(19_000 + t);
      si.push(s);
      x.push(xt);
      noise.push(rng.normal());
      const v = t < n ? level * (1 + 0.5 * xt) : NaN;
      y.push(v);
      if (t < n) yy.push(v);
    }
    return { id: `s${s}`, ds: Int32Array.from({ length: n }, (_, t) => 19_000 + t), y: Float64Array.from(yy) };
  });
  const frame: FeatureFrame = {
    names: ['x', 'noise'], timing: ['known_future', 'known_future'], categorical: [false, false],
    columns: [Float32Array.from(x), Float32Array.from(noise)], y: Float32Array.from(y), seriesIndex: Int32Array.from(si), ds: Int32Array.from(ds),
  };
  return { train: { freq: 'D', season: 7, series, knownFuture: ['x', 'noise'], features: frame }, x: frame.columns[0], seriesIndex: frame.seriesIndex, n, h };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Models step: feature importance as shown', () => {
  it('linear (ridge) on level × (1 + 0.5 x): x shows ≈ 100 · 0.5 · 2/√π % of average sales, the noise ≈ 0 %', async () => {
    const { train } = task();
    const fitted = await getModel('linear').fit(train, { importance: true } as never, { seed: 3, h: 28 });
    const importance = (fitted.state as { importance: { feature: string; importance: number; std: number }[] }).importance;
    const bars = importanceBars(importance, { scaled: true });
    expect(bars.labels).toEqual(['x', 'noise']);
    expect(bars.unit).toBe('%');
    const truth = 100 * 0.5 * (2 / Math.sqrt(Math.PI)); // 56.42 %
    expect(Math.abs(bars.values[0] - truth)).toBeLessThan(5);
    expect(Math.abs(bars.values[1])).toBeLessThan(1);
    // The bars are each feature's own extra error, not shares: here they add up to about 56, not 100.
    expect(bars.values[0] + bars.values[1]).toBeLessThan(70);
  }, 30_000);

  it('importanceBars: largest first, at most 15, percent on the scaled target, units otherwise', () => {
    const imp = Array.from({ length: 20 }, (_, i) => ({ feature: `f${i}`, importance: (i % 7) / 100, std: 0 }));
    const b = importanceBars(imp, { scaled: true });
    expect(b.labels).toHaveLength(15);
    expect(b.values).toEqual([...b.values].sort((p, q) => q - p));
    expect(b.values[0]).toBeCloseTo(6, 12); // 0.06 of average sales = 6 %
    const u = importanceBars(imp, { scaled: false, top: 3 });
    expect(u.values).toEqual([0.06, 0.06, 0.05]);
    expect(u.unit).toBe('units');
    expect(u.xLabel).toMatch(/units of the target/);
  });
});
