import { describe, expect, it } from 'vitest';
import { averagePeriod, computePolicies, countQuantileFn, learnOrderPolicy, resolveInputs, simulate, type PeriodForecast } from '../../../src/lib/inventory';

const poisson = (mu: number): PeriodForecast => {
  const q = countQuantileFn(mu, mu);
  return { mean: mu, quantiles: Object.fromEntries([0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99].map((p) => [p, q(p)])) };
};

describe('learning mode: Q-learning against the simulator', () => {
  const inputs = resolveInputs({ id: 'a', leadTime: 2, review: 1, holdingCost: 0.05, orderingCost: 5, stockoutCost: 2, service: 0.95 }, { periodsPerYear: 365 });
  const periods = Array.from({ length: 10 }, () => poisson(20));
  const S = computePolicies({ periods, inputs, samples: 2000, seed: 4 }).orderUpTo.value;
  const r = learnOrderPolicy({ inputs, period: averagePeriod(periods), computedLevel: S, seed: 11 });

  it('the learned policy costs at most 1.5 × the computed (R, S) on fresh seeded demand', () => {
    expect(r.computed.total_cost).toBeGreaterThan(0);
    expect(r.learned.total_cost).toBeLessThan(1.5 * r.computed.total_cost);
    expect(r.learned.fill_rate).toBeGreaterThan(0.85);
    // and it learned something: far better than never ordering, and than its untrained start
    expect(r.curve.at(-1)![1]).toBeGreaterThan(r.curve[0][1]);
  });

  it('the learned policy orders more at low positions than at high ones', () => {
    const low = r.orderByBucket.slice(0, 3).reduce((a, b) => a + b, 0);
    const high = r.orderByBucket.slice(-3).reduce((a, b) => a + b, 0);
    expect(low).toBeGreaterThan(high);
  });

  it('the computed figures are the simulator replaying (R, S) itself', () => {
    // an independent replay of one path gives a fill rate near the pooled one (same policy, same distribution)
    const q = countQuantileFn(20, 20);
    let seed = 5;
    const demand = Array.from({ length: 2000 }, () => q(((seed = (seed * 16807) % 2147483647) / 2147483647)));
    const own = simulate({ demand, rule: (_t, ip) => S - ip, leadTime: 2, review: 1, onHand: S, holdingCost: 0.05, orderingCost: 5, stockoutCost: 2 });
    expect(Math.abs(own.metrics.fill_rate - r.computed.fill_rate)).toBeLessThan(0.02);
  });

  it('averagePeriod averages means and quantiles', () => {
    const a = averagePeriod([{ mean: 10, quantiles: { 0.5: 9, 0.9: 15 } }, { mean: 20, quantiles: { 0.5: 19, 0.9: 27 } }]);
    expect(a).toEqual({ mean: 15, quantiles: { 0.5: 14, 0.9: 21 } });
  });
});
