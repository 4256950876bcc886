import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/data/random';
import type { FeatureFrame } from '../../../src/lib/models/protocol';
import {
  applyTarget,
  frameFromArrow,
  permutationImportance,
  recursiveLagValues,
  resolveSpec,
  undoTarget,
  type FeatureColumn,
  type LagRecipe,
} from '../../../src/lib/features';

const yCol = (name: string, recipe: LagRecipe): FeatureColumn => ({
  name, family: 'lag', timing: 'past_only', categorical: false, lag: recipe.lag, recursive: true, recipe, description: '',
});

describe('recursiveLagValues: lags from actuals, then forecasts', () => {
  const history = Float64Array.from({ length: 10 }, (_, i) => i + 1); // 1 … 10
  const cols = [
    yCol('l1', { kind: 'lag', lag: 1 }),
    yCol('l3', { kind: 'lag', lag: 3 }),
    yCol('l12', { kind: 'lag', lag: 13 }),
    yCol('m3', { kind: 'rolling', stat: 'mean', window: 3, lag: 1, minPeriods: 3 }),
    yCol('s3', { kind: 'rolling', stat: 'std', window: 3, lag: 1, minPeriods: 3 }),
    yCol('mx4', { kind: 'rolling', stat: 'max', window: 4, lag: 2, minPeriods: 4 }),
    yCol('e', { kind: 'ewma', alpha: 0.5, lag: 1, span: 3 }),
  ];
  it('step 2 sees the two earlier forecasts', () => {
    const v = recursiveLagValues(history, [11, 12], 2, cols);
    expect(v.l1).toBe(12); // forecast of step 1
    expect(v.l3).toBe(10); // last actual
    expect(v.l12).toBeNaN(); // before the start of the history
    expect(v.m3).toBe(11); // (10 + 11 + 12) / 3
    expect(v.s3).toBeCloseTo(1, 12);
    expect(v.mx4).toBe(11); // 8, 9, 10, 11
    expect(v.e).toBeCloseTo((12 + 0.5 * 11 + 0.25 * 10) / 1.75, 12);
  });
  it('step 0 uses actuals only; missing values are skipped and minPeriods enforced', () => {
    const h = Float64Array.from(history);
    h[8] = NaN;
    const v = recursiveLagValues(h, [], 0, cols);
    expect(v.l1).toBe(10);
    expect(v.m3).toBeNaN(); // only 8 and 10 in the window
    expect(v.e).toBeCloseTo((10 + 0.25 * 8) / 1.25, 12);
    expect(() => recursiveLagValues(h, [], 1, cols)).toThrow();
  });
  it('ignores columns that are not recursive', () => {
    const v = recursiveLagValues(history, [], 0, [{ ...cols[0], recursive: false }]);
    expect(v).toEqual({});
  });
});

describe('permutationImportance', () => {
  function syntheticFrame(n: number): FeatureFrame {
    const rng = createRng(42);
    const a = Float32Array.from({ length: n }, () => rng.normal());
    const b = Float32Array.from({ length: n }, () => rng.normal());
    return {
      names: ['b', 'a'], timing: ['known_future', 'known_future'], categorical: [false, false], columns: [b, a],
      y: a.map((x) => 3 * x), seriesIndex: new Int32Array(n), ds: new Int32Array(n),
    };
  }
  const model = (f: FeatureFrame) => Float64Array.from(f.columns[f.names.indexOf('a')], (x) => 3 * x);

  it('ranks the only used feature first and gives the unused one zero', async () => {
    const frame = syntheticFrame(400);
    const res = await permutationImportance(model, frame, { repeats: 4, seed: 7 });
    expect(res.map((r) => r.feature)).toEqual(['a', 'b']);
    // shuffling a standard normal: E|3a − 3a'| = 3·2/√π ≈ 3.39
    expect(res[0].importance).toBeGreaterThan(2.5);
    expect(res[0].importance).toBeLessThan(4.3);
    expect(res[0].std).toBeGreaterThan(0);
    expect(res[1]).toEqual({ feature: 'b', importance: 0, std: 0 });
    expect(frame.columns[1][0]).toBe(syntheticFrame(400).columns[1][0]); // the frame is not mutated
  });
  it('is reproducible for a seed and accepts a custom metric', async () => {
    const frame = syntheticFrame(100);
    const one = await permutationImportance(model, frame, { seed: 3 });
    const two = await permutationImportance(model, frame, { seed: 3 });
    expect(two).toEqual(one);
    const rmse = (y: Float32Array, p: ArrayLike<number>) => Math.sqrt(y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0) / y.length);
    const r = await permutationImportance(model, frame, { metric: rmse, features: ['a'] });
    expect(r).toHaveLength(1);
    expect(r[0].importance).toBeGreaterThan(3);
  });
});

