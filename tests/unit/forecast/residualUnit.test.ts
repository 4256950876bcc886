import { describe, expect, it } from 'vitest';
import { calibrateQuantiles, residualQuantile, residualUnit, type BacktestRow } from '../../../src/lib/backtest';
import { createRng } from '../../../src/lib/data/random';
import { bandCoverage } from '../../../src/lib/forecast';

const H = 13;

/**
 * Weekly-like rows of `series` series × `windows` windows whose error grows with the level forecast at
 * each point: mean = base · (1 + 3 · peak) with peak weeks in every window, actual = mean + √(mae · mean) · z,
 * z ~ N(0, 1). mae (the series' seasonal-naive MAE) = base / 4, so a peak week's error is twice a quiet one's.
 */
function rows(series: number, windows: number, seed: number): BacktestRow[] {
  const rng = createRng(seed);
  const out: BacktestRow[] = [];
  for (let w = 0; w < windows; w++)
    for (let s = 0; s < series; s++) {
      const base = 100 * (1 + s);
      const mae = base / 4;
      const mean = Float64Array.from({ length: H }, (_, j) => base * (1 + 3 * Number((j + s) % 4 === 0)));
      const actual = Float64Array.from(mean, (m) => m + Math.sqrt(mae * m) * rng.normal());
      const ds = Int32Array.from({ length: H }, (_, j) => 7 * (w * H + j + 1));
      out.push({ model: 'm', id: `s${s}`, cutoff: 7 * w * H, window: w, ds, step: Int32Array.from({ length: H }, (_, j) => j + 1), actual, mean, lo: {}, hi: {}, scale: { mae, mse: mae * mae, n: 100 } });
    }
  return out;
}

describe('residual unit: the series scale and the forecast level', () => {
  it('is √(s · max(|mean|, s)) with s the seasonal-naive MAE, and 1 without a usable scale', () => {
    expect(residualUnit({ mae: 4, n: 10 }, 100)).toBeCloseTo(20, 12);
    expect(residualUnit({ mae: 4, n: 10 }, -100)).toBeCloseTo(20, 12);
    expect(residualUnit({ mae: 4, n: 10 }, 1)).toBe(4); // below the level s: s itself
    expect(residualUnit({ mae: 0, n: 10 }, 100)).toBe(1);
    expect(residualUnit({ mae: 4, n: 0 }, 100)).toBe(1);
    expect(residualUnit(undefined, 100)).toBe(1);
  });

  it('peak weeks and quiet weeks both get an 80 % band that covers 80 % ± 4 of later windows', () => {
    const all = rows(40, 8, 11);
    const cal = calibrateQuantiles(all, { h: H, windows: [0, 1, 2, 3] });
    const later = all.filter((r) => r.window >= 4);
    const split = (peak: boolean) => later.map((r) => {
      const keep = Array.from(r.mean, (m, j) => (m > 2 * (r.scale.mae * 4)) === peak ? j : -1).filter((j) => j >= 0);
      const pick = <T extends Float64Array | Int32Array>(a: T) => a.filter((_, j) => keep.includes(j)) as T;
      return { ...r, ds: pick(r.ds), step: pick(r.step), actual: pick(r.actual), mean: pick(r.mean) };
    });
    const peak = bandCoverage(split(true), cal, { lower: 0.1, upper: 0.9 });
    const quiet = bandCoverage(split(false), cal, { lower: 0.1, upper: 0.9 });
    expect(peak.n + quiet.n).toBe(4 * 40 * H);
    expect(peak.n).toBeGreaterThan(500);
    for (const c of [peak, quiet]) {
      expect(c.share).toBeGreaterThan(0.76);
      expect(c.share).toBeLessThan(0.84);
    }
  });

  it('a step with few residuals keeps its own conformal rank; only an unreachable level uses all steps', () => {
    const all = rows(12, 2, 12); // 24 residuals per step, fewer than minPerStep (30)
    const cal = calibrateQuantiles(all, { h: H });
    expect(cal.byStep[H - 1].length).toBe(24);
    const own = Array.from(all, (r) => (r.actual[H - 1] - r.mean[H - 1]) / residualUnit(r.scale, r.mean[H - 1])).sort((a, b) => a - b);
    expect(residualQuantile(cal, H, 0.9)).toBe(own[Math.ceil(25 * 0.9) - 1]); // the 23rd of 24
    expect(residualQuantile(cal, H, 0.1)).toBe(own[Math.floor(25 * 0.1) - 1]); // the 2nd
    // p = 0.98 needs rank ⌈25 · 0.98⌉ = 25 > 24: the pooled set's rank instead.
    const n = cal.pooled.length;
    expect(n).toBe(24 * H);
    expect(residualQuantile(cal, H, 0.98)).toBe(cal.pooled[Math.ceil((n + 1) * 0.98) - 1]);
  });
});
