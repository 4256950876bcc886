import { describe, expect, it } from 'vitest';
import type { BacktestRow } from '../../../src/lib/backtest';
import { createRng } from '../../../src/lib/data/random';
import { calibratedLookup, calibrationsByCutoff, demandLevels, knownBy, leadTimeDemand, residualCorrelation, residualDispersion } from '../../../src/lib/inventory';

/** A backtest row of one origin: mean `m` every step, the given actuals, seasonal-naive MAE `mae`. */
function row(id: string, cutoff: number, actual: number[], m: number, mae = 1): BacktestRow {
  const n = actual.length;
  return {
    model: 'x', id, cutoff, window: 0, ds: Int32Array.from({ length: n }, (_, i) => cutoff + 1 + i), step: Int32Array.from({ length: n }, (_, i) => i + 1),
    actual: Float64Array.from(actual), mean: new Float64Array(n).fill(m), lo: {}, hi: {}, scale: { mae, mse: mae * mae, n: 100 },
  };
}

describe('the forecast distribution a policy is sized on (calibrated quantiles of the forecast contract)', () => {
  it('levels carry the service targets asked for, beside 0.01 … 0.995', () => {
    const ps = demandLevels([0.97, 0.95]).map((l) => l.p);
    expect(ps).toContain(0.97);
    expect(ps).toContain(0.98);
    expect(ps[0]).toBe(0.01);
    expect(ps.at(-1)).toBe(0.995);
    expect(new Set(ps).size).toBe(ps.length);
  });

  it('knownBy keeps only the points observed by the day', () => {
    const r = row('a', 100, [1, 2, 3, 4], 0);
    const k = knownBy([r, row('b', 103, [5, 6], 0)], 102);
    expect(k).toHaveLength(1);
    expect([...k[0].actual]).toEqual([1, 2]);
    expect([...k[0].step]).toEqual([1, 2]);
  });

  it('residual correlation recovers a known equicorrelation', () => {
    const rng = createRng(3);
    for (const rho of [0, 0.4, 0.8]) {
      const rows = Array.from({ length: 4000 }, (_, i) => {
        const c = rng.normal();
        return row(`s${i % 50}`, 1000 + i, Array.from({ length: 3 }, () => 10 + Math.sqrt(rho) * c + Math.sqrt(1 - rho) * rng.normal()), 10);
      });
      expect(residualCorrelation(rows, 3)).toBeCloseTo(rho, 1);
    }
  });

  it('each origin is calibrated on the residuals known by then, and a 0.98 target reads the 0.98 conformal quantile', () => {
    const rng = createRng(9);
    // 40 series; origins every 5 days with h = 5; residuals N(0, 1) at the first origins, N(0, 10²) later
    const rows: BacktestRow[] = [];
    for (let w = 0; w < 6; w++)
      for (let s = 0; s < 40; s++) rows.push(row(`s${s}`, 100 + 5 * w, Array.from({ length: 5 }, () => 50 + (w < 3 ? 1 : 10) * rng.normal()), 50));
    const cals = calibrationsByCutoff(rows, { h: 5, span: 3 });
    // origin 0 has nothing earlier: it borrows the others'
    expect(cals.get(100)!.basis).toBe('others');
    // origin 3 (day 115) sees only the three quiet origins: its 0.98 residual quantile is that of N(0, 1) residuals
    const c3 = cals.get(115)!;
    expect(c3.basis).toBe('earlier');
    const known = rows.filter((r) => r.cutoff < 115).flatMap((r) => [...r.actual].map((a) => a - 50)).sort((a, b) => a - b);
    expect(c3.calibration.pooled.length).toBe(known.length);
    expect(Math.max(...c3.calibration.pooled)).toBeLessThan(6);
    const levels = demandLevels([0.98]);
    const own = rows.filter((r) => r.id === 's0');
    const look = calibratedLookup({ rows: own, days: [116, 117], calibrations: cals, levels, season: 7 });
    const f = look.forecastAt(0);
    expect(f).toHaveLength(5);
    // step 1's residuals at origin 115 (the 120 earlier ones of step 1), conformal index ⌈(n + 1) · 0.98⌉
    const step1 = rows.filter((r) => r.cutoff < 115).map((r) => r.actual[0] - 50).sort((a, b) => a - b);
    const k = Math.min(step1.length, Math.ceil((step1.length + 1) * 0.98));
    expect(f[0].quantiles[0.98]).toBeCloseTo(50 + step1[k - 1], 9);
    expect(f[0].mean).toBe(50);
    // the next day starts one step later in the same origin's forecast
    expect(look.forecastAt(1)).toHaveLength(4);
    // a later origin that saw the noisy residuals has a much wider band
    const c5 = cals.get(125)!;
    expect(c5.calibration.pooled.at(-1)! - c5.calibration.pooled[0]).toBeGreaterThan(3 * (c3.calibration.pooled.at(-1)! - c3.calibration.pooled[0]));
  });

  it('an intermittent series keeps a count distribution: whole units, never negative, dispersion from its residuals', () => {
    const rng = createRng(4);
    const rows = Array.from({ length: 30 }, (_, w) => row('i', 10 * w, Array.from({ length: 6 }, () => (rng.next() < 0.2 ? 1 + Math.floor(rng.next() * 6) : 0)), 0.7));
    const disp = residualDispersion(rows);
    expect(disp).toBeGreaterThan(1.5);
    const cals = calibrationsByCutoff(rows, { h: 6, span: 3 });
    const look = calibratedLookup({ rows, days: [295], calibrations: cals, levels: demandLevels([0.95]), season: 7, intermittent: true, dispersion: disp });
    const f = look.forecastAt(0);
    expect(f.every((p) => Object.keys(p.quantiles).length === 0 && p.dispersion === disp)).toBe(true);
    const d = leadTimeDemand({ periods: f, leadTime: 2, review: 1, samples: 2000, seed: 1 });
    expect(d.source).toBe('count');
    expect(d.protection.every((v) => v >= 0 && Number.isInteger(v))).toBe(true);
    // mean over L + R = 3 × 0.7, variance ≈ dispersion × mean (negative binomial)
    const m = d.meanProtection;
    const v = d.protection.reduce((a, x) => a + (x - m) ** 2, 0) / d.protection.length;
    expect(m).toBeCloseTo(2.1, 0);
    expect(v / m).toBeGreaterThan(0.7 * disp);
    expect(v / m).toBeLessThan(1.3 * disp);
  });
});
