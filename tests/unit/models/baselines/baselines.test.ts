import { describe, expect, it } from 'vitest';
import { drift, movingAverage, naive, seasonalNaive, normalQuantile } from '../../../../src/lib/models';
import { makeTrain, START } from './helpers';

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

describe('normalQuantile', () => {
  it.each([
    [0.9, Z80],
    [0.975, Z95],
    [0.5, 0],
    [0.01, -2.3263478740408408],
  ])('Φ⁻¹(%f) = %f', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 8));
});

describe('naive', () => {
  it('repeats the last value with σ√h intervals', async () => {
    const train = makeTrain([{ id: 'a', y: [1, 3, 2, 5] }]);
    const [f] = await naive.predict(await naive.fit(train, {}), train, { h: 4, levels: [80] });
    const sigma = Math.sqrt((4 + 1 + 9) / 3);
    expect(Array.from(f.mean)).toEqual([5, 5, 5, 5]);
    expect(f.hi[80][0]).toBeCloseTo(5 + Z80 * sigma, 6);
    expect(f.hi[80][3]).toBeCloseTo(5 + Z80 * sigma * 2, 6);
    expect(f.lo[80][0]).toBeCloseTo(5 - Z80 * sigma, 6);
    expect(Array.from(f.ds)).toEqual([START + 4, START + 5, START + 6, START + 7]);
    expect(f.fallback).toBeUndefined();
  });
});

describe('seasonal naive', () => {
  const train = makeTrain([{ id: 'a', y: [1, 2, 3, 4, 6, 8] }], { season: 3 });
  it('repeats the last season with σ√(k+1) intervals', async () => {
    const [f] = await seasonalNaive.predict(await seasonalNaive.fit(train, { period: 0 }), train, { h: 7, levels: [80, 95] });
    expect(Array.from(f.mean)).toEqual([4, 6, 8, 4, 6, 8, 4]);
    const sigma = Math.sqrt((9 + 16 + 25) / 3); // lag-3 differences 3, 4, 5
    expect(f.hi[95][0]).toBeCloseTo(4 + Z95 * sigma, 6);
    expect(f.hi[95][2]).toBeCloseTo(8 + Z95 * sigma, 6);
    expect(f.hi[95][3]).toBeCloseTo(4 + Z95 * sigma * Math.SQRT2, 6);
    expect(f.hi[95][6]).toBeCloseTo(4 + Z95 * sigma * Math.sqrt(3), 6);
    expect(f.hi[80][4] - f.lo[80][4]).toBeGreaterThan(f.hi[80][1] - f.lo[80][1]);
    // 4 − 1.28·4.08 < 0 and the series is non-negative: clipped.
    expect(f.lo[80][0]).toBe(0);
  });
  it('does not clip when the series has negative values', async () => {
    const neg = makeTrain([{ id: 'a', y: [1, 2, 3, 4, -6, 8] }], { season: 3 });
    const [f] = await seasonalNaive.predict(await seasonalNaive.fit(neg, { period: 0 }), neg, { h: 1, levels: [80] });
    expect(f.lo[80][0]).toBeLessThan(0);
  });
  it('falls back to naive with a reason when shorter than a season + 1', async () => {
    const short = makeTrain([{ id: 's', y: [2, 3] }, ...train.series.map((s) => ({ id: s.id, y: s.y }))], { season: 3 });
    const fitted = await seasonalNaive.fit(short, { period: 0 });
    expect(fitted.failed?.s).toMatch(/too little data: 2 points.*needs 4; try naive/);
    const [s, a] = await seasonalNaive.predict(fitted, short, { h: 2, levels: [80] });
    expect(Array.from(s.mean)).toEqual([3, 3]);
    expect(s.fallback).toBe(fitted.failed?.s);
    expect(a.fallback).toBeUndefined();
  });
});

describe('drift', () => {
  it('extends the first-to-last line with σ√(h(1+h/T)) intervals', async () => {
    const train = makeTrain([{ id: 'a', y: [1, 2, 4, 7] }]);
    const [f] = await drift.predict(await drift.fit(train, {}), train, { h: 3, levels: [80] });
    expect(Array.from(f.mean)).toEqual([9, 11, 13]);
    // differences 1, 2, 3 minus slope 2 → −1, 0, 1; σ = √(2 / (3 − 1)) = 1.
    expect(f.hi[80][0]).toBeCloseTo(9 + Z80 * Math.sqrt(1 * (1 + 1 / 4)), 6);
    expect(f.hi[80][1]).toBeCloseTo(11 + Z80 * Math.sqrt(2 * (1 + 2 / 4)), 6);
    expect(f.hi[80][2] - f.mean[2]).toBeGreaterThan(f.hi[80][1] - f.mean[1]);
  });
});

describe('moving average', () => {
  it('averages the window; sd from in-sample errors at each horizon', async () => {
    const train = makeTrain([{ id: 'a', y: [2, 4, 6, 8] }]);
    const [f] = await movingAverage.predict(await movingAverage.fit(train, { window: 2 }), train, { h: 3, levels: [80] });
    expect(Array.from(f.mean)).toEqual([7, 7, 7]);
    // one step: 6 − 3, 8 − 5 → σ₁ = 3; two steps: 8 − 3 → σ₂ = 5; none for three steps → carried.
    expect(f.hi[80][0]).toBeCloseTo(7 + Z80 * 3, 6);
    expect(f.hi[80][1]).toBeCloseTo(7 + Z80 * 5, 6);
    expect(f.hi[80][2]).toBeCloseTo(7 + Z80 * 5, 6);
    expect(f.hi[80][1] - f.lo[80][1]).toBeGreaterThan(f.hi[80][0] - f.lo[80][0]);
  });
});

describe('local model plumbing', () => {
  const train = makeTrain([
    { id: 'a', y: [1, 2, 3, 4] },
    { id: 'b', y: [4, 3, 2, 1] },
    { id: 'c', y: [5] },
  ]);
  it('reports progress per series and records short series', async () => {
    const fractions: number[] = [];
    const fitted = await naive.fit(train, {}, { onProgress: (p) => fractions.push(p.fraction) });
    expect(fractions).toEqual([1 / 3, 2 / 3, 1]);
    expect(Object.keys(fitted.failed ?? {})).toEqual(['c']);
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted);
    const out = await naive.predict(fitted, train, { h: 2, levels: [80] });
    expect(out.map((f) => f.mean[0])).toEqual([4, 1, 5]);
    expect(out[2].fallback).toMatch(/too little data/);
  });
  it('stops when cancelled', async () => {
    const signal = { cancelled: false };
    const p = naive.fit(train, {}, { signal, onProgress: () => (signal.cancelled = true) });
    await expect(p).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
