import { describe, expect, it } from 'vitest';
import type { BacktestResult, BacktestRow } from '../../../src/lib/backtest';
import { selectAndScore, summarizeBacktest } from '../../../src/lib/pipeline';
import { backtestResultsTable, bySeriesTable, leaderboardTable, perSeriesTable, toCsv } from '../../../src/lib/export';

// Actuals are 10 everywhere; a model's forecast is 10 + its error on every day of a window.
const row = (model: string, id: string, window: number, err: number): BacktestRow => ({
  model, id, window, cutoff: 10 * (window + 1), ds: Int32Array.of(10 * (window + 1) + 1, 10 * (window + 1) + 2), step: Int32Array.of(1, 2),
  actual: Float64Array.of(10, 10), mean: Float64Array.of(10 + err, 10 + err), lo: { 80: Float64Array.of(9 + err, 9 + err) }, hi: { 80: Float64Array.of(11 + err, 11 + err) },
  scale: { mae: 1, mse: 1, n: 10 },
});
function result(errors: Record<string, Record<string, number[]>>): BacktestResult {
  const rows = Object.entries(errors).flatMap(([m, by]) => Object.entries(by).flatMap(([id, e]) => e.map((err, w) => row(m, id, w, err))));
  const models = Object.keys(errors).map((m, i) => ({ model: m, fit_seconds: i + 1, predict_seconds: 0, failed_series: 0, failures: {} }));
  return { rows, cutoffs: [10, 20, 30], h: 2, levels: [80], season: 1, models, issues: [] };
}
const choose = (r: BacktestResult) => selectAndScore(r, { selectionWindows: [0, 1], evalWindows: [2], metric: 'wape' });

describe('what the Backtest step charts and exports', () => {
  // A and B err in opposite directions before the last window: their mean ensemble is perfect there, so
  // auto picks ens_mean_top2, which errs by (4 + 0) / 2 = 2 on the last window.
  const ab = result({ A: { s1: [2, 2, 4], s2: [2, 2, 6] }, B: { s1: [-2, -2, 0], s2: [-2, -2, 0] } });
  const s = summarizeBacktest(ab, choose(ab));

  it('charts the model auto stands for, an ensemble included, over every window', () => {
    expect(s.selected).toBe('ens_mean_top2');
    expect(s.best).toBe('B');
    expect(s.charted).toBe('ens_mean_top2');
    expect(Array.from(s.total.actual)).toEqual([20, 20, 20, 20, 20, 20]);
    // windows 0 and 1: (2 − 2) / 2 = 0 per series; window 2: s1 (4 + 0) / 2 = 2, s2 (6 + 0) / 2 = 3 → 10 + 2 + 10 + 3
    expect(Array.from(s.total.predicted)).toEqual([20, 20, 20, 20, 25, 25]);
    // per series over all windows: s2 |e| = 0,0,0,0,3,3 over Σy = 60
    expect(s.bySeries[0]).toEqual({ id: 's2', wape: 6 / 60, mae: 1 });
    expect(bySeriesTable(s).rows[0]).toEqual(['s2', 'ens_mean_top2', 0.1, 1]);
  });

  it('scores every leaderboard model per series on the scored window, WAPE as a fraction', () => {
    const get = (model: string, id: string) => s.perSeries.find((p) => p.model === model && p.id === id)!;
    expect(get('A', 's2').wape).toBeCloseTo(6 / 10, 12);
    expect(get('A', 's2').mae).toBeCloseTo(6, 12);
    expect(get('B', 's1').wape).toBe(0);
    expect(get('auto', 's1').wape).toBeCloseTo(2 / 10, 12);
    expect(get('A', 's1').coverage_80).toBe(0);
    expect(get('B', 's1').coverage_80).toBe(1);
    expect(s.perSeries).toHaveLength(3 * 2); // A, B, auto × 2 series (ensembles not on the leaderboard)
  });

  it('builds the leaderboard and per-series tables with the CLI\'s field names and units', () => {
    const lb = leaderboardTable(s);
    expect(lb.columns.slice(0, 6)).toEqual(['rank', 'model', 'stands_for', 'wape', 'mase', 'relative_mase']);
    const auto = lb.rows.find((r) => r[1] === 'auto')!;
    expect(auto[2]).toBe('ens_mean_top2');
    // pooled auto WAPE on the last window: (2 + 2 + 3 + 3) / 40
    expect(auto[3]).toBeCloseTo(10 / 40, 12);
    const a = lb.rows.find((r) => r[1] === 'A')!;
    expect(a[3]).toBeCloseTo(20 / 40, 12);
    expect(perSeriesTable(s).rows).toHaveLength(6);
    const all = backtestResultsTable(s);
    expect(all.rows).toHaveLength(lb.rows.length + 6);
    expect(all.rows.filter((r) => r[0] === 'leaderboard').map((r) => r[2])).toEqual(['B', 'A', 'auto']);
    const csv = toCsv(all).split('\r\n');
    expect(csv[0]).toBe('section,rank,model,stands_for,unique_id,wape,mase,relative_mase,smape,rmse,mae,coverage_80,coverage_95,fit_seconds,failed_series');
    expect(csv[1].startsWith('leaderboard,1,B,,,0,')).toBe(true);
  });
});
