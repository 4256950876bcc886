import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from '../../../../src/lib/features';
import { isRecursive, predictRecursive } from '../../../../src/lib/models/global/recursive';
import type { FeatureFrame } from '../../../../src/lib/models/protocol';

// One weekly series: 10 history weeks (y = 10…19, scale 2), 3 future weeks; the "model" returns lag 1 + 0.5
// (scaled units), so each step must read the previous step's forecast: 10, 10.5, 11 (= y 20, 21, 22 / 2).
const cols: FeatureColumn[] = [
  { name: 'y_lag1', family: 'lag', timing: 'past_only', categorical: false, lag: 1, recursive: true, recipe: { kind: 'lag', lag: 1 }, description: '' },
  { name: 'y_mean2_lag1', family: 'lag', timing: 'past_only', categorical: false, lag: 1, recursive: true, recipe: { kind: 'rolling', stat: 'mean', window: 2, lag: 1, minPeriods: 1 }, description: '' },
  { name: 'price', family: 'price', timing: 'known_future', categorical: false, description: '' },
];
const n = 13;
const ds = Int32Array.from({ length: n }, (_, i) => 7000 + 7 * i);
const frame: FeatureFrame = {
  names: cols.map((c) => c.name), timing: cols.map((c) => c.timing), categorical: [false, false, false],
  columns: [new Float32Array(n).fill(NaN), new Float32Array(n).fill(NaN), new Float32Array(n).fill(3)],
  y: Float32Array.from({ length: n }, (_, i) => (i < 10 ? 10 + i : NaN)),
  seriesIndex: new Int32Array(n), ds,
};

describe('predictRecursive', () => {
  it('feeds each step its own earlier forecasts through the lag recipes', async () => {
    const target = Int32Array.from([10, 11, 12]);
    const selected: FeatureFrame = { ...frame, columns: frame.columns.map((c) => Float32Array.from(target, (r) => c[r])), y: new Float32Array(3).fill(NaN), seriesIndex: new Int32Array(3), ds: Int32Array.from(target, (r) => ds[r]) };
    const seen: number[][] = [];
    const out = await predictRecursive({
      frame, seriesOf: new Int32Array(n), history: Int32Array.from({ length: 10 }, (_, i) => i), target, origin: Int32Array.of(ds[9]),
      freq: 'W', horizon: 3, cols, scales: Float64Array.of(2), selected,
      predict: async (f) => {
        seen.push([f.columns[0][0], f.columns[1][0], f.columns[2][0]]);
        return Float64Array.from(f.columns[0], (v) => v + 0.5);
      },
    });
    expect(Array.from(out)).toEqual([10, 10.5, 11]);
    // Step 1 reads the history (19 / 2, mean of 18 and 19 / 2), step 3 two forecasts (10 and 10.5).
    expect(seen[0]).toEqual([9.5, 9.25, 3]);
    expect(seen[2]).toEqual([10.5, 10.25, 3]);
    expect(isRecursive(cols)).toBe(true);
    expect(isRecursive(cols.map((c) => ({ ...c, recursive: false })))).toBe(false);
  });
});
