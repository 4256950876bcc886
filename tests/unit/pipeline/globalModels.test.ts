import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/data/random';
import { LeakageError } from '../../../src/lib/features';
import { gbdt, getModel, linear, makeGlobalModel, type FrameMeta } from '../../../src/lib/models';
import type { FeatureFrame, TrainData } from '../../../src/lib/models/protocol';

/**
 * Three series of sizes 10, 100 and 1000 with y = size · (1 + 0.5 · promo) · (1 + 0.02 ε); 120 history days
 * then 7 future rows each. Features: promo (known), y_lag7 (past-only, lag 7).
 */
function panel(): TrainData {
  const rng = createRng(3);
  const sizes = [10, 100, 1000];
  const T = 120;
  const H = 7;
  const n = sizes.length * (T + H);
  const promo = new Float32Array(n);
  const lag = new Float32Array(n);
  const y = new Float32Array(n);
  const seriesIndex = new Int32Array(n);
  const ds = new Int32Array(n);
  const hist: Float64Array[] = sizes.map(() => new Float64Array(T));
  let r = 0;
  sizes.forEach((size, s) => {
    for (let t = 0; t < T + H; t++, r++) {
      promo[r] = (t * 7 + s) % 5 === 0 ? 1 : 0;
      const v = size * (1 + 0.5 * promo[r]) * (1 + 0.02 * rng.normal());
      if (t < T) hist[s][t] = v;
      y[r] = t < T ? v : NaN;
      lag[r] = t >= 7 ? hist[s][t - 7] : NaN;
      seriesIndex[r] = s;
      ds[r] = 19_000 + t;
    }
  });
  const features: FeatureFrame & FrameMeta = {
    names: ['promo', 'y_lag7'], timing: ['known_future', 'past_only'], categorical: [false, false], columns: [promo, lag], y, seriesIndex, ds,
    meta: [
      { name: 'promo', family: 'promo', timing: 'known_future', categorical: false, description: '' },
      { name: 'y_lag7', family: 'lag', timing: 'past_only', categorical: false, lag: 7, recipe: { kind: 'lag', lag: 7 }, description: '' },
    ],
  };
  const series = sizes.map((_, s) => ({ id: `s${s}`, ds: Int32Array.from({ length: T }, (_, t) => 19_000 + t), y: hist[s] }));
  return { freq: 'D', season: 7, series, features };
}

const truth = (train: TrainData, s: number, j: number) => {
  const size = [10, 100, 1000][s];
  const r = s * 127 + 120 + j;
  return size * (1 + 0.5 * train.features!.columns[0][r]);
};

describe('global models on a FeatureFrame', () => {
  it('are registered and global', () => {
    for (const n of ['gbdt', 'tree', 'random_forest', 'linear']) expect(getModel(n).scope).toBe('global');
  });

  for (const model of [gbdt, linear, getModel('tree'), getModel('random_forest')]) {
    it(`${model.name}: one model serves series 100× apart (per-series scaling), with ordered intervals`, async () => {
      const train = panel();
      const fitted = await model.fit(train, model.defaults);
      const out = await model.predict(fitted, train, { h: 7, levels: [80, 95] });
      expect(out.map((f) => f.id)).toEqual(['s0', 's1', 's2']);
      out.forEach((f, s) => {
        expect(f.ds[0]).toBe(19_120);
        for (let j = 0; j < 7; j++) {
          expect(Math.abs(f.mean[j] / truth(train, s, j) - 1)).toBeLessThan(0.06);
          expect(f.lo[95][j]).toBeLessThanOrEqual(f.lo[80][j] + 1e-9);
          expect(f.lo[80][j]).toBeLessThanOrEqual(f.mean[j] + 1e-9);
          expect(f.hi[80][j]).toBeGreaterThanOrEqual(f.mean[j] - 1e-9);
          expect(f.hi[95][j]).toBeGreaterThanOrEqual(f.hi[80][j] - 1e-9);
        }
        expect(f.hi[80][0] - f.lo[80][0]).toBeGreaterThan(0);
      });
    });
  }

  it('refuses a past-only feature with a lag shorter than the horizon (direct strategy)', async () => {
    const train = panel();
    const f = train.features as FeatureFrame & FrameMeta;
    // 14 future rows per series would need lags ≥ 14; y_lag7 leaks.
    const series = train.series.map((s) => ({ ...s, ds: s.ds.slice(0, 113), y: s.y.slice(0, 113) }));
    await expect(linear.fit({ ...train, series, features: f }, linear.defaults)).rejects.toBeInstanceOf(LeakageError);
  });

  it('makeGlobalModel wraps any matrix fit/predict (a per-row mean model) and clips at 0 for non-negative y', async () => {
    const mean = makeGlobalModel<object, number>({
      name: 'mean_of_scaled', label: 'm', kind: 'linear', description: '', defaults: { intervals: 'conformal' },
      fitMatrix: (frame) => frame.y.reduce((a, b) => a + b, 0) / frame.y.length,
      predictMatrix: (m, frame) => new Float32Array(frame.y.length).fill(m - 5),
    });
    const train = panel();
    const out = await mean.predict(await mean.fit(train, mean.defaults), train, { h: 3, levels: [80] });
    // scaled mean ≈ 1.1, minus 5 → negative → clipped to 0 since every y ≥ 0
    for (const f of out) expect(Array.from(f.mean)).toEqual([0, 0, 0]);
  });
});

