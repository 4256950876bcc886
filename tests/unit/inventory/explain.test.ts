import { describe, expect, it } from 'vitest';
import { computePolicies, normalQuantile, recommendationsCsv, resolveInputs, sampleQuantile, type ItemStudy, type PeriodForecast } from '../../../src/lib/inventory';

const flat = (mean: number, sd: number, n: number): PeriodForecast[] =>
  Array.from({ length: n }, () => ({ mean, quantiles: Object.fromEntries([0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975].map((p) => [p, mean + sd * normalQuantile(p)])) }));
const nums = (s: string) => [...s.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));

describe('explained numbers', () => {
  const inputs = resolveInputs({ id: 'a', leadTime: 2, review: 1, orderingCost: 30, unitCost: 8, holdingRate: 0.3, stockoutCost: 4 }, { periodsPerYear: 365 });
  const p = computePolicies({ periods: flat(50, 10, 10), inputs, samples: 3000, seed: 2 });

  it('each worked line puts the shown inputs into the formula and ends in the value', () => {
    // EOQ = √(2 · d · K / h) = value, recomputed from the numbers of the line
    const [two, d, K, h, q] = nums(p.eoq.worked!);
    expect(two).toBe(2);
    expect(K).toBe(30);
    expect(h).toBe(Number(inputs.holdingCost.toPrecision(3))); // written as the table writes it, not 0 and not 16 digits
    expect(Math.sqrt((2 * d * K) / h)).toBeCloseTo(q, 0);
    expect(q).toBeCloseTo(p.eoq.value, 1);
    // SS = S − mean = value
    const [S, mean, ss] = nums(p.safetyStock.worked!);
    expect(S - mean).toBeCloseTo(ss, 1);
    expect(ss).toBeCloseTo(p.safetyStock.value, 1);
    expect(S).toBeCloseTo(p.orderUpTo.value, 1);
    // newsvendor: cu / (cu + co) = fractile; Q* = F⁻¹(fractile) of the sampled L + R demand
    const nv = nums(p.newsvendor.worked!);
    const co = 8 - 0; // the default overage cost: unit cost − salvage
    expect(nv.slice(0, 3)).toEqual([4, 4, co]);
    expect(nv[3]).toBeCloseTo(4 / (4 + co), 2);
    expect(nv.at(-1)!).toBeCloseTo(sampleQuantile(p.demand.protection, 4 / (4 + co)), 1);
    // normal safety stock: z · √((L+R) σd² + d² σL²)
    const [z, LR, sd, dd, sL, nss] = nums(p.normalSafetyStock.worked!);
    expect(z).toBeCloseTo(normalQuantile(0.95), 2);
    expect(z * Math.sqrt(LR * sd * sd + dd * dd * sL * sL)).toBeCloseTo(nss, 0);
    expect(p.reorderPoint.worked).toMatch(/^s = the 95 % quantile of demand over L = 2 periods/);
  });

  it('the CSV carries each value with its formula, inputs and worked line', () => {
    const item: ItemStudy = {
      id: 'a', inputs, orders: [{ id: 'a', orderIn: 0, arrivesIn: 2, quantity: 120, position: 30, reason: 'review: position 30.0 < S 150.0, order S − position' }],
      explained: [{ name: 'EOQ', value: p.eoq.value, formula: p.eoq.formula, values: p.eoq.values, worked: p.eoq.worked }],
    };
    const lines = recommendationsCsv([item]).trim().split('\n');
    expect(lines[0]).toBe('unique_id,kind,name,value,formula,inputs,worked');
    expect(lines[1]).toMatch(/^a,inputs,inputs,,,onHand=0 \(default\);/);
    expect(lines[1]).toContain('orderingCost=30;');
    expect(lines[1]).not.toContain('orderingCost=30 (default)');
    const eoq = lines[2].split(',');
    expect(eoq.slice(0, 3)).toEqual(['a', 'value', 'EOQ']);
    expect(Number(eoq[3])).toBeCloseTo(p.eoq.value, 2);
    expect(lines[2]).toContain(p.eoq.worked!);
    expect(lines[3]).toBe('a,order,"order in 0 periods, arrives in 2",120,"review: position 30.0 < S 150.0, order S − position",position=30,');
  });
});
