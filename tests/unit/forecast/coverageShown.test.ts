/**
 * The Forecast step's coverage line ("the 80 % band calibrated on the earlier windows covered X % of the
 * last window's outcomes"): `forecastSales`' `coverage` (what `forecastStep` shows as `coverage80`, and the
 * CLI prints) recomputed here from its backtest rows by a separate, plain implementation of the conformal
 * rule — residuals (actual − mean) in the point's unit √(s · max(|mean|, s)), s the series' seasonal-naive
 * MAE, from the earlier windows, per horizon step (all steps pooled only where a step has under 30 and too
 * few for the rank: n < 9 for the 80 % band), the ⌊(n + 1)·0.1⌋-th and ⌈(n + 1)·0.9⌉-th smallest as the
 * band's edges, floored at 0 — and on hand-made rows whose answer is counted by hand.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestRow } from '../../../src/lib/backtest';
import { calibratedCoverage, forecastSales, quantileLevels, type ForecastSalesResult } from '../../../src/lib/forecast';
import { getModel } from '../../../src/lib/models';
import { flagCovariates, loadCsv, mapSales, tableColumns, type SqlEngine } from '../../../src/lib/pipeline';
import { createBaselinePlan } from '../../../src/lib/forecast';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';

/** The 80 % band's coverage of `rows`' last window, calibrated on the earlier ones — written apart from the library. */
function coverageByHand(rows: BacktestRow[], h: number): { share: number; n: number } {
  const windows = [...new Set(rows.map((r) => r.window))].sort((a, b) => a - b);
  const last = windows[windows.length - 1];
  const unit = (r: BacktestRow, i: number) => {
    if (!(r.scale && r.scale.n > 0 && r.scale.mae > 0)) return 1;
    return Math.sqrt(r.scale.mae * Math.max(Math.abs(r.mean[i]), r.scale.mae));
  };
  const byStep: number[][] = Array.from({ length: h }, () => []);
  for (const r of rows)
    if (r.window !== last)
      for (let i = 0; i < r.actual.length; i++) {
        const e = (r.actual[i] - r.mean[i]) / unit(r, i);
        if (Number.isFinite(e) && r.step[i] >= 1 && r.step[i] <= h) byStep[r.step[i] - 1].push(e);
      }
  const pooled = byStep.flat().sort((a, b) => a - b);
  const edge = (step: number, p: number) => {
    const own = byStep[step - 1];
    // A step keeps its own residuals when both ranks fall inside them (n ≥ 9 for 0.1 and 0.9), else all steps pooled.
    const res = own.length >= 9 ? [...own].sort((a, b) => a - b) : pooled;
    const n = res.length;
    const k = p < 0.5 ? Math.floor((n + 1) * p) : Math.ceil((n + 1) * p);
    return res[Math.min(n, Math.max(1, k)) - 1];
  };
  let n = 0;
  let hit = 0;
  for (const r of rows)
    if (r.window === last)
      for (let i = 0; i < r.actual.length; i++) {
        if (!Number.isFinite(r.actual[i]) || !Number.isFinite(r.mean[i])) continue;
        const lo = Math.max(0, r.mean[i] + edge(r.step[i], 0.1) * unit(r, i));
        const hi = Math.max(0, r.mean[i] + edge(r.step[i], 0.9) * unit(r, i));
        n++;
        if (r.actual[i] >= Math.min(lo, hi) && r.actual[i] <= Math.max(lo, hi)) hit++;
      }
  return { share: hit / n, n };
}

describe('the coverage of the calibrated 80 % band', () => {
  it('hand-made rows: 40 residuals −20 … 19 give the band [−17, +16]; 3 of 5 outcomes inside', () => {
    const row = (window: number, mean: number[], actual: number[]): BacktestRow =>
      ({ model: 'm', id: 'a', window, cutoff: window, ds: Int32Array.from(mean, (_, i) => i), step: Int32Array.from(mean, () => 1), mean: Float64Array.from(mean), actual: Float64Array.from(actual), scale: { mae: 1, n: 10 } }) as unknown as BacktestRow;
    // Calibration: 40 errors −20 … 19 at step 1 (40 ≥ 30, so step 1's own), in the unit √(1 · 100) = 10:
    // ⌊41 · 0.1⌋ = 4 → −1.7, ⌈41 · 0.9⌉ = 37 → 1.6, so the band is 100 − 17 … 100 + 16.
    const cal = row(0, Array(40).fill(100), Array.from({ length: 40 }, (_, i) => 100 + i - 20));
    // Last window: outcomes at 100 − 18 (out), − 17 (in, on the edge), 0 (in), + 16 (in, edge), + 17 (out).
    const last = row(1, Array(5).fill(100), [82, 83, 100, 116, 117]);
    const got = calibratedCoverage([cal, last], 1, { calibrationWindows: [0], evalWindows: [1], floor: 0 });
    expect(got).toEqual({ share: 3 / 5, n: 5 });
    expect(coverageByHand([cal, last], 1)).toEqual({ share: 3 / 5, n: 5 });
  });

  describe('forecastSales on small_retail (what the Forecast step and the CLI show)', () => {
    let engine: SqlEngine;
    let res: ForecastSalesResult;
    const H = 14;
    beforeAll(async () => {
      engine = await openNodeEngine();
      await loadCsv(engine, { path: resolve(__dirname, '../../fixtures/small_retail.csv') });
      const covariates = flagCovariates(await tableColumns(engine, 'raw'), { knownFuture: ['price', 'promo', 'is_holiday'] });
      await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
      const plan = await createBaselinePlan(engine, { freq: 'D', h: H, covariates });
      res = await forecastSales(engine, { freq: 'D', h: H, model: 'theta', candidates: ['theta'], levels: quantileLevels([0.1, 0.5, 0.9]), windows: 4, covariates, baselinePlan: plan.table, fallback: getModel('snaive') });
    }, 120_000);
    afterAll(async () => engine?.close?.());

    it('its coverage equals the recount from its own backtest rows', () => {
      expect(res.coverage).toBeDefined();
      const rows = res.backtest!.rows.filter((r) => r.model === 'theta');
      expect(new Set(rows.map((r) => r.window)).size).toBe(4);
      const hand = coverageByHand(rows, H);
      expect(res.coverage!.n).toBe(hand.n);
      expect(res.coverage!.n).toBe(rows.filter((r) => r.window === Math.max(...rows.map((x) => x.window))).reduce((s, r) => s + r.actual.length, 0));
      expect(res.coverage!.share).toBeCloseTo(hand.share, 12);
      // The line the page prints: one decimal of the percentage.
      expect((100 * res.coverage!.share).toFixed(1)).toBe((100 * hand.share).toFixed(1));
      expect(hand.share).toBeGreaterThan(0.3);
    });
  });
});
