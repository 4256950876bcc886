import { describe, expect, it } from 'vitest';
import {
  countPmf, criticalFractile, eoq, expectedShortage, leadTimeDemand, levelForService, normalCdf, normalLoss, normalQuantile,
  normalSafetyStock, quantileFunction, sampleQuantile, type PeriodForecast,
} from '../../../src/lib/inventory';

/** A period whose quantiles are those of Normal(mean, sd) on a fine grid. */
function normalPeriod(mean: number, sd: number): PeriodForecast {
  const quantiles: Record<number, number> = {};
  for (let i = 1; i < 200; i++) quantiles[i / 200] = mean + sd * normalQuantile(i / 200);
  return { mean, quantiles };
}

describe('normal helpers', () => {
  it('match tabulated values', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 5);
    expect(normalLoss(0)).toBeCloseTo(0.398942, 5); // φ(0)
    expect(normalLoss(1)).toBeCloseTo(0.083315, 5); // Silver–Pyke–Thomas table
  });
});

describe('textbook formulas', () => {
  it('EOQ = √(2DK/h): D 1,200 a year, K 100, h 6 → 200', () => {
    expect(eoq({ demand: 1200, orderingCost: 100, holdingCost: 6 })).toBeCloseTo(200, 10);
    expect(eoq({ demand: 100, orderingCost: 10, holdingCost: 0.5 })).toBeCloseTo(Math.sqrt(4000), 10);
  });

  it('newsvendor: fractile cu/(cu+co) and the quantity μ + σ Φ⁻¹(fractile) on sampled normal demand', () => {
    const f = criticalFractile({ underage: 5, overage: 3 });
    expect(f).toBe(0.625);
    const d = leadTimeDemand({ periods: [normalPeriod(100, 20)], leadTime: 0, review: 1, samples: 20000, seed: 3 });
    expect(sampleQuantile(d.protection, f)).toBeCloseTo(100 + 20 * 0.318639, 0);
  });

  it('safety stock z·√(L σd² + d² σL²) and the sampled distribution agree on its spread', () => {
    const ss = normalSafetyStock({ demand: 100, demandSd: 20, leadTime: 4, leadTimeSd: 1, service: 0.95 });
    expect(ss).toBeCloseTo(1.644854 * Math.sqrt(4 * 400 + 100 ** 2 * 1), 3);
    // The sampler draws whole-period lead times round(N(4, 1)); its exact variance:
    let m = 0;
    let m2 = 0;
    for (let k = 0; k <= 10; k++) {
      const p = normalCdf(k + 0.5 - 4) - normalCdf(k - 0.5 - 4);
      m += p * k;
      m2 += p * k * k;
    }
    const varL = m2 - m * m;
    const d = leadTimeDemand({ periods: Array.from({ length: 12 }, () => normalPeriod(100, 20)), leadTime: 4, leadTimeSd: 1, review: 0, samples: 20000, seed: 5 });
    const sd = Math.sqrt(d.protection.reduce((s, v) => s + (v - d.meanProtection) ** 2, 0) / d.protection.length);
    expect(d.meanProtection).toBeGreaterThan(395);
    expect(d.meanProtection).toBeLessThan(405);
    expect(Math.abs(sd / Math.sqrt(m * 400 + 100 ** 2 * varL) - 1)).toBeLessThan(0.03);
  });

  it('without lead-time variability the sampled 95 % level is μL + z σ √L', () => {
    const d = leadTimeDemand({ periods: Array.from({ length: 3 }, () => normalPeriod(50, 10)), leadTime: 2, review: 1, samples: 20000, seed: 9 });
    expect(levelForService(d, { service: 0.95, kind: 'csl' })).toBeCloseTo(150 + 1.644854 * 10 * Math.sqrt(3), 0);
  });

  it('fill-rate level meets E[short] = (1 − β) E[D_R] (normal loss), lead-only shortage subtracted', () => {
    const d = leadTimeDemand({ periods: Array.from({ length: 3 }, () => normalPeriod(50, 10)), leadTime: 2, review: 1, samples: 40000, seed: 2 });
    const S = levelForService(d, { service: 0.98, kind: 'fill_rate' });
    const sigma = 10 * Math.sqrt(3);
    const sigmaL = 10 * Math.sqrt(2);
    // independent check by bisection on the normal loss function
    let lo = 0;
    let hi = 400;
    for (let i = 0; i < 60; i++) {
      const m = (lo + hi) / 2;
      const short = sigma * normalLoss((m - 150) / sigma) - sigmaL * normalLoss((m - 100) / sigmaL);
      if (short > 0.02 * 50) lo = m;
      else hi = m;
    }
    expect(Math.abs(S - hi)).toBeLessThan(1);
    expect(expectedShortage(d.protection, S) - expectedShortage(d.lead, S)).toBeCloseTo(1, 1);
  });
});

describe('quantile function and count distributions', () => {
  it('passes through the knots, is monotone, never negative, and handles crossing quantiles', () => {
    const q = quantileFunction({ mean: 5, quantiles: { 0.025: -2, 0.1: 1, 0.9: 9, 0.975: 8.5 } })!;
    expect(q(0.1)).toBeCloseTo(1, 10);
    let prev = -1;
    for (let u = 0.001; u < 1; u += 0.001) {
      const v = q(u);
      expect(v).toBeGreaterThanOrEqual(prev - 1e-12);
      expect(v).toBeGreaterThanOrEqual(0);
      prev = v;
    }
    expect(quantileFunction({ mean: 5, quantiles: { 0.5: 5 } })).toBeUndefined();
  });

  it('negative binomial has the asked mean and variance; Poisson when variance ≤ mean', () => {
    const moments = (pmf: Float64Array) => {
      let m = 0;
      let m2 = 0;
      pmf.forEach((p, k) => { m += p * k; m2 += p * k * k; });
      return [m, m2 - m * m];
    };
    const [m, v] = moments(countPmf(0.4, 1.2));
    expect(m).toBeCloseTo(0.4, 4);
    expect(v).toBeCloseTo(1.2, 3);
    const [pm, pv] = moments(countPmf(3, 2));
    expect(pm).toBeCloseTo(3, 5);
    expect(pv).toBeCloseTo(3, 4);
    expect(countPmf(0.4, 1.2)[0]).toBeGreaterThan(0.7); // mostly zeros, as intermittent demand is
  });

  it('a period without quantiles falls back to a count distribution: demand is whole and ≥ 0', () => {
    const d = leadTimeDemand({ periods: [{ mean: 0.3, quantiles: {} }], leadTime: 2, review: 1, samples: 5000, seed: 1, dispersion: 3 });
    expect(d.source).toBe('count');
    expect(d.protection.every((v) => v >= 0 && Number.isInteger(v))).toBe(true);
    expect(d.meanProtection).toBeCloseTo(0.9, 1);
    expect(d.padded).toBe(2);
  });
});
