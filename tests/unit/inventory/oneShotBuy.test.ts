/**
 * The Replenish step's one-shot buy (newsvendor) with its default overage cost, the fractile-of-1 case,
 * and the numbers of the formula lines written as the table writes them — each checked against an
 * independent computation (textbook constants, plain arithmetic), not against the module's own helpers.
 */
import { describe, expect, it } from 'vitest';
import {
  checkInputs, computePolicies, formatAmount, normalQuantile, recommendationsCsv, resolveInputs, type ItemStudy, type PeriodForecast,
} from '../../../src/lib/inventory';
import { legendLayout } from '../../../src/lib/charts/inventoryChart';

const flat = (mean: number, sd: number, n: number): PeriodForecast[] =>
  Array.from({ length: n }, () => ({ mean, quantiles: Object.fromEntries([0.01, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 0.99].map((p) => [p, mean + sd * normalQuantile(p)])) }));
const nums = (s: string) => [...s.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));

describe('newsvendor: the overage cost of a one-shot buy', () => {
  it('defaults to unit cost − salvage, marked as a default with its rule, and gives the textbook quantity', () => {
    // cu = 3, unit cost 5, salvage 1 → co = 4, fractile 3/7; demand over L + R = 2 + 1 periods of N(40, 8²), independent periods.
    const x = resolveInputs({ id: 'a', leadTime: 2, review: 1, unitCost: 5, salvage: 1, stockoutCost: 3 }, { periodsPerYear: 365 });
    expect(x.overageCost).toBe(4);
    expect(x.defaulted).toContain('overageCost');
    expect(x.overageDefault).toBe('unit cost − salvage = 5 − 1');
    const p = computePolicies({ periods: flat(40, 8, 10), inputs: x, samples: 40000, seed: 11, correlation: 0, lostSales: false });
    expect(p.newsvendor.values.fractile).toBeCloseTo(3 / 7, 12);
    // Φ⁻¹(3/7) = −0.180012 (tables); Q* = 120 + 8 √3 · (−0.180012) = 117.51
    expect(p.newsvendor.value).toBeCloseTo(120 + 8 * Math.sqrt(3) * -0.180012, 0);
    expect(p.newsvendor.worked).toMatch(/^cu \/ \(cu \+ co\) = 3 \/ \(3 \+ 4\) = 0\.429; Q\* = F⁻¹\(0\.429\) = /);
  });

  it('with the shipped defaults the fractile is not 1 (the bug: co = holding cost of a day ≈ 0)', () => {
    const x = resolveInputs({ id: 'a' }, { periodsPerYear: 365 });
    const p = computePolicies({ periods: flat(20, 5, 10), inputs: x, samples: 2000, seed: 1 });
    expect(p.newsvendor.values.fractile).toBeCloseTo(0.5 / (0.5 + 1), 12);
    expect(Number.isFinite(p.newsvendor.value)).toBe(true);
  });

  it('a given overage cost wins and is not marked as a default', () => {
    const x = resolveInputs({ id: 'a', unitCost: 5, overageCost: 0.5, stockoutCost: 2 }, { periodsPerYear: 52 });
    expect(x.overageCost).toBe(0.5);
    expect(x.defaulted).not.toContain('overageCost');
    expect(x.overageDefault).toBeUndefined();
    const p = computePolicies({ periods: flat(20, 5, 10), inputs: x, samples: 2000, seed: 1 });
    expect(p.newsvendor.values.fractile).toBeCloseTo(0.8, 12);
  });

  it('co = 0 (fractile exactly 1) gets a message and no quantity, not the largest sample', () => {
    const x = resolveInputs({ id: 'a', unitCost: 2, salvage: 2, stockoutCost: 1 }, { periodsPerYear: 365 });
    const p = computePolicies({ periods: flat(20, 5, 10), inputs: x, samples: 2000, seed: 1 });
    expect(p.newsvendor.value).toBeNaN();
    expect(p.newsvendor.values.fractile).toBe(1);
    expect(p.newsvendor.worked).toMatch(/no upper limit; enter the overage cost/);
    const issues = checkInputs(x, { horizon: 14, periodsPerYear: 365 });
    expect(issues.find((i) => i.code === 'newsvendor_unbounded')).toMatchObject({ level: 'warning', message: expect.stringContaining('unit cost − salvage = 2 − 2') });
    // Both costs 0: no fractile at all, still no throw.
    const z = resolveInputs({ id: 'b', overageCost: 0, stockoutCost: 0 }, { periodsPerYear: 365 });
    expect(computePolicies({ periods: flat(20, 5, 10), inputs: z, samples: 500, seed: 1 }).newsvendor.worked).toMatch(/not defined/);
  });

  it('a salvage value above the unit cost is refused with what to do', () => {
    const x = resolveInputs({ id: 'a', unitCost: 2, salvage: 3 }, { periodsPerYear: 365 });
    expect(checkInputs(x, { horizon: 14, periodsPerYear: 365 }).find((i) => i.code === 'salvage_above_cost')).toMatchObject({ level: 'error', hint: expect.stringContaining('salvage value at most the unit cost') });
  });

  it('the CSV names the default and its rule', () => {
    const x = resolveInputs({ id: 'a', unitCost: 5 }, { periodsPerYear: 365 });
    const item: ItemStudy = { id: 'a', inputs: x, orders: [], explained: [] };
    expect(recommendationsCsv([item])).toContain('salvage=0 (default); overageCost=5 (default: unit cost − salvage = 5 − 0);');
  });
});

