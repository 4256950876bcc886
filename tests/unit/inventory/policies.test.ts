import { describe, expect, it } from 'vitest';
import {
  checkInputs, computePolicies, lostSalesService, normalQuantile, recommendOrders, resolveInputs, roundOrder, simulate, type PeriodForecast,
} from '../../../src/lib/inventory';

const flat = (mean: number, sd: number, n: number): PeriodForecast[] =>
  Array.from({ length: n }, () => ({ mean, quantiles: Object.fromEntries([0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975].map((p) => [p, mean + sd * normalQuantile(p)])) }));

describe('inputs', () => {
  it('fills missing fields from the assortment defaults and marks them', () => {
    const x = resolveInputs({ id: 'a', onHand: 12, leadTime: 3 }, { periodsPerYear: 365 });
    expect(x.onHand).toBe(12);
    expect(x.defaulted).toContain('orderingCost');
    expect(x.defaulted).toContain('holdingCost');
    expect(x.defaulted).not.toContain('leadTime');
    expect(x.holdingCost).toBeCloseTo((1 * 0.25) / 365, 12);
    const y = resolveInputs({ id: 'b', unitCost: 4, holdingRate: 0.2 }, { periodsPerYear: 52 });
    expect(y.holdingCost).toBeCloseTo(0.8 / 52, 12);
    expect(y.defaulted).not.toContain('holdingCost');
  });

  it('each bad input gets its own message with what to do', () => {
    const codes = (row: Parameters<typeof resolveInputs>[0], ctx = {}) =>
      checkInputs(resolveInputs(row, { periodsPerYear: 365 }), { horizon: 14, periodsPerYear: 365, meanDemand: 1, ...ctx }).map((i) => i.code);
    expect(codes({ id: 'a', leadTime: 0 })).toContain('lead_time_zero');
    expect(codes({ id: 'a', leadTime: 20 })).toContain('lead_time_beyond_horizon');
    expect(codes({ id: 'a', service: 1 })).toContain('service_out_of_range');
    expect(codes({ id: 'a', onHand: -3 })).toContain('negative_stock');
    expect(codes({ id: 'a', moq: 400 })).toContain('moq_above_year');
    expect(codes({ id: 'a' })).toContain('cost_defaults');
    expect(codes({ id: 'a', holdingCost: 0.01, orderingCost: 5, stockoutCost: 2 })).toEqual([]);
    const msg = checkInputs(resolveInputs({ id: 'a', leadTime: 20 }, { periodsPerYear: 365 }), { horizon: 14, periodsPerYear: 365, canExtend: true })[0];
    expect(msg.hint).toMatch(/at least 21 periods/);
  });
});

