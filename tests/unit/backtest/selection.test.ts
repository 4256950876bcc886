import { describe, expect, it } from 'vitest';
import { combineRows, inverseErrorWeights, leaderboard, selectModels, type BacktestResult, type BacktestRow } from '../../../src/lib/backtest';

// Actuals are 10 everywhere; a model's forecast is 10 + its error. scale.mae = 1 so MASE = MAE.
const row = (model: string, id: string, window: number, err: number): BacktestRow => ({
  model, id, window, cutoff: 10 * (window + 1), ds: Int32Array.of(10 * (window + 1) + 1, 10 * (window + 1) + 2), step: Int32Array.of(1, 2),
  actual: Float64Array.of(10, 10), mean: Float64Array.of(10 + err, 10 + err), lo: { 80: Float64Array.of(9 + err, 9 + err) }, hi: { 80: Float64Array.of(11 + err, 11 + err) },
  scale: { mae: 1, mse: 1, n: 10 },
});
/** errors[model][series] = [window 0, window 1, window 2 (final)] */
function result(errors: Record<string, Record<string, number[]>>): BacktestResult {
  const rows = Object.entries(errors).flatMap(([m, bySeries]) => Object.entries(bySeries).flatMap(([id, e]) => e.map((err, w) => row(m, id, w, err))));
  const models = Object.keys(errors).map((m, i) => ({ model: m, fit_seconds: i + 1, predict_seconds: 0, failed_series: 0, failures: (m === 'B' ? { s1: 'boom' } : {}) as Record<string, string> }));
  return { rows, cutoffs: [10, 20, 30], h: 2, levels: [80], season: 1, models, issues: [] };
}

// A is best before the final window, B is best on it; over ALL windows A would be the worst (so a selector
// that peeked at the final window would not pick A).
const abc = result({
  A: { s1: [1, 1, 12], s2: [1, 1, 12] },
  B: { s1: [5, 5, 0], s2: [5, 5, 0] },
  C: { s1: [2, 2, -1], s2: [2, 2, -1] },
});

