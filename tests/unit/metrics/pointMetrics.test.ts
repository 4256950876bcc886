import { describe, expect, it } from 'vitest';
import { bias, getMetric, listMetrics, mae, mape, registerMetric, rmse, smape, unregisterMetric, wape } from '../../../src/lib/metrics';

// actual a = [1, 2, 3, 4], forecast f = [2, 2, 1, 5]  →  e = f − a = [1, 0, −2, 1]
const input = { actual: [1, 2, 3, 4], forecast: [2, 2, 1, 5] };

describe('point metrics on hand-computed values', () => {
  it('MAE = (1 + 0 + 2 + 1) / 4 = 1', () => expect(mae(input)).toEqual({ value: 1, n: 4 }));
  it('RMSE = sqrt((1 + 0 + 4 + 1) / 4) = sqrt(1.5)', () => expect(rmse(input).value).toBeCloseTo(Math.sqrt(1.5), 12));
  it('bias = (1 + 0 − 2 + 1) / 4 = 0; over-forecast is positive', () => {
    expect(bias(input).value).toBe(0);
    expect(bias({ actual: [1, 1], forecast: [2, 4] }).value).toBe(2); // (1 + 3) / 2
  });
  it('MAPE = 100 · (1/1 + 0/2 + 2/3 + 1/4) / 4 = 47.9166…', () => expect(mape(input).value).toBeCloseTo((100 * (1 + 0 + 2 / 3 + 1 / 4)) / 4, 10));
  it('sMAPE (0–200 scale) = 200/4 · (1/3 + 0/4 + 2/4 + 1/9) = 47.2222…', () => {
    expect(smape(input).value).toBeCloseTo(50 * (1 / 3 + 0 + 2 / 4 + 1 / 9), 10);
    // total miss against zero: |1 − 0| / (0 + 1) = 1 → 200; 0/0 term counts as 0 → mean 100
    expect(smape({ actual: [0, 0], forecast: [1, 0] }).value).toBe(100);
  });
  it('WAPE = 100 · Σ|e| / Σ|y| = 100 · 4 / 10 = 40', () => expect(wape(input)).toEqual({ value: 40, n: 4 }));
});

describe('undefined cases are null with a reason, never Infinity/NaN', () => {
  it('MAPE skips zero actuals and counts them', () => {
    // a = [0, 2, 0, 4], f = [1, 1, 1, 5]: used |1−2|/2 = 0.5 and |5−4|/4 = 0.25 → 100 · 0.75 / 2 = 37.5
    const r = mape({ actual: [0, 2, 0, 4], forecast: [1, 1, 1, 5] });
    expect(r.value).toBe(37.5);
    expect(r.n).toBe(2);
    expect(r.skipped).toBe(2);
    expect(r.reason).toMatch(/2 point\(s\) with actual 0/);
  });
  it('MAPE and WAPE on all-zero actuals', () => {
    const zero = { actual: [0, 0, 0], forecast: [1, 0, 2] };
    for (const r of [mape(zero), wape(zero)]) {
      expect(r.value).toBeNull();
      expect(r.reason).toMatch(/all 3 actual\(s\) are 0/);
    }
  });
  it('missing points are skipped, an empty input is null', () => {
    expect(mae({ actual: [1, NaN, 3], forecast: [2, 5, 3] })).toMatchObject({ value: 0.5, n: 2, skipped: 1 });
    expect(rmse({ actual: [], forecast: [] })).toMatchObject({ value: null, n: 0 });
  });
  it('throws on mismatched lengths (a bug, not data)', () => expect(() => mae({ actual: [1], forecast: [1, 2] })).toThrow(/differ in length/));
});

describe('registry', () => {
  it('lists built-ins and accepts new metrics', () => {
    expect(listMetrics()).toEqual(expect.arrayContaining(['mae', 'rmse', 'mape', 'smape', 'wape', 'mase', 'rmsse', 'bias', 'coverage_80', 'coverage_95']));
    registerMetric('max_abs_test', (i) => ({ value: Math.max(...Array.from(i.actual, (a, k) => Math.abs(i.forecast[k] - a))), n: i.actual.length }));
    try {
      expect(getMetric('max_abs_test').fn(input).value).toBe(2);
      expect(getMetric('max_abs_test').pool).toBe('points');
    } finally {
      // Test files share one module registry per worker (vitest isolate: false): leave the registry as found.
      expect(unregisterMetric('max_abs_test')).toBe(true);
    }
    expect(listMetrics()).not.toContain('max_abs_test');
    expect(() => getMetric('nope')).toThrow(/unknown metric "nope"/);
  });
});
