import { describe, expect, it } from 'vitest';
import { CancelledError, runBacktest } from '../../../src/lib/backtest';
import type { FeatureFrame, ModelSpec, TrainData } from '../../../src/lib/models/protocol';
import { meanModel, ruleModel, series, snaive } from './fixtures';

// Period-7 pattern: seasonal naive is exact, so any non-zero error means misalignment.
const pattern = [3, 5, 7, 9, 11, 13, 15];
const periodic = (id: string, n = 42, k = 1) => series(id, 0, Array.from({ length: n }, (_, i) => k * pattern[i % 7]));
const panel: TrainData = { freq: 'D', season: 7, series: [periodic('a'), periodic('bad', 42, 2), periodic('c', 42, 3)] };

describe('runBacktest', () => {
  it('rows are aligned with actuals and carry cutoff, window and horizon step', async () => {
    const r = await runBacktest({ train: panel, models: [snaive], h: 7, windows: 2 });
    expect(r.cutoffs).toEqual([27, 34]);
    expect(r.rows).toHaveLength(6);
    for (const row of r.rows) {
      expect(Array.from(row.mean)).toEqual(Array.from(row.actual));
      expect(Array.from(row.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(row.ds[0]).toBe(row.cutoff + 1);
    }
    expect(r.rows.map((x) => `${x.id}@${x.cutoff}#${x.window}`)).toEqual(['a@27#0', 'bad@27#0', 'c@27#0', 'a@34#1', 'bad@34#1', 'c@34#1']);
    // in-sample seasonal-naive scale of a periodic series is 0 → MASE undefined there (checked in metrics)
    expect(r.rows[0].scale.mae).toBe(0);
  });

  it('a model that throws on one series falls back for that series only and counts it', async () => {
    const fragile = ruleModel('fragile', (s, h) => new Float64Array(h).fill(1), {
      predict: async (_f, train, req) => {
        if (train.series.some((s) => s.id === 'bad')) throw new Error('singular matrix');
        return train.series.map((s) => ({ id: s.id, ds: Int32Array.from({ length: req.h }, (_, j) => s.ds[s.ds.length - 1] + j + 1), mean: new Float64Array(req.h).fill(1), lo: {}, hi: {} }));
      },
    });
    const r = await runBacktest({ train: panel, models: [fragile], h: 7, windows: 2, fallback: snaive });
    expect(r.models[0]).toMatchObject({ model: 'fragile', failed_series: 1, failures: { bad: 'singular matrix' } });
    const bad = r.rows.filter((x) => x.id === 'bad');
    expect(bad.map((x) => x.fallback)).toEqual(['singular matrix', 'singular matrix']);
    expect(Array.from(bad[0].mean)).toEqual(Array.from(bad[0].actual)); // the seasonal-naive fallback is exact here
    expect(r.rows.filter((x) => x.id === 'a').every((x) => x.fallback === undefined && x.mean[0] === 1)).toBe(true);
  });

  it('a model that throws entirely (or a global one) falls back for all series', async () => {
    const broken: ModelSpec = { ...meanModel, name: 'broken', scope: 'global', fit: async () => { throw new Error('out of memory'); } };
    const r = await runBacktest({ train: panel, models: [broken, meanModel], h: 7, windows: 2, fallback: snaive });
    expect(r.models.map((m) => [m.model, m.failed_series])).toEqual([['broken', 3], ['mean', 0]]);
    expect(r.rows.filter((x) => x.model === 'broken').every((x) => x.fallback === 'out of memory')).toBe(true);
  });

  it('without a fallback, failed series have no rows but are still counted', async () => {
    const nan = ruleModel('nan', (_s, h) => new Float64Array(h).fill(NaN));
    const r = await runBacktest({ train: panel, models: [nan], h: 7, windows: 1 });
    expect(r.rows).toHaveLength(0);
    expect(r.models[0].failed_series).toBe(3);
  });

  it('refit=false fits once at the first cutoff and predicts later windows from the extended history', async () => {
    const calls = { fit: [] as number[], predict: [] as number[] };
    const counting: ModelSpec = {
      ...snaive,
      name: 'counting',
      fit: async (t) => (calls.fit.push(t.series[0].ds.at(-1)!), { model: 'counting', state: {} }),
      predict: async (f, t, req) => (calls.predict.push(t.series[0].ds.at(-1)!), snaive.predict(f, t, req)),
    };
    await runBacktest({ train: panel, models: [counting], h: 7, windows: 3, refit: false });
    expect(calls).toEqual({ fit: [20], predict: [20, 27, 34] });
    calls.fit = [];
    calls.predict = [];
    const r = await runBacktest({ train: panel, models: [counting], h: 7, windows: 3, refit: true });
    expect(calls.fit).toEqual([20, 27, 34]);
    expect(r.models[0].fit_seconds).toBeGreaterThanOrEqual(0);
  });

  it('honours signal.cancelled and reports progress', async () => {
    const signal = { cancelled: false };
    const progress: number[] = [];
    const run = runBacktest({
      train: panel, models: [snaive, meanModel], h: 7, windows: 3, signal,
      onProgress: (p) => { progress.push(p.fraction); if (progress.length === 2) signal.cancelled = true; },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(progress).toEqual([1 / 6, 2 / 6]);
  });

  it('feature frames are rebuilt as of each cutoff; the full frame is never passed', async () => {
    const frame = (tag: number): FeatureFrame => ({ names: ['tag'], timing: ['static'], categorical: [false], columns: [Float32Array.of(tag)], y: Float32Array.of(0), seriesIndex: Int32Array.of(0), ds: Int32Array.of(0) });
    const train = { ...panel, features: frame(-1) };
    await expect(runBacktest({ train, models: [snaive], h: 7, windows: 2 })).rejects.toThrow(/featuresAt/);
    const seen: number[] = [];
    const asked: number[] = [];
    // Global models read the frame (local ones never do); a recursive one gets the frame built for its strategy.
    const reader: ModelSpec = { ...snaive, scope: 'global', name: 'reader', fit: async (t) => (seen.push(t.features!.columns[0][0]), { model: 'reader', state: {} }) };
    const recursive: ModelSpec = { ...reader, name: 'rec', defaults: { strategy: 'recursive' }, fit: async (t) => (seen.push(t.features!.columns[0][0]), { model: 'rec', state: {} }) };
    const strategies: string[] = [];
    await runBacktest({ train, models: [reader, recursive], h: 7, windows: 2, featuresAt: async (c, st) => (asked.push(c), strategies.push(st ?? 'direct'), frame(st === 'recursive' ? -c : c)) });
    expect(asked).toEqual([27, 27, 34, 34]);
    expect(strategies).toEqual(['direct', 'recursive', 'direct', 'recursive']);
    expect(seen).toEqual([27, -27, 34, -34]);
  });
});

describe('forecast sanity check', () => {
  it('an absurd forecast (1e9 on a series of 6–30) falls back to seasonal naive and is counted with its reason', async () => {
    const exploding = ruleModel('exploding', (s, h) => new Float64Array(h).fill(s.id === 'bad' ? 1e9 : s.y[s.y.length - 1]));
    const r = await runBacktest({ train: panel, models: [exploding], h: 7, windows: 1, fallback: snaive });
    expect(r.models[0].failed_series).toBe(1);
    expect(r.models[0].failures.bad).toMatch(/absurd forecast: 1\.00e\+9 at step 1 is outside \[-114, 150\]/);
    const bad = r.rows.find((x) => x.id === 'bad')!;
    expect(Array.from(bad.mean)).toEqual(Array.from(bad.actual));
    expect(r.rows.find((x) => x.id === 'a')!.fallback).toBeUndefined();
  });
});

describe('time budget', () => {
  it('drops the slow model after the first window, names it, and keeps seasonal naive', async () => {
    const slow = ruleModel('slow', (s, h) => {
      const t = Date.now();
      while (Date.now() - t < 60);
      return new Float64Array(h).fill(s.y[s.y.length - 1]);
    });
    const fast = ruleModel('fast', (s, h) => new Float64Array(h).fill(s.y[s.y.length - 1]));
    const r = await runBacktest({ train: panel, models: [{ ...snaive }, fast, slow], h: 7, windows: 3, fallback: snaive, timeBudget: 0.1 });
    expect(r.models.map((m) => m.model)).toEqual(['snaive', 'fast']);
    expect(new Set(r.rows.map((x) => x.model))).toEqual(new Set(['snaive', 'fast']));
    expect(r.rows.filter((x) => x.model === 'fast')).toHaveLength(9);
    expect(r.issues.find((i) => i.code === 'time_budget')?.message).toMatch(/left out slow \(/);
  });

  it('stops a model still running at the deadline (it checks the signal, as a boosting round does), drops it and ends on time', async () => {
    let checks = 0;
    // 5 s of work in 20 ms steps, each checking the signal the backtest gives it; seen cancelled, it stops.
    const endless = ruleModel('endless', (s, h) => new Float64Array(h).fill(s.y[s.y.length - 1]), {
      fit: async (train, _o, ctx) => {
        for (let i = 0; i < 250; i++) {
          const t = Date.now();
          while (Date.now() - t < 20);
          checks++;
          if (ctx?.signal?.cancelled) throw new CancelledError();
          await new Promise((r) => setTimeout(r, 0));
        }
        return { model: 'endless', state: { n: train.series.length } };
      },
    });
    const t0 = performance.now();
    const r = await runBacktest({ train: panel, models: [{ ...snaive }, endless], h: 7, windows: 3, fallback: snaive, timeBudget: 0.6 });
    const took = (performance.now() - t0) / 1000;
    // The first window's share is 0.2 s: the model is stopped there, not after its 5 s.
    expect(took).toBeLessThan(1.5);
    expect(checks).toBeLessThan(60);
    expect(r.models.map((m) => m.model)).toEqual(['snaive']);
    expect(r.rows.some((x) => x.model === 'endless')).toBe(false);
    expect(r.issues.find((i) => i.code === 'time_budget')?.message).toMatch(/endless \(stopped after \d+ s: still running when the first window's share/);
  });

  it('in a later window, a model taking far over its first window (here + a tenth of the 10 s share) is stopped and dropped; the others stay', async () => {
    let calls = 0;
    // Fast in the first window, then 4 s per fit (checking the signal every 20 ms).
    const runaway = ruleModel('runaway', (s, h) => new Float64Array(h).fill(s.y[s.y.length - 1]), {
      fit: async (train, _o, ctx) => {
        if (calls++ > 0)
          for (let i = 0; i < 200; i++) {
            const t = Date.now();
            while (Date.now() - t < 20);
            if (ctx?.signal?.cancelled) throw new CancelledError();
            await new Promise((r) => setTimeout(r, 0));
          }
        return { model: 'runaway', state: { n: train.series.length } };
      },
    });
    const fast = ruleModel('fast', (s, h) => new Float64Array(h).fill(s.y[s.y.length - 1]));
    const t0 = performance.now();
    const r = await runBacktest({ train: panel, models: [{ ...snaive }, runaway, fast], h: 7, windows: 3, fallback: snaive, timeBudget: 30 });
    expect((performance.now() - t0) / 1000).toBeLessThan(3);
    expect(r.models.map((m) => m.model)).toEqual(['snaive', 'fast']);
    expect(r.rows.filter((x) => x.model === 'fast')).toHaveLength(9);
    expect(r.issues.find((i) => i.code === 'time_budget')?.message).toMatch(/runaway \(stopped after 1 s in window 2, far over its first window's 0 s\)/);
  });

  it('a user cancel during a model still throws CancelledError (it is not taken for the budget)', async () => {
    const signal = { cancelled: false };
    const m = ruleModel('m', (s, h) => new Float64Array(h).fill(1), {
      fit: async (train, _o, ctx) => {
        signal.cancelled = true;
        if (ctx?.signal?.cancelled) throw new CancelledError();
        return { model: 'm', state: {} };
      },
    });
    await expect(runBacktest({ train: panel, models: [m], h: 7, windows: 2, fallback: snaive, timeBudget: 100, signal })).rejects.toBeInstanceOf(CancelledError);
  });
});
