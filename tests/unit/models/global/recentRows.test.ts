import { describe, expect, it } from 'vitest';
import { makeGlobalModel } from '../../../../src/lib/models/global';
import type { FeatureFrame, TrainData } from '../../../../src/lib/models/protocol';

// A global model whose fit records the days it was given: 4 years of daily history, 7 future days.
function task(freq: 'D' | 'W', n: number, step: number) {
  const ds = Int32Array.from({ length: n + 7 }, (_, i) => 10_000 + i * step);
  const y = Float32Array.from(ds, (_, i) => (i < n ? 5 + (i % 7) : NaN));
  const frame: FeatureFrame = { names: ['dow'], timing: ['known_future'], categorical: [false], columns: [Float32Array.from(ds, (_, i) => i % 7)], y, seriesIndex: new Int32Array(ds.length), ds };
  const train: TrainData = { freq, season: 7, series: [{ id: 'a', ds: ds.slice(0, n), y: Float64Array.from(y.slice(0, n)) }], features: frame };
  return train;
}
const seen: number[][] = [];
const model = makeGlobalModel<{ tag?: number }, number>({
  name: 'recorder', label: 'recorder', kind: 'linear', description: '', defaults: { intervals: 'native' },
  fitMatrix: (f) => (seen.push([f.ds.length, Math.min(...f.ds), Math.max(...f.ds)]), 0),
  predictMatrix: (_m, f) => new Float32Array(f.y.length),
});

describe('training history of global models', () => {
  it('daily data: only the last 3 years of rows are trained on (maxHistoryDays), other frequencies keep all', async () => {
    const daily = task('D', 4 * 365, 1);
    seen.length = 0;
    await model.fit(daily, {});
    const last = daily.series[0].ds[4 * 365 - 1];
    // seen[0] is the calibration fit (without the last 7 days), the final fit comes last.
    expect(seen[0]).toEqual([3 * 365 - 7, last - 3 * 365 + 1, last - 7]);
    expect(seen.at(-1)).toEqual([3 * 365, last - 3 * 365 + 1, last]);
    seen.length = 0;
    await model.fit(daily, { maxHistoryDays: 100 } as never);
    expect(seen.at(-1)![0]).toBe(100);
    const weekly = task('W', 4 * 52, 7);
    seen.length = 0;
    await model.fit(weekly, {});
    expect(seen.at(-1)![0]).toBe(4 * 52);
  });
});
