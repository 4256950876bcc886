import { describe, expect, it } from 'vitest';
import { binFeatures, binOf } from '../../../../src/lib/models/trees';

describe('binFeatures', () => {
  it('puts NaN in bin 0 and keeps few distinct values in their own bins', () => {
    const col = Float32Array.from([3, 1, NaN, 2, 1, 3, NaN]);
    const b = binFeatures([col]);
    expect(Array.from(b.bins[0])).toEqual([3, 1, 0, 2, 1, 3, 0]);
    expect(Array.from(b.cuts[0])).toEqual([1.5, 2.5]);
    expect(b.numBins[0]).toBe(4);
  });

  it('makes near-equal-count quantile bins when values outnumber bins', () => {
    const n = 10_000;
    const col = Float32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const b = binFeatures([col], { maxBins: 12 });
    expect(b.numBins[0]).toBe(12);
    const counts = new Array(12).fill(0);
    for (const x of b.bins[0]) counts[x]++;
    expect(counts[0]).toBe(0);
    for (let k = 1; k < 12; k++) expect(Math.abs(counts[k] - n / 11)).toBeLessThan(n / 11 / 10);
    // Every value lies in the bin its cuts say.
    for (let i = 0; i < n; i += 97) expect(binOf(b.cuts[0], col[i])).toBe(b.bins[0][i]);
  });

  it('gives a heavy repeated value its own bin', () => {
    const col = Float32Array.from({ length: 1000 }, (_, i) => (i < 600 ? 0 : i));
    const b = binFeatures([col], { maxBins: 10 });
    const zeroBin = b.bins[0][0];
    expect(b.bins[0].filter((x) => x === zeroBin).length).toBe(600);
  });

  it('bins categorical codes by value, rare codes beyond maxBins and non-codes to bin 0', () => {
    const col = Float32Array.from([5, 5, 5, 9, 9, 2, 7, -1, 1.5, NaN]);
    const b = binFeatures([col], { categorical: [true], maxBins: 4 });
    // Three most frequent codes kept (5, 9, then 2 before 7 on the tie), in ascending order.
    expect(Array.from(b.categories[0]).slice(1)).toEqual([2, 5, 9]);
    expect(b.bins[0][6]).toBe(0); // 7: rare
    const cat = (code: number) => Array.from(b.categories[0]).indexOf(code);
    expect(b.bins[0][0]).toBe(cat(5));
    expect(b.bins[0][3]).toBe(cat(9));
    expect(b.bins[0][7]).toBe(0); // negative
    expect(b.bins[0][8]).toBe(0); // not an integer
    expect(b.bins[0][9]).toBe(0); // NaN
  });
});
