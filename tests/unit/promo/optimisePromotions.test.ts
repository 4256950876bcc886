import { describe, expect, it } from 'vitest';
import { bruteForcePlan, evaluatePlan, optimisePromotions, optionEffect, randomPlanProblem, type PlanProblem } from '../../../src/lib/promo';

describe('optionEffect (the shared response model)', () => {
  it('matches a hand computation of uplift, dip, cannibalisation, money and spend', () => {
    const p: PlanProblem = {
      periods: 2, depths: [0.2], vendorShare: 0.25, promoFee: 3,
      items: [
        { id: 'a', category: 'c', regularPrice: 10, unitCost: 6, baseUnits: [100, 100], elasticity: -2, lift: 1.1, dipShare: 0.5, cannibalShare: 0.3 },
        { id: 'b', category: 'c', regularPrice: 5, unitCost: 4, baseUnits: [30, 30], elasticity: -2 },
        { id: 'z', category: 'other', regularPrice: 1, unitCost: 0.5, baseUnits: [10, 10], elasticity: -2 },
      ],
    };
    const e = optionEffect(p, 0, 0, 0);
    const u = 100 * Math.pow(0.8, -2) * 1.1; // 171.875
    const inc = u - 100;
    expect(e.promoUnits).toBeCloseTo(u, 10);
    expect(e.dipUnits).toBeCloseTo(0.5 * inc, 10);
    expect(e.cannibalUnits).toBeCloseTo(0.3 * inc, 10); // all from b (z is another category)
    expect(e.units).toBeCloseTo(inc * 0.2, 10);
    expect(e.revenue).toBeCloseTo(u * 8 - 1000 - 0.5 * inc * 10 - 0.3 * inc * 5, 10);
    expect(e.profit).toBeCloseTo(u * 2 + 0.25 * 2 * u - 400 - 3 - 0.5 * inc * 4 - 0.3 * inc * 1, 10);
    expect(e.spend).toBeCloseTo(0.75 * 2 * u + 3, 10);
    expect(e.marginPct).toBeCloseTo(0.25, 12);
    expect(optionEffect(p, 0, 1, 0).dipUnits).toBe(0); // no period after the last one
  });
});

describe('optimisePromotions equals the brute-force optimum', () => {
  const cases = [
    { seed: 1, items: 3, periods: 4, depths: [0.1, 0.25], constraints: { budget: 400, maxPromosPerItem: 2, minGap: 1, maxPerCategory: 1 }, categories: 1 },
    { seed: 2, items: 3, periods: 4, depths: [0.1, 0.25], constraints: { maxPromosPerItem: 2, maxPerCategory: 2, minMarginPct: 0.3 }, categories: 1 },
    { seed: 3, items: 4, periods: 3, depths: [0.15, 0.3], constraints: { budget: 600, minGap: 1 }, categories: 2 },
    { seed: 4, items: 2, periods: 5, depths: [0.1, 0.2, 0.3], constraints: { maxPromosPerItem: 2, minPromosPerItem: 1, minGap: 2 }, categories: 1 },
    { seed: 5, items: 3, periods: 4, depths: [0.2, 0.4], constraints: { budget: 250, maxPerCategory: 1 }, categories: 1, objective: 'revenue' as const },
    { seed: 6, items: 3, periods: 4, depths: [0.2, 0.4], constraints: { budget: 500, maxPromosPerItem: 1 }, categories: 1, objective: 'units' as const },
  ];
  it.each(cases)('seed $seed ($items items × $periods periods, objective $objective)', async (c) => {
    const p = { ...randomPlanProblem(c), objective: c.objective };
    const bf = bruteForcePlan(p)!;
    const r = await optimisePromotions(p);
    expect(r.status).toBe('optimal');
    expect(r.provenOptimal).toBe(true);
    expect(r.value).toBeCloseTo(bf.value, 6);
    expect(evaluatePlan(p, r.plan).violations).toEqual([]);
    expect(r.plan.length).toBeGreaterThan(0);
    expect(r.value).toBeGreaterThan(0);
  });
});

describe('optimisePromotions: bad constraint sets and limits', () => {
  it('says which constraint binds on an infeasible problem', async () => {
    const p = randomPlanProblem({ seed: 7, items: 3, periods: 4, constraints: { minPromosPerItem: 2, minGap: 3, maxPromosPerItem: 3 } });
    const r = await optimisePromotions(p);
    expect(r.status).toBe('infeasible');
    expect(r.binding.sort()).toEqual(['minGap', 'minPromosPerItem']);
    expect(r.issues[0].message).toMatch(/relaxing any one of minPromosPerItem, minGap|relaxing any one of minGap, minPromosPerItem/);
    const budget = await optimisePromotions(randomPlanProblem({ seed: 7, items: 3, periods: 4, constraints: { minPromosPerItem: 1, budget: 1 } }));
    expect(budget.binding.sort()).toEqual(['budget', 'minPromosPerItem']);
  });
  it('returns the best plan found and says it is not proven optimal when the time limit hits', async () => {
    const p = randomPlanProblem({ seed: 1, items: 50, periods: 13, constraints: { budget: 5000, maxPromosPerItem: 3, minGap: 2, maxPerCategory: 2 } });
    const r = await optimisePromotions(p, { timeLimitSeconds: 0.01 });
    expect(r.status).toBe('time_limit');
    expect(r.provenOptimal).toBe(false);
    expect(r.issues[0].code).toBe('not_proven_optimal');
    expect(evaluatePlan(p, r.plan).violations).toEqual([]);
  }, 30_000);
});
