import { describe, expect, it } from 'vitest';
import { combineRows, inverseErrorWeights, type BacktestResult, type BacktestRow } from '../../../src/lib/backtest';
import { selectAndScore, summarizeBacktest } from '../../../src/lib/pipeline';

// Actuals are 10 everywhere; a model's forecast is 10 + its error. scale.mae = 1 so MASE = MAE.
const row = (model: string, id: string, window: number, err: number): BacktestRow => ({
  model, id, window, cutoff: 10 * (window + 1), ds: Int32Array.of(10 * (window + 1) + 1, 10 * (window + 1) + 2), step: Int32Array.of(1, 2),
  actual: Float64Array.of(10, 10), mean: Float64Array.of(10 + err, 10 + err), lo: { 80: Float64Array.of(9 + err, 9 + err) }, hi: { 80: Float64Array.of(11 + err, 11 + err) },
  scale: { mae: 1, mse: 1, n: 10 },
});
/** errors[model][series] = [window 0, window 1, window 2 (final)] */
function result(errors: Record<string, Record<string, number[]>>, failures: Record<string, Record<string, string>> = {}): BacktestResult {
  const rows = Object.entries(errors).flatMap(([m, bySeries]) => Object.entries(bySeries).flatMap(([id, e]) => e.map((err, w) => row(m, id, w, err))));
  const models = Object.keys(errors).map((m, i) => ({ model: m, fit_seconds: i + 1, predict_seconds: 0, failed_series: 0, failures: failures[m] ?? {} }));
  return { rows, cutoffs: [10, 20, 30], h: 2, levels: [80], season: 1, models, issues: [] };
}

// A is best before the final window, B is best on it; over ALL windows A would be the worst (so a selector
// that peeked at the final window would not pick A).
const abc = result({
  A: { s1: [1, 1, 12], s2: [1, 1, 12] },
  B: { s1: [5, 5, 0], s2: [5, 5, 0] },
  C: { s1: [2, 2, -1], s2: [2, 2, -1] },
});

const choose = (r: BacktestResult, metric = 'mae') => selectAndScore(r, { selectionWindows: [0, 1], evalWindows: [2], metric });

