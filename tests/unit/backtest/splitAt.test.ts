import { describe, expect, it } from 'vitest';
import { metricPooled } from '../../../src/lib/metrics';
import { rowInputs, runBacktest, splitAt } from '../../../src/lib/backtest';
import { createRng } from '../../../src/lib/data/random';
import type { TrainData } from '../../../src/lib/models/protocol';
import { ruleModel, series } from './fixtures';

const y30 = Array.from({ length: 30 }, (_, i) => 100 + i);

describe('splitAt', () => {
  const train: TrainData = {
    freq: 'D', season: 7, knownFuture: ['price'], pastOnly: ['visits'],
    series: [series('a', 0, y30, { price: y30.map((v) => v / 100), visits: y30.map((v) => v * 2) }), series('b', 20, y30.slice(0, 10))],
  };
  it('truncates to ds ≤ cutoff, holds out (cutoff, cutoff + h] and only known-future covariates', () => {
    const s = splitAt(train, 19, { h: 5 });
    const a = s.train.series[0];
    expect(a.y.length).toBe(20);
    expect(a.y[19]).toBe(119);
    expect(a.y[20]).toBeUndefined();
    expect(a.y.buffer.byteLength).toBe(20 * 8); // a copy: the held-out values are not reachable through the buffer
    expect(a.x!.visits.length).toBe(20);
    expect(Array.from(s.actuals.a.y)).toEqual([120, 121, 122, 123, 124]);
    expect(Array.from(s.days)).toEqual([20, 21, 22, 23, 24]);
    expect(Object.keys(s.future.a)).toEqual(['price']);
    expect(Array.from(s.future.a.price)).toEqual([1.2, 1.21, 1.22, 1.23, 1.24]);
    expect(s.excluded).toEqual([{ id: 'b', reason: 'starts_after_cutoff', length: 0 }]);
    expect(s.train.series.map((x) => x.id)).toEqual(['a']);
  });
  it('held-out covariate past the end of the series is NaN; short series are excluded', () => {
    const s = splitAt(train, 27, { h: 5, minLength: 10 });
    expect(Array.from(s.future.a.price).slice(0, 2)).toEqual([1.28, 1.29]);
    expect(s.future.a.price.slice(2).every(Number.isNaN)).toBe(true);
    expect(s.excluded).toEqual([{ id: 'b', reason: 'too_short', length: 8 }]);
  });
  it('a covariate declared both known-future and past-only is treated as past-only', () => {
    const s = splitAt({ ...train, knownFuture: ['price', 'visits'], pastOnly: ['visits'] }, 19, { h: 5 });
    expect(Object.keys(s.future.a)).toEqual(['price']);
  });
});

describe('no leakage through the backtest', () => {
  it('a model that reads past the cutoff finds nothing there', async () => {
    const seen: { n: number; last: number; after: number | undefined }[] = [];
    const peeker = ruleModel('peeker', (s, h) => {
      // position n is the first held-out point: it must be absent from the training view
      seen.push({ n: s.y.length, last: s.ds[s.ds.length - 1], after: s.y[s.y.length] });
      return new Float64Array(h).fill(s.y[s.y.length - 1]);
    });
    const r = await runBacktest({ train: { freq: 'D', season: 7, series: [series('a', 0, y30)] }, models: [peeker], h: 4, windows: 3 });
    expect(r.cutoffs).toEqual([17, 21, 25]);
    // training view length = cutoff position + 1 (ds 0…cutoff)
    expect(seen.map((s) => [s.n, s.last, s.after])).toEqual([[18, 17, undefined], [22, 21, undefined], [26, 25, undefined]]);
    expect(r.rows.map((x) => x.cutoff)).toEqual([17, 21, 25]);
  });

  // y is noise; covariate `leak` equals y. A cheating model returns future.leak when it is passed.
  const rng = createRng(3);
  const y = Array.from({ length: 60 }, () => 10 + 5 * rng.normal());
  const cheat = ruleModel('cheat', (s, h, _m, future) => future?.leak ? Float64Array.from(future.leak) : new Float64Array(h).fill(s.y[s.y.length - 1]));
  const data = (timing: 'knownFuture' | 'pastOnly'): TrainData => ({ freq: 'D', season: 7, [timing]: ['leak'], series: [series('a', 0, y, { leak: y })] });

  it('declared past_only, the future of the covariate is NOT passed, so cheating cannot score perfectly', async () => {
    const r = await runBacktest({ train: data('pastOnly'), models: [cheat], h: 5, windows: 4 });
    expect(metricPooled(rowInputs(r.rows), 'mae').value).toBeGreaterThan(1);
  });
  it('declared known_future, it is passed (the user asserted it is known in advance), so the copy is exact', async () => {
    const r = await runBacktest({ train: data('knownFuture'), models: [cheat], h: 5, windows: 4 });
    expect(metricPooled(rowInputs(r.rows), 'mae').value).toBe(0);
  });
});
