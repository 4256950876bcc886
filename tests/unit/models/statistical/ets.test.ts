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

describe('seasonal ETS (deseasonalised AutoETS)', () => {
  it('on monthly data with trend and multiplicative season it is far better than non-seasonal ETS', async () => {
    const rng = createRng(11);
    const h = 18;
    const n = 120;
    const season = [0.8, 0.85, 1, 1.05, 1.1, 1.3, 1.4, 1.35, 1.1, 0.95, 0.8, 0.75];
    const series = Array.from({ length: 4 }, (_, k) => ({
      id: `m${k}`,
      y: Float64Array.from({ length: n + h }, (_, t) => (100 + 20 * k + 0.8 * t) * season[(t + k) % 12] * (1 + 0.03 * rng.normal())),
    }));
    const train = makeTrain(series.map((s) => ({ id: s.id, y: s.y.subarray(0, n) })), { season: 12, freq: 'M' });
    const test = series.map((s) => s.y.slice(n));
    const score = async (o: typeof ets.defaults) => {
      const fc = await ets.predict(await ets.fit(train, o), train, { h, levels: [80] });
      let e = 0, a = 0;
      fc.forEach((f, i) => f.mean.forEach((v, j) => ((e += Math.abs(v - test[i][j])), (a += Math.abs(test[i][j])))));
      return { wape: e / a, fallback: fc.some((f) => f.fallback) };
    };
    const seasonal = await score(ets.defaults);
    const plain = await score({ ...ets.defaults, seasonal: false });
    console.log(`monthly WAPE: seasonal ETS ${seasonal.wape.toFixed(3)}, non-seasonal ${plain.wape.toFixed(3)}`);
    expect(seasonal.fallback).toBe(false);
    expect(seasonal.wape).toBeLessThan(0.06); // noise is 3 %: about its size
    expect(seasonal.wape).toBeLessThan(0.4 * plain.wape);
  });
});