describe('selection uses only the selection windows', () => {
  it('chooses A although B wins the final window, and scores auto on the final window', () => {
    const score = choose(abc);
    expect(score.selected).toBe('A');
    expect(score.selectionScores).toMatchObject({ A: 1, B: 5, C: 2 });
    const by = Object.fromEntries(score.models.map((m) => [m.model, m]));
    expect(by.B.mae).toBe(0);
    expect(by.auto.mae).toBe(12); // honest: A's final-window error, not the best-in-hindsight 0
    expect(score.rows.filter((r) => r.model === 'auto').map((r) => r.window)).toEqual([2, 2]);
  });

  it('ensembles of the top 3 (A, C, B): mean, median and inverse-error weights', () => {
    const score = choose(abc);
    const inv = score.ensembles.find((e) => e.name.startsWith('ens_inverse_error'))!;
    expect(inv.members).toEqual(['A', 'C', 'B']);
    // weights ∝ 1/1, 1/2, 1/5 → / 1.7
    expect(inv.weights.A).toBeCloseTo(1 / 1.7, 12);
    expect(inv.weights.C).toBeCloseTo(0.5 / 1.7, 12);
    expect(inv.weights.B).toBeCloseTo(0.2 / 1.7, 12);
    expect(Object.values(inv.weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    // final window, series s1: errors A 12, C −1, B 0
    const at = (name: string) => score.rows.find((r) => r.model === name && r.window === 2 && r.id === 's1')!;
    expect(at('ens_mean_top3').mean[0]).toBeCloseTo(10 + 11 / 3, 12);
    expect(at('ens_median_top3').mean[0]).toBe(10);
    expect(at('ens_inverse_error_top3').mean[0]).toBeCloseTo(10 + 11.5 / 1.7, 12);
    expect(at('ens_mean_top3').hi[80][0]).toBeCloseTo(11 + 11 / 3, 12);
    // on the selection windows A (1) still beats every ensemble (8/3, 2, 3/1.7)
    expect(score.selectionScores.ens_inverse_error_top3).toBeCloseTo(3 / 1.7, 12);
  });

  it('an ensemble is chosen when it is best on the selection windows', () => {
    // errors +3 and −3 cancel in the mean
    const r = result({ A: { s1: [3, 3, 0] }, B: { s1: [-3, -3, 0] } });
    expect(choose(r).selected).toBe('ens_mean_top2');
  });

  it('a model that fell back on more than a fifth of the series is neither chosen nor ensembled', () => {
    // B would win and would make the best ensemble, but it fell back on s1 (one series of two)
    const r = result({ A: { s1: [3, 3, 0], s2: [3, 3, 0] }, B: { s1: [-3, -3, 0], s2: [0, 0, 0] } }, { B: { s1: 'boom' } });
    const score = choose(r);
    expect(score.selected).toBe('A');
    expect(score.ensembles).toHaveLength(0);
    expect(score.selectionScores).not.toHaveProperty('B');
    expect(score.ruledOut.B).toBe('fell back on 1 of 2 series');
  });

  it('a model that lost to seasonal naive on the selection windows is neither chosen nor ensembled', () => {
    const r = result({ snaive: { s1: [2, 2, 2] }, A: { s1: [1, 1, 9] }, B: { s1: [3, 3, 0] } });
    const score = choose(r);
    expect(score.selected).toBe('A');
    expect(score.ensembles.every((e) => !e.members.includes('B'))).toBe(true);
    expect(score.selectionScores).not.toHaveProperty('B');
    expect(score.ruledOut.B).toMatch(/^lost to seasonal naive on the selection windows/);
    expect(Object.keys(score.ruledOut)).toEqual(['B']);
  });

  it('refuses overlapping selection and evaluation windows unless allowed', () => {
    expect(() => selectAndScore(abc, { selectionWindows: [1, 2], evalWindows: [2] })).toThrow(/overlap/);
  });

  it('inverse-error weights handle zero and null errors', () => {
    expect(inverseErrorWeights({ a: 2, b: 2 })).toEqual({ a: 0.5, b: 0.5 });
    expect(inverseErrorWeights({ a: 0, b: 1, c: null })).toEqual({ a: 1, b: 0, c: 0 });
  });

  it('combineRows skips series/cutoffs where a member is missing', () => {
    expect(combineRows(abc.rows.filter((r) => !(r.model === 'B' && r.window === 0)), ['A', 'B'], { name: 'e', method: 'mean' })).toHaveLength(4);
  });
});

describe('the Backtest step\'s leaderboard (summarizeBacktest)', () => {
  /** Pooled WAPE Σ|e| / Σ|y| of a model's rows on the final window, computed here from the rows. */
  function pooledWape(r: BacktestResult, model: string): number {
    let e = 0, y = 0;
    for (const row of r.rows.filter((x) => x.model === model && x.window === 2))
      for (let i = 0; i < row.actual.length; i++) (e += Math.abs(row.mean[i] - row.actual[i])), (y += Math.abs(row.actual[i]));
    return e / y;
  }

  it('ranks on the evaluation window, gives MASE relative to the benchmark and WAPE as a fraction', () => {
    const s = summarizeBacktest(abc, choose(abc, 'mase'), { metric: 'mase', benchmark: 'C', chartModel: 'B' });
    expect(s.leaderboard.map((m) => m.model)).toEqual(['B', 'C', 'A', 'auto']);
    expect(s.leaderboard.map((m) => m.rank)).toEqual([1, 2, 3, null]);
    const A = s.leaderboard.find((m) => m.model === 'A')!;
    // final window: MASE = MAE (scale 1): A 12, C 1 → relative 12
    expect(A.mase).toBeCloseTo(12, 12);
    expect(A.relative_mase).toBeCloseTo(12, 12);
    for (const m of ['A', 'B', 'C']) expect(s.leaderboard.find((x) => x.model === m)!.wape).toBeCloseTo(pooledWape(abc, m), 12);
    expect(A.wape).toBeCloseTo(1.2, 12); // 4 points × 12 / 4 points × 10: a fraction, not 120
    // interval 10 + e ± 1 holds the actual only when |e| ≤ 1: C yes, A no
    expect(A).toMatchObject({ kind: 'model', coverage_80: 0, fit_seconds: 1, failed_series: 0 });
    expect(s.leaderboard.find((m) => m.model === 'C')!.coverage_80).toBe(1);
    expect(s.leaderboard.at(-1)).toMatchObject({ model: 'auto', kind: 'auto', mase: 12, relative_mase: 12 });
    expect(s.selected).toBe('A');
    expect(s.best).toBe('B');
    expect(s.evalWindows).toEqual([2]);
    // charts: B's points over all three windows, two series summed per day
    expect(Array.from(s.total.actual)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(Array.from(s.total.predicted)).toEqual([30, 30, 30, 30, 20, 20]);
    expect(s.bySeries.map((x) => x.wape)).toEqual([10 / 30, 10 / 30]);
    expect(JSON.parse(JSON.stringify(s.leaderboard))).toHaveLength(4);
  });
});