describe('explanations', () => {
  it('a cancel during the permutation importance stops it; the fitted model is kept', async () => {
    const train = panel();
    const signal = { cancelled: false };
    const messages: string[] = [];
    const onProgress = (p: { message?: string }) => {
      if (p.message) messages.push(p.message);
      // The cancel message arrives while the importance runs (the worker sets the flag between tasks).
      if (p.message?.includes('feature importance')) setTimeout(() => (signal.cancelled = true), 0);
    };
    const fitted = await gbdt.fit(train, { ...gbdt.defaults, importance: true }, { seed: 2, signal, onProgress });
    expect(messages.some((m) => m.includes('feature importance'))).toBe(true);
    expect(signal.cancelled).toBe(true);
    expect((fitted.state as { importance?: unknown }).importance).toBeUndefined();
    const [f] = await gbdt.predict(fitted, train, { h: 7, levels: [80] });
    expect(f.mean.length).toBe(7);
  });

  it('permutation importance puts the driver (promo, ×1.5) far above an uninformative lag', async () => {
    const train = panel();
    const fitted = await gbdt.fit(train, { ...gbdt.defaults, importance: true }, { seed: 2 });
    const imp = (fitted.state as { importance: { feature: string; importance: number }[] }).importance;
    expect(imp.map((f) => f.feature)).toEqual(['promo', 'y_lag7']);
    // Scaled target: promo moves y between 1 and 1.5 of the series level, so shuffling it costs ~0.2 MAE.
    expect(imp[0].importance).toBeGreaterThan(0.1);
    expect(imp[0].importance).toBeGreaterThan(5 * Math.max(imp[1].importance, 1e-3));
  });
});

describe('hyper-parameter search', () => {
  it('successive halving keeps the better half each round and returns a configuration that beats a poor one', async () => {
    const { successiveHalving, holdout } = await import('../../../src/lib/models/global/tune');
    const train = panel();
    const { fit, actual } = holdout(train, 7);
    expect(fit.series[0].y.length).toBe(113);
    expect(actual.get('s1')!.length).toBe(7);
    const r = await successiveHalving(gbdt as never, train, { h: 7, configs: 4, seed: 3, minBudget: 20 });
    // 4 configs → rounds of 4, 2, 1 trials with budgets 20, 40, 80.
    expect(r.trials.map((t) => t.budget)).toEqual([20, 20, 20, 20, 40, 40, 80]);
    const round0 = r.trials.filter((t) => t.round === 0).sort((a, b) => a.wape - b.wape);
    const round1 = r.trials.filter((t) => t.round === 1).map((t) => JSON.stringify(t.options));
    expect(round1.sort()).toEqual(round0.slice(0, 2).map((t) => JSON.stringify(t.options)).sort());
    expect(r.bestWape).toBeLessThan(0.05);
  });
});

describe('forecast decomposition', () => {
  it('the promo group contributes the true lift (+50 % of the level) on future promo days and ~0 elsewhere', async () => {
    const { decomposeForecast } = await import('../../../src/lib/models/global/decompose');
    const train = panel();
    const fitted = await gbdt.fit(train, gbdt.defaults);
    const out = await decomposeForecast(gbdt as never, fitted, train, { h: 7, levels: [80] }, { promo: [0] });
    out.forEach((d, s) => {
      const size = [10, 100, 1000][s];
      for (let j = 0; j < 7; j++) {
        const onPromo = train.features!.columns[0][s * 127 + 120 + j] === 1;
        const c = d.contributions.promo[j];
        if (onPromo) expect(Math.abs(c / (0.5 * size) - 1)).toBeLessThan(0.15);
        else expect(Math.abs(c)).toBeLessThan(0.05 * size);
        // Baseline: the series level without promotion.
        expect(Math.abs(d.baseline[j] / size - 1)).toBeLessThan(0.06);
      }
    });
    expect(out.some((d, s) => Array.from({ length: 7 }, (_, j) => train.features!.columns[0][s * 127 + 120 + j]).includes(1))).toBe(true);
  });
});