describe('selection uses only the windows before the final one', () => {
  it('chooses A although B wins the final window, and scores auto on the final window', () => {
    const { selected, rows } = selectModels(abc, { metric: 'mae' });
    expect(selected.selection_windows).toEqual([0, 1]);
    expect(selected.holdout_window).toBe(2);
    expect(selected.choice).toBe('A');
    expect(selected.scores).toMatchObject({ A: 1, B: 5, C: 2 });
    expect(selected.holdout.B.mae).toBe(0);
    expect(selected.holdout.auto.mae).toBe(12); // honest: A's final-window error, not the best-in-hindsight 0
    expect(rows.filter((r) => r.model === 'auto').map((r) => r.window)).toEqual([2, 2]);
  });

  it('ensembles of the top 3 (A, C, B): mean, median and inverse-error weights', () => {
    const { selected, rows } = selectModels(abc, { metric: 'mae' });
    const inv = selected.ensembles.find((e) => e.method === 'inverse_error')!;
    expect(inv.members).toEqual(['A', 'C', 'B']);
    // weights ∝ 1/1, 1/2, 1/5 → / 1.7
    expect(inv.weights.A).toBeCloseTo(1 / 1.7, 12);
    expect(inv.weights.C).toBeCloseTo(0.5 / 1.7, 12);
    expect(inv.weights.B).toBeCloseTo(0.2 / 1.7, 12);
    expect(Object.values(inv.weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    const at = (name: string) => rows.find((r) => r.model === name && r.window === 0 && r.id === 's1')!;
    expect(at('ens_mean_top3').mean[0]).toBeCloseTo(10 + (1 + 2 + 5) / 3, 12);
    expect(at('ens_median_top3').mean[0]).toBe(12);
    expect(at('ens_inverse_error_top3').mean[0]).toBeCloseTo(10 + 3 / 1.7, 12);
    expect(at('ens_mean_top3').hi[80][0]).toBeCloseTo(11 + 8 / 3, 12);
    // on the selection windows A (1) still beats every ensemble (8/3, 2, 3/1.7)
    expect(selected.scores.ens_inverse_error_top3).toBeCloseTo(3 / 1.7, 12);
  });

  it('an ensemble is chosen when it is best before the final window', () => {
    // errors +3 and −3 cancel in the mean
    const r = result({ A: { s1: [3, 3, 0] }, B: { s1: [-3, -3, 0] } });
    expect(selectModels(r, { metric: 'mae' }).selected.choice).toBe('ens_mean_top2');
  });

  it('per-series mode picks the best candidate per series on the early windows', () => {
    const r = result({ A: { s1: [1, 1, 9], s2: [4, 4, 0] }, B: { s1: [5, 5, 0], s2: [2, 2, 7] } });
    const { selected, rows } = selectModels(r, { metric: 'mae', mode: 'per_series', ensembles: [] });
    expect(selected.choice).toBe('A'); // overall (1 + 4)/2 = 2.5 < (5 + 2)/2 = 3.5
    expect(selected.per_series).toEqual({ s1: 'A', s2: 'B' });
    expect(rows.filter((x) => x.model === 'auto').map((x) => x.mean[0])).toEqual([19, 17]);
    expect(selected.holdout.auto.mae).toBe(8); // (9 + 7) / 2
  });

  it('inverse-error weights handle zero and null errors', () => {
    expect(inverseErrorWeights({ a: 2, b: 2 })).toEqual({ a: 0.5, b: 0.5 });
    expect(inverseErrorWeights({ a: 0, b: 1, c: null })).toEqual({ a: 1, b: 0, c: 0 });
  });

  it('combineRows skips series/cutoffs where a member is missing', () => {
    expect(combineRows(abc.rows.filter((r) => !(r.model === 'B' && r.window === 0)), ['A', 'B'], { name: 'e', method: 'mean' })).toHaveLength(4);
  });
});

describe('leaderboard', () => {
  it('ranks by the metric, gives MASE relative to the benchmark and the serialisable shape', () => {
    const lb = leaderboard(abc, { metric: 'mase', benchmark: 'B' });
    const A = lb.models.find((m) => m.model === 'A')!;
    // over all windows MASE A = (1 + 1 + 12)/3, B = (5 + 5 + 0)/3 → relative 14/10
    expect(A.mase).toBeCloseTo(14 / 3, 12);
    expect(A.relative_mase).toBeCloseTo(1.4, 12);
    // interval 10 + e ± 1 holds the actual 10 only when |e| ≤ 1: windows 0 and 1 → 2/3
    expect(A).toMatchObject({ kind: 'model', wape: (100 * 14) / 30, coverage_80: 2 / 3, fit_seconds: 1, failed_series: 0, windows: 3 });
    // all-window MASE: median of (A, C, B) errors (2, 2, 0) → 4/3; C (2 + 2 + 1)/3 = 5/3;
    // mean (8/3 + 8/3 + 11/3)/3 = 3; B 10/3; inverse (3/1.7 + 3/1.7 + 11.5/1.7)/3 = 3.43; A 14/3
    expect(lb.models.map((m) => m.model)).toEqual(['ens_median_top3', 'C', 'ens_mean_top3', 'B', 'ens_inverse_error_top3', 'A', 'auto']);
    expect(lb.models[4].mase).toBeCloseTo(17.5 / 1.7 / 3, 12);
    expect(lb.models.map((m) => m.rank)).toEqual([1, 2, 3, 4, 5, 6, null]);
    const ens = lb.models.find((m) => m.model === 'ens_mean_top3')!;
    expect(ens).toMatchObject({ kind: 'ensemble', fit_seconds: 1 + 2 + 3, failed_series: 1 });
    expect(lb.models.at(-1)).toMatchObject({ model: 'auto', kind: 'auto', windows: 1, mase: 12, relative_mase: null });
    expect(lb.selected.choice).toBe('A');
    expect(JSON.parse(JSON.stringify(lb)).models).toHaveLength(7);
  });
});
