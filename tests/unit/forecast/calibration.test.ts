import { describe, expect, it } from 'vitest';
import { calibrateQuantiles, residualQuantile, type BacktestRow } from '../../../src/lib/backtest';
import { createRng } from '../../../src/lib/data/random';
import { bandCoverage, DEFAULT_QUANTILES, parseQuantiles, quantileLevels, quantilesFromResiduals, repairCrossing } from '../../../src/lib/forecast';

const H = 7;
/**
 * Backtest rows of 40 series × `windows` windows: actual = mean + scale · e, e skewed (exp(N(0, 0.5)) − 1,
 * so the upper tail is long) and independent of the series size; scale = the row's seasonal-naive MAE.
 */
function rows(windows: number, seed: number, closedEvery = 0): BacktestRow[] {
  const rng = createRng(seed);
  const out: BacktestRow[] = [];
  for (let w = 0; w < windows; w++)
    for (let s = 0; s < 40; s++) {
      const scale = 5 + 10 * s;
      const mean = Float64Array.from({ length: H }, () => 20 * scale);
      const ds = Int32Array.from({ length: H }, (_, j) => 1000 + w * H + j + 1);
      const actual = Float64Array.from(mean, (m, j) => (closedEvery && (ds[j] % closedEvery === 0) ? 0 : m + scale * (Math.exp(0.5 * rng.normal()) - 1)));
      out.push({ model: 'm', id: `s${s}`, cutoff: 1000 + w * H, window: w, ds, step: Int32Array.from({ length: H }, (_, j) => j + 1), actual, mean, lo: {}, hi: {}, scale: { mae: scale, mse: scale * scale, n: 100 } });
    }
  return out;
}

describe('quantile calibration from rolling-origin residuals', () => {
  it('the 80 % band calibrated on earlier windows covers 80 % ± 3 of later ones, and is asymmetric for a skewed error', () => {
    const all = rows(8, 1);
    const cal = calibrateQuantiles(all, { h: H, windows: [0, 1, 2, 3] });
    expect(cal.byStep[0].length).toBe(160);
    const cov = bandCoverage(all, cal, { lower: 0.1, upper: 0.9, windows: [4, 5, 6, 7] });
    expect(cov.n).toBe(4 * 40 * H);
    expect(cov.share).toBeGreaterThan(0.77);
    expect(cov.share).toBeLessThan(0.83);
    // exp(0.5 z) − 1 at z = ±1.2816: +0.898 above, −0.473 below, in units of the scale; the residual unit
    // is √(scale · mean) = √20 · scale here (mean = 20 · scale).
    const q = (p: number) => residualQuantile(cal, 1, p) * Math.sqrt(20);
    expect(q(0.9)).toBeGreaterThan(0.7);
    expect(q(0.9)).toBeLessThan(1.1);
    expect(q(0.1)).toBeLessThan(-0.38);
    expect(q(0.1)).toBeGreaterThan(-0.56);
  });

  it('uses the conformal rank: ⌈(n + 1)p⌉-th smallest above the median, ⌊(n + 1)p⌋-th below', () => {
    const cal = { h: 1, byStep: [Float64Array.from({ length: 9 }, (_, i) => i + 1)], pooled: new Float64Array(0) };
    expect(residualQuantile(cal, 1, 0.9)).toBe(9); // ⌈10 · 0.9⌉ = 9
    expect(residualQuantile(cal, 1, 0.8)).toBe(8);
    expect(residualQuantile(cal, 1, 0.1)).toBe(1); // ⌊10 · 0.1⌋ = 1
    expect(residualQuantile(cal, 1, 0.25)).toBe(2); // ⌊2.5⌋
    expect(residualQuantile(cal, 1, 0.98)).toBe(9); // beyond n: the largest
  });

  it('known zeros (closed days) are left out of the residuals and are not scored as covered', () => {
    const all = rows(6, 2, 3);
    const knownZero = (_id: string, ds: number) => ds % 3 === 0;
    const cal = calibrateQuantiles(all, { h: H, windows: [0, 1, 2], knownZero });
    const naive = calibrateQuantiles(all, { h: H, windows: [0, 1, 2] });
    expect(residualQuantile(cal, 1, 0.1)).toBeGreaterThan(residualQuantile(naive, 1, 0.1)); // zeros would stretch the lower tail
    const scored = bandCoverage(all, cal, { lower: 0.1, upper: 0.9, windows: [3, 4, 5], knownZero });
    const open = all.filter((r) => r.window >= 3).reduce((n, r) => n + Array.from(r.ds).filter((d) => d % 3 !== 0).length, 0);
    expect(scored.n).toBe(open);
    expect(scored.share).toBeGreaterThan(0.74);
    expect(scored.share).toBeLessThan(0.86);
    const f = quantilesFromResiduals({ id: 's1', ds: Int32Array.from([3, 4]), mean: Float64Array.from([50, 50]), scale: { mae: 5, n: 10 } }, cal, 7, { levels: quantileLevels([0.1, 0.9]), knownZero, floor: 0 });
    expect([f.mean[0], f.q[0][0], f.q[1][0]]).toEqual([0, 0, 0]);
    expect(f.q[1][1]).toBeGreaterThan(50);
  });

  it('any level: 0.05 … 0.95 and 0.98 come out ordered; the mean is clipped at the floor', () => {
    const cal = calibrateQuantiles(rows(3, 3), { h: H });
    const levels = quantileLevels([...DEFAULT_QUANTILES, 0.98]);
    expect(levels.length).toBe(20);
    const f = quantilesFromResiduals({ id: 's0', ds: Int32Array.from({ length: H }, (_, j) => j), mean: new Float64Array(H).fill(0.2), scale: { mae: 5, n: 10 } }, cal, 7, { levels, floor: 0 });
    for (let j = 0; j < H; j++) for (let k = 1; k < levels.length; k++) expect(f.q[k][j]).toBeGreaterThanOrEqual(f.q[k - 1][j]);
    expect(Math.min(...f.q.map((q) => q[0]))).toBe(0);
    expect(f.q[19][0]).toBeGreaterThan(f.q[18][0]);
  });

  it('repairs crossing by sorting, parses levels as given and refuses ones outside (0, 1)', () => {
    const q = [Float64Array.from([3]), Float64Array.from([1]), Float64Array.from([2])];
    repairCrossing(q, 0);
    expect(q.map((a) => a[0])).toEqual([1, 2, 3]);
    expect(parseQuantiles('0.9, 0.10')).toEqual({ levels: [{ p: 0.1, label: '0.10' }, { p: 0.9, label: '0.9' }] });
    expect(parseQuantiles('0.5,1')).toEqual({ error: expect.stringContaining('outside (0, 1)') });
    expect(parseQuantiles('-0.1')).toEqual({ error: expect.stringContaining('outside (0, 1)') });
    expect(parseQuantiles('abc')).toEqual({ error: expect.stringContaining('not a number') });
    expect(parseQuantiles('0.5,0.50')).toEqual({ error: expect.stringContaining('twice') });
  });
});
