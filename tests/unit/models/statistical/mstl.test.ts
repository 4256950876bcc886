import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import { mstl, naive, seasonalNaive } from '../../../../src/lib/models';
import { coverage, mae, makeTrain, retailSplit } from '../baselines/helpers';

const WEEK = [0.8, 0.9, 1.0, 1.0, 1.1, 1.5, 1.3];

/** 20 + trend, weekly multiplicative-looking pattern, N(0, 2) noise. */
function weekly(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, (_, t) => (50 + 0.02 * t) * WEEK[t % 7] + 2 * rng.normal());
}

describe('MSTL + ETS', () => {
  it('beats naive on a seeded weekly series (28-day holdout)', async () => {
    const h = 28;
    const y = weekly(11, 364 + h);
    const train = makeTrain([{ id: 'w', y: y.subarray(0, 364) }]);
    const test = y.subarray(364);
    const req = { h, levels: [80] };
    const [m] = await mstl.predict(await mstl.fit(train, mstl.defaults), train, req);
    const [n] = await naive.predict(await naive.fit(train, {}), train, req);
    const maeM = mae(m.mean, test);
    const maeN = mae(n.mean, test);
    console.log(`weekly series MAE: mstl ${maeM.toFixed(2)}, naive ${maeN.toFixed(2)}`);
    expect(m.fallback).toBeUndefined();
    expect(maeM).toBeLessThan(0.5 * maeN);
  });

  it('forecasts with the model kept from the fit exactly as with a refit (a copied state), and faster', async () => {
    const h = 28;
    const train = makeTrain(Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, y: weekly(30 + i, 760) })));
    const req = { h, levels: [80] };
    const t0 = performance.now();
    const fitted = await mstl.fit(train, mstl.defaults);
    // A copy of the state (as a save or another worker would have it) misses the kept models: a refit.
    const copy = structuredClone(fitted);
    const t1 = performance.now();
    const kept = await mstl.predict(fitted, train, req);
    const t2 = performance.now();
    const refit = await mstl.predict(copy, train, req);
    const t3 = performance.now();
    expect(kept.map((f) => f.fallback)).toEqual(refit.map(() => undefined));
    for (let i = 0; i < kept.length; i++) {
      expect(Array.from(kept[i].mean)).toEqual(Array.from(refit[i].mean));
      expect(Array.from(kept[i].lo[80])).toEqual(Array.from(refit[i].lo[80]));
    }
    // The kept path does no fit at all; the refit path one per series (about the fit's own time).
    expect(t2 - t1).toBeLessThan(0.5 * (t3 - t2));
    expect(t3 - t2).toBeGreaterThan(0.3 * (t1 - t0));
    // Each kept model is handed over once: predicting the same fitted state again refits, same numbers.
    const again = await mstl.predict(fitted, train, req);
    expect(Array.from(again[0].mean)).toEqual(Array.from(kept[0].mean));
  });

  it('uses weekly and yearly periods on long daily data', async () => {
    const train = makeTrain([{ id: 'long', y: weekly(1, 800) }]);
    const fitted = await mstl.fit(train, mstl.defaults);
    expect((fitted.state as { series: Record<string, { periods: number[] }> }).series.long.periods).toEqual([7, 365]);
  });

  it('records a 3-point series as failed and forecasts it with the fallback; others are fine', async () => {
    const train = makeTrain([
      { id: 'ok', y: weekly(2, 120) },
      { id: 'tiny', y: [3, 5, 4] },
    ]);
    const fitted = await mstl.fit(train, mstl.defaults);
    expect(fitted.failed).toEqual({ tiny: expect.stringMatching(/too little data: 3 points, MSTL \+ ETS needs 15/) });
    const [ok, tiny] = await mstl.predict(fitted, train, { h: 5, levels: [80] });
    expect(ok.fallback).toBeUndefined();
    expect(tiny.fallback).toBe(fitted.failed!.tiny);
    expect(Array.from(tiny.mean)).toEqual([4, 4, 4, 4, 4]); // naive: shorter than a season
    expect(tiny.hi[80][4]).toBeGreaterThan(tiny.hi[80][0]);
  });

  it('falls back when augurs throws, with its message', async () => {
    const train = makeTrain([{ id: 'p', y: weekly(3, 40) }]);
    const fitted = await mstl.fit(train, { periods: [30] });
    expect(fitted.failed?.p).toMatch(/needs 61 points/);
  });

  it('80 % interval coverage on the retail sample (snaive ≥ 0.6; MSTL reported)', async () => {
    const h = 28;
    const { train, test } = retailSplit({ stores: 2, items: 4, days: 400, seed: 3 }, h);
    const req = { h, levels: [80, 95] };
    const sn = await seasonalNaive.predict(await seasonalNaive.fit(train, seasonalNaive.defaults), train, req);
    const ms = await mstl.predict(await mstl.fit(train, mstl.defaults), train, req);
    const cov = { snaive80: coverage(sn, test, 80), mstl80: coverage(ms, test, 80), snaive95: coverage(sn, test, 95), mstl95: coverage(ms, test, 95) };
    const err = { snaive: 0, mstl: 0 };
    for (let i = 0; i < sn.length; i++) {
      err.snaive += mae(sn[i].mean, test[sn[i].id]) / sn.length;
      err.mstl += mae(ms[i].mean, test[ms[i].id]) / sn.length;
    }
    console.log('retail coverage', JSON.stringify(cov), 'MAE', JSON.stringify(err));
    expect(ms.every((f) => !f.fallback)).toBe(true);
    expect(cov.snaive80).toBeGreaterThanOrEqual(0.6);
    expect(cov.mstl80).toBeGreaterThanOrEqual(0.6);
  });
});
