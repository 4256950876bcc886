import { describe, expect, it } from 'vitest';
import { metricByGroup, metricBySeries, metricPooled, type SeriesMetricInput } from '../../../src/lib/metrics';

// s1/A: a = [100, 100], f = [110, 90]  → Σ|e| = 20, Σ|y| = 200 → WAPE 10 %;  insample [100, 104], m = 1 → scale 4, MAE 10 → MASE 2.5
// s1/B: a = [1, 1],     f = [2, 0]     → Σ|e| = 2,  Σ|y| = 2   → WAPE 100 %; insample [1, 2, 1] → scale 1, MAE 1 → MASE 1
// s2/C: a = [0, 0],     f = [1, 1]     → WAPE undefined;                    insample [0, 0] → scale 0 → MASE undefined
const inputs: SeriesMetricInput[] = [
  { id: 's1/A', actual: [100, 100], forecast: [110, 90], insample: [100, 104], season: 1 },
  { id: 's1/B', actual: [1, 1], forecast: [2, 0], insample: [1, 2, 1], season: 1 },
  { id: 's2/C', actual: [0, 0], forecast: [1, 1], insample: [0, 0], season: 1 },
];

describe('aggregation', () => {
  it('pooled WAPE (Σ|e| / Σ|y| over everything) differs from the mean of per-series WAPEs', () => {
    const ab = inputs.slice(0, 2);
    const pooled = metricPooled(ab, 'wape');
    expect(pooled.value).toBeCloseTo((100 * 22) / 202, 12); // 10.891 %
    const per = metricBySeries(ab, 'wape');
    expect(per['s1/A'].value).toBe(10);
    expect(per['s1/B'].value).toBe(100);
    expect((per['s1/A'].value! + per['s1/B'].value!) / 2).toBe(55);
  });
  it('pooled MASE is the mean of per-series MASE, undefined series skipped with a count', () => {
    const r = metricPooled(inputs, 'mase');
    expect(r.value).toBeCloseTo((2.5 + 1) / 2, 12);
    expect(r.n).toBe(2);
    expect(r.skipped).toBe(1);
    expect(r.reason).toMatch(/1 of 3 series skipped \(MASE undefined: seasonal-naive scale is 0/);
  });
  it('pooled WAPE counts the all-zero series in Σ|e| (adds 2 error, 0 volume)', () => {
    expect(metricPooled(inputs, 'wape').value).toBeCloseTo((100 * 24) / 202, 12);
  });
  it('per group pools within the group', () => {
    const g = metricByGroup(inputs, 'wape', (id) => id.split('/')[0]);
    expect(g.s1.value).toBeCloseTo((100 * 22) / 202, 12);
    expect(g.s2.value).toBeNull();
    expect(g.s2.reason).toMatch(/all 2 actual\(s\) are 0/);
  });
  it('a series over several windows: MASE is averaged over its windows first', () => {
    // A window 2: a = [100], f = [104], insample [100, 104, 100] → scale 4, MAE 4 → MASE 1;  A = (2.5 + 1)/2 = 1.75
    const two = [inputs[0], { id: 's1/A', actual: [100], forecast: [104], insample: [100, 104, 100], season: 1 }, inputs[1]];
    expect(metricPooled(two, 'mase').value).toBeCloseTo((1.75 + 1) / 2, 12);
    expect(metricBySeries(two, 'mase')['s1/A'].value).toBeCloseTo(1.75, 12);
  });
});

describe('pooled coverage with a series lacking intervals', () => {
  it('skips and counts the points without bounds instead of dropping the metric', () => {
    const r = metricPooled(
      [
        { id: 'a', actual: [1, 5], forecast: [1, 1], lo: { 80: [0, 0] }, hi: { 80: [2, 2] } }, // inside, outside
        { id: 'b', actual: [1, 1, 1], forecast: [1, 1, 1] }, // e.g. a fallback without intervals
      ],
      'coverage_80',
    );
    expect(r).toMatchObject({ value: 0.5, n: 2, skipped: 3 });
  });
});