describe('frameFromArrow', () => {
  const cols: FeatureColumn[] = [
    { name: 'x', family: 'lag', timing: 'past_only', categorical: false, lag: 1, description: '' },
    { name: 'k', family: 'static', timing: 'static', categorical: true, description: '' },
  ];
  it('reads an Arrow-like table, honouring validity (toArray alone would give 0 for NULL)', () => {
    const vec = (values: unknown[], nulls: number[] = []) => ({
      length: values.length,
      toArray: () => values.map((v, i) => (nulls.includes(i) ? 0 : v)),
      nullCount: nulls.length,
      isValid: (i: number) => !nulls.includes(i),
    });
    const day = 86_400_000;
    const table = {
      getChild: (n: string) =>
        ({
          unique_id: vec(['b', 'a', 'b']),
          ds: vec([19_000 * day, 19_001 * day, 19_001 * day]), // Date32 as epoch ms, as apache-arrow gives it
          y: vec([1, 2, 0], [2]),
          x: vec([0.5, 0, 7], [1]),
          k: vec([1, 0, 1]),
        })[n] ?? null,
    };
    const f = frameFromArrow(table, cols);
    expect(f.names).toEqual(['x', 'k']);
    expect(f.timing).toEqual(['past_only', 'static']);
    expect(f.categorical).toEqual([false, true]);
    expect(Array.from(f.seriesIndex)).toEqual([1, 0, 1]); // sorted ids: a = 0, b = 1
    expect(Array.from(f.ds)).toEqual([19_000, 19_001, 19_001]);
    expect(Array.from(f.y)).toEqual([1, 2, NaN]);
    expect(Array.from(f.columns[0])).toEqual([0.5, NaN, 7]);
    expect(f.columns[0]).toBeInstanceOf(Float32Array);
  });
  it('reads plain arrays, ISO dates, and a given series order', () => {
    const f = frameFromArrow(
      { unique_id: ['a', 'b'], ds: ['1970-01-02', '2024-12-25'], y: [1, null], x: [null, 2], k: [3, 4] },
      cols,
      { seriesIds: ['b', 'a'] },
    );
    expect(Array.from(f.seriesIndex)).toEqual([1, 0]);
    expect(Array.from(f.ds)).toEqual([1, 20082]);
    expect(Number.isNaN(f.y[1])).toBe(true);
    expect(() => frameFromArrow({ unique_id: ['c'], ds: [0], y: [1], x: [1], k: [1] }, cols, { seriesIds: ['a'] })).toThrow(/"c"/);
    expect(() => frameFromArrow({ unique_id: ['a'], ds: [0], y: [1] }, cols)).toThrow(/"x"/);
  });
});

describe('target transforms and spec defaults', () => {
  it('applyTarget / undoTarget round-trip log1p with scaling', () => {
    const y = [0, 1, 9, 99];
    const target = { transform: 'log1p', scale: 'mean' } as const;
    const t = applyTarget(y, target, 2);
    expect(t[2]).toBeCloseTo(Math.log(10) / 2, 12);
    expect(Array.from(undoTarget(t, target, 2)).map((v) => Math.round(v * 1e9) / 1e9)).toEqual(y);
    expect(applyTarget([-2], target)[0]).toBeNaN();
    expect(Array.from(undoTarget([3], { transform: 'none', scale: 'none' }, 5))).toEqual([3]);
  });
  it('fills defaults in one place: rolling windows end at the smallest allowed lag', () => {
    expect(resolveSpec({ lags: {} }, 'D', 7).lags?.rollingLag).toBe(7);
    expect(resolveSpec({ lags: { rollingLag: 9 } }, 'D', 7).lags?.rollingLag).toBe(9);
    expect(resolveSpec({ promo: { column: 'p' } }, 'W', 1).promo).toMatchObject({ cap: 8, postWindow: 2 });
    expect(resolveSpec({ promo: { column: 'p' } }, 'D', 1).promo).toMatchObject({ cap: 56, postWindow: 14 });
    expect(resolveSpec({}, 'M', 1)).toMatchObject({ calendar: { parts: true, weeklyOrder: 0 }, lags: null, price: null });
    expect(resolveSpec({ calendar: false }, 'D', 1).calendar).toBeNull();
  });
});
