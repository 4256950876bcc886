import { describe, expect, it } from 'vitest';
import { checkPlanInputs, planSeriesFromHistory } from '../../../src/lib/promo';

describe('planSeriesFromHistory', () => {
  it('takes the last regular price and the mean of recent non-promotion demand × period length', () => {
    // 70 days: demand 10 on regular days, 30 on promotion days (every 10th), price 5 regular, 4 on promotion, raised to 6 at day 60.
    const n = 70;
    const promo = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? 1 : 0));
    const y = promo.map((p, i) => (p ? 30 : i >= 60 ? 8 : 10));
    const price = promo.map((p, i) => (p ? 4 : i >= 60 ? 6 : 5));
    const s = planSeriesFromHistory({ id: 'a', category: 'c', y, price, promo, periods: 3, periodLength: 7, window: 14 })!;
    expect(s.regularPrice).toBe(6);
    // the last 14 non-promotion days: days 69 is a promotion; 68..60 (9 days, 8 each) and 58..54 (5 days, 10 each)
    const expected = ((9 * 8 + 5 * 10) / 14) * 7;
    expect(s.baseUnits).toEqual([expected, expected, expected]);
  });
  it('returns null without a positive regular price', () => {
    expect(planSeriesFromHistory({ id: 'a', category: 'c', y: [1, 2], price: [0, 0], periods: 2, periodLength: 1 })).toBeNull();
  });
});

describe('checkPlanInputs', () => {
  const ok = { items: 3, periods: 4, depths: [0.1, 0.2] };
  it('accepts a sound form', () => expect(checkPlanInputs(ok)).toEqual([]));
  it('refuses a discount of 100 % or more, a zero discount, an empty selection and a negative constraint', () => {
    expect(checkPlanInputs({ ...ok, depths: [0.2, 1] }).map((i) => i.code)).toEqual(['bad_depth']);
    expect(checkPlanInputs({ ...ok, depths: [1.5] })[0].message).toContain('150 %');
    expect(checkPlanInputs({ ...ok, depths: [0] })[0].code).toBe('bad_depth');
    expect(checkPlanInputs({ ...ok, depths: [] })[0].code).toBe('no_depths');
    expect(checkPlanInputs({ ...ok, items: 0 })[0].code).toBe('empty_selection');
    expect(checkPlanInputs({ ...ok, minGap: -1 })[0].code).toBe('bad_constraint');
    expect(checkPlanInputs({ ...ok, budget: -5 })[0].code).toBe('bad_budget');
  });
});
