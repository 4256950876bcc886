import { describe, expect, it } from 'vitest';
import { coverage, intervalWidth, mase, pinball, rmsse, seasonalScale, getMetric } from '../../../src/lib/metrics';

// actual [1, 2, 3, 4], forecast [2, 2, 1, 5]: MAE = 1, MSE = 1.5
const input = { actual: [1, 2, 3, 4], forecast: [2, 2, 1, 5] };
// insample [1, 3, 2, 5, 3, 7], m = 2: y_t − y_{t−2} = [1, 2, 1, 2] → scale MAE 1.5, MSE (1+4+1+4)/4 = 2.5
const insample = [1, 3, 2, 5, 3, 7];

describe('scaled metrics', () => {
  it('seasonalScale', () => expect(seasonalScale(insample, 2)).toEqual({ mae: 1.5, mse: 2.5, n: 4 }));
  it('MASE = 1 / 1.5, RMSSE = sqrt(1.5 / 2.5)', () => {
    expect(mase({ ...input, insample, season: 2 }).value).toBeCloseTo(2 / 3, 12);
    expect(rmsse({ ...input, insample, season: 2 }).value).toBeCloseTo(Math.sqrt(0.6), 12);
  });
  it('zero scale or too-short training part → null with a reason', () => {
    const flat = mase({ ...input, insample: [1, 2, 1, 2], season: 2 });
    expect(flat.value).toBeNull();
    expect(flat.reason).toMatch(/scale is 0/);
    const short = rmsse({ ...input, insample: [1, 2], season: 2 });
    expect(short.value).toBeNull();
    expect(short.reason).toMatch(/too short/);
  });
});

describe('interval metrics', () => {
  const a = [10, 10];
  it('pinball at τ = 0.9 reads hi[80]: mean(0.1·2, 0.9·3) = 1.45', () => {
    // d = y − q = −2 → max(0.9·−2, −0.1·−2) = 0.2; d = 3 → 2.7
    expect(pinball(0.9)({ actual: a, forecast: a, hi: { 80: [12, 7] }, lo: {} }).value).toBeCloseTo(1.45, 12);
  });
  it('pinball at τ = 0.1 reads lo[80]: mean(0.1·2, 0.9·1) = 0.55', () => {
    expect(pinball(0.1)({ actual: a, forecast: a, lo: { 80: [8, 11] } }).value).toBeCloseTo(0.55, 12);
  });
  it('pinball_50 is half the MAE of the point forecast: (0.5·1 + 0.5·2) / 2 = 0.75', () => {
    expect(getMetric('pinball_50').fn({ actual: a, forecast: [9, 12] }).value).toBe(0.75);
  });
  it('coverage and width; bounds are inclusive', () => {
    const iv = { actual: [10, 10, 10, 10], forecast: [10, 10, 10, 10], lo: { 80: [8, 11, 9, 10] }, hi: { 80: [12, 12, 9.5, 10] } };
    // inside: yes, no (10 < 11), no (10 > 9.5), yes (10 ≤ 10 ≤ 10) → 2/4
    expect(coverage(80)(iv)).toEqual({ value: 0.5, n: 4 });
    // widths 4, 1, 0.5, 0 → 1.375
    expect(intervalWidth(80)(iv).value).toBe(1.375);
    expect(coverage(95)(iv)).toMatchObject({ value: null, reason: 'no 95 % interval' });
  });
});
