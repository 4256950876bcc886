import { describe, expect, it } from 'vitest';
import { makeCutoffs, planBacktest, runBacktest } from '../../../src/lib/backtest';
import { addPeriods, dayToIso, isoToDay } from '../../../src/lib/data/contract';
import type { TrainData } from '../../../src/lib/models/protocol';
import { meanModel, series, snaive } from './fixtures';

describe('makeCutoffs', () => {
  it('last cutoff is end − h, earlier ones `step` apart', () => {
    // end 100, h 7: last cutoff 93; step 7 → 86, 79
    expect(makeCutoffs({ end: 100, h: 7, windows: 3, freq: 'D' })).toEqual([79, 86, 93]);
    expect(makeCutoffs({ end: 100, h: 7, windows: 3, step: 3, freq: 'D' })).toEqual([87, 90, 93]);
    // weekly: h 2 weeks = 14 days, step 1 week
    expect(makeCutoffs({ end: 700, h: 2, windows: 2, step: 1, freq: 'W' })).toEqual([679, 686]);
  });
  it('monthly cutoffs move by calendar month', () => {
    const c = makeCutoffs({ end: isoToDay('2024-06-01'), h: 2, windows: 3, step: 1, freq: 'M' });
    expect(c.map(dayToIso)).toEqual(['2024-02-01', '2024-03-01', '2024-04-01']);
  });
  it('per-series ends use the latest end', () => {
    expect(makeCutoffs({ end: { a: 90, b: 100 }, h: 5, windows: 1, freq: 'D' })).toEqual([95]);
  });
  it('bad arguments throw', () => expect(() => makeCutoffs({ end: 10, h: 0, windows: 1, freq: 'D' })).toThrow(/h must be a positive integer/));
});

describe('planBacktest and bad input', () => {
  const short: TrainData = { freq: 'D', season: 7, series: [series('a', 0, Array.from({ length: 20 }, (_, i) => i))] };
  it('too-large h × windows is an error issue with periods existing vs needed', () => {
    // needs 1 (train) + 7 (h) + 2 × 7 (step) = 22 periods; the series has 20
    const plan = planBacktest(short, { h: 7, windows: 3 });
    expect(plan.cutoffs).toEqual([]);
    expect(plan.issues[0]).toMatchObject({ level: 'error', code: 'backtest_too_long' });
    expect(plan.issues[0].message).toContain('needs 22 periods');
    expect(plan.issues[0].message).toContain('longest series has 20');
    expect(plan.issues[0].hint).toContain('at most 2 windows');
    expect(planBacktest(short, { h: 7, windows: 2 }).cutoffs).toEqual([5, 12]);
  });
  it('runBacktest returns the issue instead of crashing', async () => {
    const r = await runBacktest({ train: short, models: [meanModel], h: 7, windows: 3 });
    expect(r.rows).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['backtest_too_long']);
  });
  it('a series starting after the first cutoff is excluded from that window and reported', async () => {
    const train: TrainData = {
      freq: 'D',
      season: 7,
      series: [series('early', 0, Array.from({ length: 40 }, (_, i) => i % 7)), series('late', 25, Array.from({ length: 15 }, () => 3))],
    };
    // end 39, h 5, 3 windows: cutoffs 24, 29, 34; `late` starts at day 25
    const r = await runBacktest({ train, models: [meanModel], h: 5, windows: 3 });
    expect(r.cutoffs).toEqual([24, 29, 34]);
    const issue = r.issues.find((i) => i.code === 'series_starts_after_cutoff')!;
    expect(issue).toMatchObject({ level: 'warning', count: 1, where: 'late' });
    expect(r.rows.filter((x) => x.id === 'late').map((x) => x.cutoff)).toEqual([29, 34]);
    expect(r.rows.filter((x) => x.id === 'early').map((x) => x.cutoff)).toEqual([24, 29, 34]);
  });
  it('series shorter than the fallback minLength at a cutoff are left out and reported', async () => {
    const train: TrainData = {
      freq: 'D',
      season: 7,
      series: [series('long', 0, Array.from({ length: 40 }, (_, i) => i % 7)), series('young', 20, Array.from({ length: 20 }, () => 3))],
    };
    // cutoffs 24, 29, 34: `young` has 5, 10, 15 points; snaive needs 7 → out of the first window
    const r = await runBacktest({ train, models: [meanModel], h: 5, windows: 3, fallback: snaive });
    expect(r.issues.find((i) => i.code === 'series_too_short')).toMatchObject({ count: 1, where: 'young' });
    expect(r.rows.filter((x) => x.id === 'young').map((x) => x.cutoff)).toEqual([29, 34]);
  });
  it('all-zero actuals in a window: WAPE/MAPE undefined, reported as an issue', async () => {
    const y = [...Array.from({ length: 30 }, (_, i) => 1 + (i % 3)), 0, 0, 0, 0, 0];
    const r = await runBacktest({ train: { freq: 'D', season: 7, series: [series('z', 0, y)] }, models: [meanModel], h: 5, windows: 1 });
    expect(r.issues.find((i) => i.code === 'all_zero_actuals')).toMatchObject({ count: 1 });
    expect(r.rows[0].actual).toEqual(new Float64Array(5));
  });
});

describe('windows per series', () => {
  // 8 monthly series of 60 months, series k ending k months before the latest: each keeps its own windows.
  const monthly = (k: number): TrainData['series'][number] => {
    const ds = Int32Array.from({ length: 60 }, (_, i) => addPeriods(isoToDay('2015-01-01'), i - k, 'M'));
    return { id: `m${k}`, ds, y: Float64Array.from(ds, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 12) + k) };
  };
  const train: TrainData = { freq: 'M', season: 12, series: Array.from({ length: 8 }, (_, k) => monthly(k)) };

  it('every series is scored on windows ending at its own last date', async () => {
    const r = await runBacktest({ train, models: [meanModel], h: 6, windows: 2 });
    expect(r.rows).toHaveLength(16);
    for (const s of train.series) {
      const rows = r.rows.filter((x) => x.id === s.id).sort((a, b) => a.window - b.window);
      expect(rows.map((x) => x.window)).toEqual([0, 1]);
      // the last window forecasts exactly the series' last 6 months, the one before the 6 before them
      expect(Array.from(rows[1].ds)).toEqual(Array.from(s.ds.slice(-6)));
      expect(Array.from(rows[0].ds)).toEqual(Array.from(s.ds.slice(-12, -6)));
      expect(rows[1].cutoff).toBe(s.ds[s.ds.length - 7]);
    }
    expect(r.issues.find((i) => i.code === 'series_own_windows')).toMatchObject({ count: 8 });
  });

  it('beyond maxEndGroups end dates, the left-out series are named with their end date', () => {
    const plan = planBacktest(train, { h: 6, windows: 1, maxEndGroups: 6 });
    const issue = plan.issues.find((i) => i.code === 'series_end_left_out')!;
    expect(issue.count).toBe(2);
    expect(issue.message).toContain('m7 (ends 2019-05-01)');
    expect(issue.message).toContain('m6 (ends 2019-06-01)');
    expect(new Set(plan.plan.flatMap((p) => [...p.scored.keys()])).size).toBe(6);
  });
});
