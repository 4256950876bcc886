import { describe, expect, it } from 'vitest';
import { generateRetail } from '../../../src/lib/data/generator';
import { computePolicies, countQuantileFn, resolveInputs, searchSS, simulate, simulateSS, type PeriodForecast } from '../../../src/lib/inventory';

describe('search over (s, S) by simulation', () => {
  it('finds the known optimum of a deterministic instance (demand 5 a period, L = 1, K = 20, h = 1)', () => {
    // Ordering every T periods costs K/T + h·d·(T−1)/2 a period: T = 1 → 20, 2 → 12.5, 3 → 11.67, 4 → 12.5.
    // T = 3 with no stock-out means ordering 15 when 5 are left (arrival as stock hits 0): S = 20, s ∈ [5, 9].
    const inputs = resolveInputs({ id: 'toy', leadTime: 1, review: 1, holdingCost: 1, orderingCost: 20, stockoutCost: 100 }, { periodsPerYear: 365 });
    const demand = new Array(60).fill(5);
    const r = searchSS({ demand, inputs, formula: { s: 10, S: 15 }, onHand: 20, sGrid: Array.from({ length: 31 }, (_, i) => i), SGrid: Array.from({ length: 41 }, (_, i) => i) });
    expect(r.best.S).toBe(20);
    expect(r.best.s).toBeGreaterThanOrEqual(5);
    expect(r.best.s).toBeLessThanOrEqual(9);
    expect(r.best.metrics.lost_units).toBe(0);
    // From 20 on hand: end stocks 15, 10, 5, then 19 cycles of 0, 10, 5 (orders at t = 3, 6, …, 57).
    expect(r.best.metrics.avg_inventory).toBeCloseTo((30 + 19 * 15) / 60, 9);
    expect(r.best.metrics.orders).toBe(19);
    expect(r.best.metrics.total_cost).toBeCloseTo(19 * 20 + 30 + 19 * 15, 9);
    // The searched cost is the simulator's for that pair, and the formula pair is worse here.
    expect(r.best.metrics.total_cost).toBeCloseTo(simulateSS({ demand, inputs, onHand: 20 }, r.best.s, r.best.S).total_cost, 9);
    expect(r.formula.metrics.total_cost).toBeGreaterThan(r.best.metrics.total_cost);
  });

  it('on the generator, the searched (s, S) costs no more than the formula (s, S) on the same history', () => {
    const days = 540;
    const data = generateRetail({ stores: 1, items: 4, days, stockouts: 0, seed: 5, intermittentShare: 0.25 });
    const P = 180;
    let improved = 0;
    for (let i = 0; i < 4; i++) {
      const y = data.columns.sales.subarray(i * days + days - P, (i + 1) * days);
      const mu = data.expected.subarray(i * days + days - P, (i + 1) * days);
      const periods: PeriodForecast[] = Array.from({ length: 10 }, (_, j) => {
        const q = countQuantileFn(mu[j], mu[j]);
        return { mean: mu[j], quantiles: Object.fromEntries([0.05, 0.25, 0.5, 0.75, 0.95].map((p) => [p, q(p)])) };
      });
      const inputs = resolveInputs({ id: `i${i}`, leadTime: 2, review: 1, orderingCost: 5, stockoutCost: 2 }, { periodsPerYear: 365 });
      const p = computePolicies({ periods, inputs, samples: 800, seed: 3 });
      const r = searchSS({ demand: y, inputs, formula: p.sS, periodsPerYear: 365 });
      expect(r.best.metrics.total_cost).toBeLessThanOrEqual(r.formula.metrics.total_cost + 1e-9);
      // independent replay of the best pair with the simulator itself
      const own = simulate({ demand: y, rule: (_t, ip) => (ip <= r.best.s ? r.best.S - ip : 0), leadTime: 2, review: 1, onHand: r.best.S, holdingCost: inputs.holdingCost, orderingCost: 5, stockoutCost: 2 });
      expect(own.metrics.total_cost).toBeCloseTo(r.best.metrics.total_cost, 6);
      expect(r.evaluated).toBeGreaterThan(100);
      if (r.best.metrics.total_cost < r.formula.metrics.total_cost - 1e-6) improved++;
    }
    expect(improved).toBeGreaterThan(0);
  });
});
