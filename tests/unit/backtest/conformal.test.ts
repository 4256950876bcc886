import { describe, expect, it } from 'vitest';
import { applyConformal, calibrateConformal, conformalHalfWidth, runBacktest, type BacktestRow, type ConformalTarget } from '../../../src/lib/backtest';
import { metricPooled } from '../../../src/lib/metrics';
import { retailTrain, snaive } from './fixtures';

const row = (id: string, window: number, actual: number[], mean: number[]): BacktestRow => ({
  model: 'm', id, cutoff: window * 10, window, ds: Int32Array.from(actual, (_, i) => window * 10 + i + 1), step: Int32Array.from(actual, (_, i) => i + 1),
  actual: Float64Array.from(actual), mean: Float64Array.from(mean), lo: {}, hi: {}, scale: { mae: 1, mse: 1, n: 1 },
});

describe('conformal calibration', () => {
  // step 1 residuals |a − f|: 1, 2, 3, 4 (pooled over series a, b and two windows); step 2: 10, 20, 30, 40
  const rows = [row('a', 0, [1, 10], [0, 0]), row('b', 0, [2, 20], [0, 0]), row('a', 1, [3, 30], [0, 0]), row('b', 1, [4, 40], [0, 0])];
  it('per-step quantile is the ⌈(n + 1)·level⌉-th smallest |residual|', () => {
    const cal = calibrateConformal(rows, { h: 3 });
    // n = 4: 50 % → ⌈2.5⌉ = 3rd → 3; 80 % → ⌈4⌉ = 4th → 4; 95 % → ⌈4.75⌉ = 5 > n → largest
    expect(conformalHalfWidth(cal, 1, 50)).toBe(3);
    expect(conformalHalfWidth(cal, 1, 80)).toBe(4);
    expect(conformalHalfWidth(cal, 2, 50)).toBe(30);
    // step 3 has no residuals: all steps pooled (1,2,3,4,10,20,30,40) → 50 % → ⌈4.5⌉ = 5th → 10
    expect(conformalHalfWidth(cal, 3, 50)).toBe(10);
  });
  it('scaled by series MAE: residual / MAE pooled, then × the series MAE', () => {
    // MAE a = (1 + 10 + 3 + 30) / 4 = 11, MAE b = (2 + 20 + 4 + 40) / 4 = 16.5
    const cal = calibrateConformal(rows, { h: 2, scaleBy: 'mae' });
    expect(cal.seriesScale).toEqual({ a: 11, b: 16.5 });
    // step 1 scaled: 1/11 = .0909, 3/11 = .2727, 2/16.5 = .1212, 4/16.5 = .2424 → sorted, 50 % → 3rd = 4/16.5
    expect(conformalHalfWidth(cal, 1, 50, 'a')).toBeCloseTo((4 / 16.5) * 11, 12);
    expect(conformalHalfWidth(cal, 1, 50, 'b')).toBeCloseTo(4, 12);
  });
  it('applyConformal sets lo/hi = mean ∓ half-width, optionally clipped', () => {
    const cal = calibrateConformal(rows, { h: 2 });
    const target: ConformalTarget = { id: 'x', mean: Float64Array.of(2, 25), lo: {}, hi: {} };
    const [f] = applyConformal([target], cal, { levels: [80], lowerBound: 0 });
    expect(Array.from(f.lo[80])).toEqual([0, 0]); // 2 − 4 and 25 − 40 clipped at 0
    expect(Array.from(f.hi[80])).toEqual([6, 65]);
  });
});

describe('conformal intervals reach nominal coverage on the seeded retail generator', () => {
  it('calibrated on the first 40 weekly windows, covers the last 40 at ≈ 80 % and ≈ 95 %', async () => {
    const train = retailTrain({ stores: 2, items: 5, days: 600, seed: 11 });
    // 80 non-overlapping 7-day windows; the first 40 calibrate, the last 40 (280 days × 10 series) evaluate
    const res = await runBacktest({ train, models: [snaive], h: 7, windows: 80, step: 7 });
    expect(res.rows).toHaveLength(800);
    const early = Array.from({ length: 40 }, (_, i) => i);
    const later = res.rows.filter((r) => r.window >= 40);
    for (const scaleBy of ['none', 'mae'] as const) {
      const cal = calibrateConformal(res.rows, { h: 7, scaleBy, windows: early });
      const scored = applyConformal(later, cal, { levels: [80, 95] }).map((r) => ({ actual: r.actual, forecast: r.mean, lo: r.lo, hi: r.hi }));
      const c80 = metricPooled(scored, 'coverage_80').value!;
      const c95 = metricPooled(scored, 'coverage_95').value!;
      expect(c80, `${scaleBy} 80 %`).toBeGreaterThanOrEqual(0.72);
      expect(c80, `${scaleBy} 80 %`).toBeLessThanOrEqual(0.88);
      expect(c95, `${scaleBy} 95 %`).toBeGreaterThanOrEqual(0.89);
      expect(c95, `${scaleBy} 95 %`).toBeLessThanOrEqual(0.99);
    }
  });
});
