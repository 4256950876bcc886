import { describe, expect, it } from 'vitest';
import {
  barDomain,
  bandPath,
  dateToDay,
  dayExtent,
  dayToIso,
  decadeDomain,
  exactIndex,
  forecastOrigin,
  formatValue,
  labelWidth,
  linePath,
  lossScaleType,
  nearestIndex,
  niceDomain,
  promoSpans,
  typicalStep,
} from '../../../src/lib/charts';

describe('day helpers', () => {
  it('day numbers ↔ ISO dates (2024-01-01 is day 19723; 2024-03-01 = 19723 + 31 + 29)', () => {
    expect(dayToIso(0)).toBe('1970-01-01');
    expect(dayToIso(19723)).toBe('2024-01-01');
    expect(dayToIso(19723.6)).toBe('2024-01-02'); // rounds to the nearest day
    expect(dayToIso(NaN)).toBe('');
    expect(dateToDay(new Date('2024-03-01T12:00:00Z'))).toBe(19783.5);
  });
  it('typicalStep is the median positive gap', () => {
    expect(typicalStep([0, 7, 14, 21])).toBe(7);
    expect(typicalStep([0, 1, 2, 10])).toBe(1); // gaps 1, 1, 8
    expect(typicalStep([0, 2, 6])).toBe(3); // gaps 2, 4 → mean of the middle two
    expect(typicalStep([0, 0, 7])).toBe(7); // zero gap ignored
    expect(typicalStep([5])).toBe(1);
  });
  it('dayExtent spans all arrays, pads a single day, defaults to [0, 1]', () => {
    expect(dayExtent([[5, 3], [10], []])).toEqual([3, 10]);
    expect(dayExtent([[4]])).toEqual([3, 5]);
    expect(dayExtent([[], []])).toEqual([0, 1]);
  });
});

describe('nearestIndex / exactIndex', () => {
  const ds = Int32Array.from([0, 10, 20, 30]);
  it.each([
    [-5, 0],
    [4, 0],
    [5, 0], // tie → earlier
    [6, 1],
    [24, 2],
    [26, 3],
    [30, 3],
    [100, 3],
  ])('day %d → index %d', (day, idx) => {
    expect(nearestIndex(ds, day)).toBe(idx);
  });
  it('empty input or NaN day → -1', () => {
    expect(nearestIndex(new Int32Array(0), 3)).toBe(-1);
    expect(nearestIndex(ds, NaN)).toBe(-1);
  });
  it('exactIndex only matches present days', () => {
    expect(exactIndex(ds, 20)).toBe(2);
    expect(exactIndex(ds, 21)).toBe(-1);
  });
});

describe('promoSpans', () => {
  it('joins consecutive promo rows into inclusive day spans', () => {
    const ds = Int32Array.from({ length: 10 }, (_, i) => 100 + i);
    const promo = Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 1, 1, 1]);
    expect(promoSpans(ds, promo)).toEqual([
      [101, 102],
      [105, 105],
      [107, 109],
    ]);
  });
  it('treats promo depth > 0 as promo and NaN as not', () => {
    expect(promoSpans([1, 2, 3], Float64Array.from([NaN, 0.5, 0]))).toEqual([[2, 2]]);
  });
  it('weekly rows join across the 7-day gap', () => {
    expect(promoSpans([0, 7, 14, 21], [1, 1, 0, 1])).toEqual([
      [0, 7],
      [21, 21],
    ]);
  });
  it('throws on misaligned input', () => {
    expect(() => promoSpans([1, 2], [1])).toThrow(/ds has 2 rows, promo 1/);
  });
});

describe('niceDomain', () => {
  it('rounds outward until the tick step is stable ([3, 17] → step 2 → [2, 18] → step 5 → [0, 20])', () => {
    expect(niceDomain([Float64Array.from([3, 17, NaN])])).toEqual([0, 20]);
  });
  it('keeps a tight domain on fine steps and stretches to zero on request', () => {
    expect(niceDomain([[5.2, 7.9]])).toEqual([5, 8]);
    expect(niceDomain([[5.2, 7.9]], { includeZero: true })).toEqual([0, 8]);
  });
  it('spans several arrays', () => {
    expect(niceDomain([[1, 2], [-3.2], [4]])).toEqual([-4, 4]);
  });
  it('constant and empty input', () => {
    expect(niceDomain([[50, 50]])).toEqual([44, 56]); // ±10 % → [45, 55] → step 2
    expect(niceDomain([[NaN], []])).toEqual([0, 1]);
  });
});