describe('policies and orders', () => {
  const inputs = resolveInputs({ id: 's1', onHand: 40, leadTime: 2, review: 1, service: 0.95, orderingCost: 20, holdingCost: 0.1, stockoutCost: 2, batch: 1 }, { periodsPerYear: 365 });
  const p = computePolicies({ periods: flat(30, 6, 14), inputs, samples: 20000, seed: 4, lostSales: false });
  const lost = computePolicies({ periods: flat(30, 6, 14), inputs, samples: 4000, seed: 4 });

  it('S, s and safety stock match the normal values for normal quantiles', () => {
    expect(p.orderUpTo.value).toBeCloseTo(90 + 1.644854 * 6 * Math.sqrt(3), 0);
    expect(p.reorderPoint.value).toBeCloseTo(60 + 1.644854 * 6 * Math.sqrt(2), 0);
    expect(p.safetyStock.value).toBeCloseTo(1.644854 * 6 * Math.sqrt(3), 0);
    expect(p.normalSafetyStock.value).toBeCloseTo(p.safetyStock.value, 0);
    expect(p.eoq.value).toBeCloseTo(Math.sqrt((2 * 30 * 20) / 0.1), 0);
    expect(p.sS.S - p.sS.s).toBeCloseTo(p.eoq.value, 8);
    // One-shot buy: co defaults to unit cost − salvage = 1 − 0 (not the holding cost of a period).
    expect(p.newsvendor.values.fractile).toBeCloseTo(2 / (2 + 1), 6);
    expect(p.orderUpTo.formula).toMatch(/L \+ R/);
  });

  it('under lost sales S is at most the backorder S and still meets the target on its own paths', () => {
    expect(lost.orderUpTo.value).toBeLessThanOrEqual(lost.orderUpTo.values.S_backorder_formula + 0.01);
    expect(lost.orderUpTo.value).toBeGreaterThan(90);
    expect(lostSalesService(lost.demand, lost.orderUpTo.value).csl).toBeGreaterThanOrEqual(0.95);
    expect(lostSalesService(lost.demand, lost.orderUpTo.value - 3).csl).toBeLessThan(0.95);
  });

  it('(R,S) orders S − position now, rounded to MOQ and batch', () => {
    const S = p.orderUpTo.value;
    const open = { ...inputs, openOrders: [{ quantity: 10, arrivesIn: 1 }] };
    const [first] = recommendOrders({ policy: 'RS', policies: p, inputs: open, means: Array(14).fill(30) });
    expect(first.orderIn).toBe(0);
    expect(first.arrivesIn).toBe(2);
    expect(first.quantity).toBe(Math.ceil(S - 50));
    const batched = recommendOrders({ policy: 'RS', policies: p, inputs: { ...open, batch: 24, moq: 48 }, means: Array(14).fill(30) });
    expect(batched[0].quantity % 24).toBe(0);
    expect(batched[0].quantity).toBeGreaterThanOrEqual(Math.max(48, S - 50));
    expect(batched[0].quantity - (S - 50)).toBeLessThan(48);
  });

  it('(s, n×batch) waits until the projected position falls below s, then orders whole batches', () => {
    const rich = { ...inputs, onHand: 200, batch: 50 };
    const [o] = recommendOrders({ policy: 'batch', policies: p, inputs: rich, means: Array(14).fill(30) });
    const s = p.reorderPoint.value;
    const when = Array.from({ length: 14 }, (_, t) => 200 - 30 * t).findIndex((v) => v <= s);
    expect(o.orderIn).toBe(when);
    expect(o.quantity % 50).toBe(0);
    expect(o.position + o.quantity).toBeGreaterThanOrEqual(s);
  });

  it('roundOrder: MOQ then batch', () => {
    expect(roundOrder(0)).toBe(0);
    expect(roundOrder(3.2)).toBe(4);
    expect(roundOrder(130, { batch: 100 })).toBe(200);
    expect(roundOrder(10, { moq: 250, batch: 100 })).toBe(300);
  });
});

describe('simulate (lost sales)', () => {
  it('reproduces a hand-worked replay', () => {
    // S = 10, L = 1, R = 1, start 10 on hand; demand 4, 8, 2, 12
    // t0: pos 10 → no order; sell 4 → 6.   t1: pos 6 → order 4 (arrives t2); sell 6, lose 2 → 0.
    // t2: +4 → 4; pos 4 → order 6 (t3); sell 2 → 2.   t3: +6 → 8; pos 8 → order 2; sell 8, lose 4 → 0.
    const r = simulate({ demand: [4, 8, 2, 12], rule: (_t, ip) => 10 - ip, leadTime: 1, review: 1, onHand: 10, holdingCost: 1, orderingCost: 5, stockoutCost: 3 });
    expect(Array.from(r.trace.onHand)).toEqual([6, 0, 2, 0]);
    expect(Array.from(r.trace.lost)).toEqual([0, 2, 0, 4]);
    expect(Array.from(r.trace.ordered)).toEqual([0, 4, 6, 2]);
    expect(r.metrics.fill_rate).toBeCloseTo(1 - 6 / 26, 12);
    expect(r.metrics.cycle_service_level).toBe(0.5);
    expect(r.metrics.stockout_periods).toBe(2);
    expect(r.metrics.avg_inventory).toBe(2);
    expect(r.metrics.total_cost).toBe(1 * 8 + 5 * 3 + 3 * 6);
  });
});