describe('formula lines are written as the table writes them', () => {
  const x = resolveInputs({ id: 'a', leadTime: 2, review: 1, orderingCost: 30, unitCost: 8, holdingRate: 0.3, stockoutCost: 4 }, { periodsPerYear: 365 });
  const p = computePolicies({ periods: flat(50, 10, 10), inputs: x, samples: 3000, seed: 2 });

  it('formatAmount: 1 decimal from 10 up, 3 significant digits below, never a small cost shown as 0', () => {
    expect(formatAmount(0.0006849315068493151)).toBe('0.000685');
    expect(formatAmount(1234.5678)).toBe('1234.6');
    expect(formatAmount(0.95)).toBe('0.95');
    expect(formatAmount(25)).toBe('25');
    expect(formatAmount(NaN)).toBe('–');
    expect(formatAmount(0.99963)).toBe('0.9996'); // a fractile just below 1 is not shown as 1
    expect(formatAmount(1)).toBe('1');
    expect(formatAmount(1.0000000000002)).toBe('1');
  });

  it('EOQ: every number of the worked line is the value in the table, and they give the result', () => {
    // h = 8 · 0.3 / 365 = 0.0065753… per unit and day
    const h = (8 * 0.3) / 365;
    expect(p.eoq.values.h).toBeCloseTo(h, 15);
    const line = nums(p.eoq.worked!);
    expect(p.eoq.worked).toBe(`EOQ = √(2 · ${formatAmount(p.eoq.values.d)} · 30 / 0.00658) = ${formatAmount(p.eoq.value)}`);
    expect(line[3]).toBe(0.00658);
    // Independent: d is the sampled mean demand a period (the forecast says 50), EOQ = √(2 · d · 30 / h) ≈ 855
    expect(Math.abs(p.eoq.values.d - 50)).toBeLessThan(1);
    const q = Math.sqrt((2 * p.eoq.values.d * 30) / h);
    expect(p.eoq.value).toBeCloseTo(q, 6);
    expect(line[4]).toBe(Math.round(q * 10) / 10);
    expect(Math.abs(q - Math.sqrt((2 * 50 * 30) / h))).toBeLessThan(10);
  });

  it('every worked line ends in the result as the table shows it', () => {
    for (const e of [p.orderUpTo, p.safetyStock, p.reorderPoint, p.eoq, p.normalSafetyStock, p.newsvendor]) expect(e.worked!.endsWith(`= ${formatAmount(e.value)}`)).toBe(true);
  });
});

describe('inventory chart legend layout', () => {
  const entries = ['on hand (policy)', 'on hand (naive)', 'order-up-to level', 'orders', 'stock-outs'].map((label, i) => ({ label, swatch: i < 3 ? 'line' : 'rect' }));
  for (const width of [800, 420, 200])
    it(`entries do not overlap and stay inside ${width} px`, () => {
      const { at, height } = legendLayout(entries, width);
      const boxes = at.map((p, i) => ({ ...p, w: (entries[i].swatch === 'rect' ? 13 : 17) + entries[i].label.length * 6 }));
      for (const b of boxes) expect(b.x + b.w).toBeLessThanOrEqual(width);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) if (boxes[i].y === boxes[j].y) expect(boxes[i].x + boxes[i].w <= boxes[j].x || boxes[j].x + boxes[j].w <= boxes[i].x).toBe(true);
      expect(height).toBe(Math.max(...at.map((p) => p.y)) + 14);
    });
});
