import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/data/random';
import type { ForecastSet } from '../../../src/lib/forecast/contract';
import { quantileLevels } from '../../../src/lib/forecast/quantiles';
import {
  allocateOrders, expectedCost, normalQuantile, orderOptions, orderPlan, periodsFromForecastSet, resolveInputs, type AllocItem, type PeriodForecast,
} from '../../../src/lib/inventory';

const PS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
const flat = (means: number[], cv = 0.2): PeriodForecast[] => means.map((m) => ({ mean: m, quantiles: Object.fromEntries(PS.map((p) => [p, Math.max(0, m + cv * m * normalQuantile(p))])) }));

describe('allocation under a budget or capacity (integer program, HiGHS)', () => {
  const rng = createRng(4);
  const items: AllocItem[] = [0, 1, 2].map((i) => {
    const mean = [30, 60, 15][i];
    const demand = Float64Array.from({ length: 400 }, () => Math.max(0, mean + 0.3 * mean * rng.normal())).sort();
    return { id: `i${i}`, position: [5, 10, 0][i], wanted: [40, 80, 24][i], demand, unitCost: [2, 1, 5][i], holdingCost: 0.05, stockoutCost: [3, 1, 6][i], moq: [0, 20, 0][i], batch: [5, 10, 6][i] };
  });

  /** Every combination of the options, the cheapest feasible one. */
  function bruteForce(budget?: number, capacity?: number) {
    const opts = items.map((it) => orderOptions(it));
    let best = { cost: Infinity, qs: [] as number[] };
    for (const a of opts[0]) for (const b of opts[1]) for (const c of opts[2]) {
      const qs = [a, b, c];
      const spend = qs.reduce((s, q, i) => s + q * items[i].unitCost, 0);
      const units = a + b + c;
      if ((budget !== undefined && spend > budget + 1e-9) || (capacity !== undefined && units > capacity + 1e-9)) continue;
      const cost = qs.reduce((s, q, i) => s + expectedCost(items[i], q), 0);
      if (cost < best.cost) best = { cost, qs };
    }
    return best;
  }

  it('options respect MOQ and batch', () => {
    expect(orderOptions(items[1])).toEqual([0, 20, 30, 40, 50, 60, 70, 80]);
    expect(orderOptions(items[2])).toEqual([0, 6, 12, 18, 24]);
  });

  for (const [budget, capacity] of [[150, undefined], [undefined, 70], [120, 90], [40, undefined]] as const)
    it(`matches brute force with budget ${budget ?? '–'} and capacity ${capacity ?? '–'}`, async () => {
      const a = await allocateOrders({ items, budget, capacity });
      const b = bruteForce(budget, capacity);
      expect(a.status).toBe('optimal');
      expect(a.cost).toBeCloseTo(b.cost, 6);
      if (budget !== undefined) expect(a.spend).toBeLessThanOrEqual(budget + 1e-9);
      if (capacity !== undefined) expect(a.units).toBeLessThanOrEqual(capacity + 1e-9);
      // the limit binds: the unconstrained wish costs less but does not fit
      const free = items.reduce((s, it) => s + expectedCost(it, it.wanted), 0);
      expect(free).toBeLessThan(a.cost);
    });

  it('gives each item what it wants when the limit does not bind', async () => {
    const a = await allocateOrders({ items, budget: 1e6 });
    expect(a.status).toBe('unconstrained');
    expect(a.quantities).toEqual([40, 80, 24]);
  });
});

describe('order plan over the horizon', () => {
  const means = new Array(20).fill(20);
  const x = resolveInputs({ id: 'a', leadTime: 2, review: 1, onHand: 60, service: 0.9 }, { periodsPerYear: 365 });
  const promo = { id: 'a', start: 10, end: 12, uplift: 2 };

  it('a promotion raises the orders placed one lead time before it starts, not the earlier ones', async () => {
    const base = await orderPlan({ series: [{ inputs: x, periods: flat(means) }], seed: 3 });
    const withP = await orderPlan({ series: [{ inputs: x, periods: flat(means) }], promotions: [promo], seed: 3 });
    const at = (p: typeof base, t: number) => p.orders.find((o) => o.orderIn === t)?.quantity ?? 0;
    // the order at t covers t … t + L + R − 1 = t + 2: the first affected is t = 8 (covers period 10)
    for (let t = 0; t < 8; t++) expect(at(withP, t)).toBe(at(base, t));
    expect(at(withP, 8)).toBeGreaterThan(at(base, 8) + 12);
    // over the run-up and the promotion the extra units ordered are about the extra demand 3 × 20
    const extra = [8, 9, 10, 11, 12].reduce((s, t) => s + at(withP, t) - at(base, t), 0);
    expect(extra).toBeGreaterThan(40);
    expect(withP.orders.find((o) => o.orderIn === 8)!.reason).toContain('promotion in period 10–12 ×2');
    // orders arrive L periods later; no review past H − L − R
    expect(withP.orders.every((o) => o.arrivesIn === o.orderIn + 2 && o.orderIn <= 17)).toBe(true);
  });

  it('accepts a forecast made under a plan with promotions (src/lib/forecast contract) and gives the same plan', async () => {
    const levels = quantileLevels(PS);
    const withUplift = means.map((m, t) => (t >= 10 && t <= 12 ? 2 * m : m));
    const pf = flat(withUplift);
    const set: ForecastSet = {
      model: 'test', cutoff: 0, plan: 'promo', levels,
      series: [{ id: 'a', ds: Int32Array.from(means, (_, i) => i + 1), mean: Float64Array.from(withUplift), q: levels.map((l) => Float64Array.from(pf, (p) => p.quantiles[l.p])) }],
    };
    const fromSet = await orderPlan({ series: [{ inputs: x, periods: periodsFromForecastSet(set, 'a')! }], seed: 3 });
    const applied = await orderPlan({ series: [{ inputs: x, periods: flat(means) }], promotions: [promo], seed: 3 });
    expect(fromSet.orders.map((o) => o.quantity)).toEqual(applied.orders.map((o) => o.quantity));
  });

  it('a budget per period caps the spend across series and says which orders were cut', async () => {
    const y = resolveInputs({ id: 'b', leadTime: 2, review: 1, onHand: 0, unitCost: 3, stockoutCost: 2 }, { periodsPerYear: 365 });
    const series = [{ inputs: x, periods: flat(means) }, { inputs: y, periods: flat(means.map(() => 40)) }];
    const free = await orderPlan({ series, seed: 1 });
    const capped = await orderPlan({ series, budget: 150, seed: 1 });
    expect(Math.max(...free.periods.map((p) => p.spend))).toBeGreaterThan(150);
    for (const p of capped.periods) expect(p.spend).toBeLessThanOrEqual(150 + 1e-9);
    expect(capped.periods[0].status).toBe('optimal');
    expect(capped.orders.some((o) => o.quantity < o.wanted && /cut from \d+ to \d+ by the budget/.test(o.reason))).toBe(true);
  });
});
