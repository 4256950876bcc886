import { describe, expect, it } from 'vitest';
import { backtestSegments, outlierPoints, seriesHover, uniqueByDay, type SeriesChartData } from '../../../src/lib/charts';

// 2024-01-01 = day 19723
const data: SeriesChartData = {
  ds: Int32Array.from([19723, 19724, 19725]),
  y: Float64Array.from([10, NaN, 12.5]),
  forecast: {
    ds: Int32Array.from([19726, 19727]),
    mean: Float64Array.from([13, 1400]),
    lo80: Float64Array.from([11, NaN]),
    hi80: Float64Array.from([15, NaN]),
    label: 'ets <b>',
  },
};

describe('seriesHover', () => {
  it('history point: date · value', () => {
    const h = seriesHover(data, 19723.2)!;
    expect(h).toMatchObject({ kind: 'history', index: 0, day: 19723, value: 10 });
    expect(h.lines).toEqual(['2024-01-01 · 10']);
  });
  it('missing history value shows a dash and no dot value', () => {
    const h = seriesHover(data, 19724)!;
    expect(h.lines).toEqual(['2024-01-02 · –']);
    expect(h.value).toBeNaN();
  });
  it('forecast point: mean, then label with the 80 % interval (a tie goes to the forecast)', () => {
    const h = seriesHover(data, 19725.5)!;
    expect(h).toMatchObject({ kind: 'forecast', index: 0, day: 19726, value: 13 });
    expect(h.lines).toEqual(['2024-01-04 · 13', 'ets <b> · 80 % 11 – 15']);
  });
  it('forecast point without an interval shows the label only', () => {
    expect(seriesHover(data, 19800)!.lines).toEqual(['2024-01-05 · 1,400', 'ets <b>']);
  });
  it('forecast over a holdout also shows the actual', () => {
    const over: SeriesChartData = { ...data, forecast: { ds: Int32Array.from([19725]), mean: Float64Array.from([12]) } };
    expect(seriesHover(over, 19725)!.lines).toEqual(['2024-01-03 · 12', 'forecast', 'actual · 12.5']);
  });
  it('no forecast: clamps to the last history point; no data → null', () => {
    expect(seriesHover({ ds: data.ds, y: data.y }, 30000)!.index).toBe(2);
    expect(seriesHover({ ds: new Int32Array(0), y: new Float64Array(0) }, 1)).toBeNull();
  });
});

describe('outlierPoints', () => {
  it('keeps outlier days present in ds with a finite value', () => {
    expect(outlierPoints(data.ds, data.y, [19724, 19725, 19999])).toEqual([{ day: 19725, value: 12.5 }]);
  });
});

describe('backtestSegments', () => {
  it('ascending rows split after each cutoff', () => {
    expect(backtestSegments([3, 4, 5, 6], [2, 4])).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(backtestSegments([1, 2, 3, 4, 5, 6], [2, 4])).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
  });
  it('overlapping windows concatenated: each ascending run is a window (cutoffs ignored)', () => {
    expect(backtestSegments([3, 4, 5, 4, 5, 6], [2, 3])).toEqual([
      [0, 3],
      [3, 6],
    ]);
  });
  it('per-row cutoffs decide when given', () => {
    expect(backtestSegments([3, 4, 5, 6, 7], [2, 4], [2, 2, 4, 4, 4])).toEqual([
      [0, 2],
      [2, 5],
    ]);
    expect(() => backtestSegments([1, 2], [0], [0])).toThrow(/rowCutoff 1/);
  });
  it('empty rows → no windows', () => {
    expect(backtestSegments([], [1])).toEqual([]);
  });
});

describe('uniqueByDay', () => {
  it('sorts days and keeps the first finite value per day', () => {
    const u = uniqueByDay([3, 4, 5, 4, 5, 6], [1, 2, NaN, 2, 3, 4]);
    expect(Array.from(u.ds)).toEqual([3, 4, 5, 6]);
    expect(Array.from(u.values)).toEqual([1, 2, 3, 4]);
  });
});