describe('formatValue', () => {
  it.each([
    [1234.5, '1,235'],
    [12.345, '12.3'],
    [0.5, '0.5'],
    [100, '100'],
    [-250.4, '−250'], // d3 uses the typographic minus
    [0.000123, '0.000123'],
    [NaN, '–'],
    [Infinity, '–'],
  ])('%s → %s', (v, s) => {
    expect(formatValue(v)).toBe(s);
  });
});

describe('linePath / bandPath', () => {
  const id = (v: number) => v;
  it('line through the points on the given scales', () => {
    expect(linePath([0, 1, 2], [4, 5, 6], id, id)).toBe('M0,4L1,5L2,6');
    expect(linePath([0, 1, 2], [4, 5, 6], (d) => d * 10, (v) => 100 - v)).toBe('M0,96L10,95L20,94');
  });
  it('a missing value breaks the line into two sub-paths', () => {
    expect(linePath([0, 1, 2], [4, NaN, 6], id, id)).toBe('M0,4ZM2,6Z');
    expect(linePath([0, 1], [NaN, NaN], id, id)).toBe('');
  });
  it('band: upper bound forwards, lower bound backwards, closed', () => {
    expect(bandPath([0, 1, 2], [1, 2, 3], [4, 5, 6], id, id)).toBe('M0,4L1,5L2,6L2,3L1,2L0,1Z');
  });
  it('a missing bound splits the band', () => {
    const d = bandPath([0, 1, 2, 3], [1, NaN, 3, 4], [4, 5, 6, 7], id, id);
    expect(d).toBe('M0,4L0,1ZM2,6L3,7L3,4L2,3Z');
  });
});

describe('forecastOrigin', () => {
  it('is the last history day before the first forecast day', () => {
    expect(forecastOrigin([10, 11, 12, 13], [14, 15])).toBe(13);
    expect(forecastOrigin([10, 11, 12, 13], [12, 13])).toBe(11); // forecast overlapping a holdout
    expect(forecastOrigin([10, 11], [30])).toBe(11);
  });
  it('falls back to one forecast step before the forecast, NaN without one', () => {
    expect(forecastOrigin([], [20, 27, 34])).toBe(13);
    expect(forecastOrigin([1, 2], [])).toBeNaN();
  });
});

describe('lossScaleType / decadeDomain', () => {
  it('log only when all losses are positive and span more than two decades', () => {
    expect(lossScaleType([1, 0.5, 0.011])).toBe('linear'); // ratio 90.9
    expect(lossScaleType([1, 0.5, 0.009])).toBe('log'); // ratio 111
    expect(lossScaleType([1, 0.01])).toBe('linear'); // exactly 100 is not "more than"
    expect(lossScaleType([2, NaN, 0.001])).toBe('log');
    expect(lossScaleType([5, 0, 0.001])).toBe('linear'); // a zero loss cannot go on a log axis
    expect(lossScaleType([1, 0.5], [0.004])).toBe('log'); // span counted across train and valid
    expect(lossScaleType([])).toBe('linear');
  });
  it('rounds to whole decades', () => {
    const [a, b] = decadeDomain([0.03, 4]);
    expect(a).toBeCloseTo(0.01, 12);
    expect(b).toBe(10);
    expect(decadeDomain([0.1, 1])).toEqual([0.1, 1]);
    const [c, d] = decadeDomain([0.05]);
    expect(c).toBeCloseTo(0.01, 12);
    expect(d).toBeCloseTo(0.1, 12);
    expect(decadeDomain([1])).toEqual([1, 10]);
    expect(decadeDomain([0, -1])).toEqual([0.1, 1]);
  });
});

describe('barDomain / labelWidth', () => {
  it('contains zero and the reference line', () => {
    expect(barDomain([0.8, 1.3, 0.95], 1)).toEqual([0, 1.4]);
    expect(barDomain([0.8, 1.3, 0.95], 2.1)).toEqual([0, 2.5]);
    expect(barDomain([-3.2, 4])).toEqual([-4, 4]);
    expect(barDomain([NaN, 2], NaN)).toEqual([0, 2]);
  });
  it('reserves ~6.5 px per character of the longest label, clamped', () => {
    expect(labelWidth(['ab', 'seasonal_naive'])).toBe(101); // 14 × 6.5 + 10
    expect(labelWidth([])).toBe(30);
    expect(labelWidth(['x'.repeat(100)])).toBe(200);
  });
});
