import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import { ets } from '../../../../src/lib/models';
import { coverage, makeTrain } from '../baselines/helpers';

describe('AutoETS', () => {
  it('recovers the level of constant + noise, with intervals that cover about 80 %', async () => {
    const rng = createRng(5);
    const h = 28;
    const series = Array.from({ length: 10 }, (_, k) => ({ id: `s${k}`, y: Float64Array.from({ length: 200 + h }, () => 10 + rng.normal()) }));
    const train = makeTrain(series.map((s) => ({ id: s.id, y: s.y.subarray(0, 200) })));
    const test = Object.fromEntries(series.map((s) => [s.id, s.y.slice(200)]));
    const fitted = await ets.fit(train, ets.defaults);
    expect(fitted.failed).toEqual({});
    const fc = await ets.predict(fitted, train, { h, levels: [80] });
    for (const f of fc) {
      expect(f.fallback).toBeUndefined();
      expect(Math.abs(f.mean[0] - 10)).toBeLessThan(0.5);
      expect(Math.abs(f.mean[h - 1] - 10)).toBeLessThan(0.5);
    }
    const cov = coverage(fc, test, 80);
    console.log(`AutoETS 80 % coverage on constant + N(0,1): ${cov.toFixed(3)}`);
    expect(cov).toBeGreaterThan(0.7);
    expect(cov).toBeLessThan(0.92);
  });

  it('falls back on a too-short series', async () => {
    const train = makeTrain([{ id: 'short', y: [1, 2, 3, 4, 5] }]);
    const fitted = await ets.fit(train, ets.defaults);
    expect(fitted.failed?.short).toMatch(/AutoETS needs 10/);
  });
});
