import { describe, expect, it } from 'vitest';
import { generateRetail, PROMO_TYPES, toCsv } from '../../../src/lib/data/generator';
import { isoToDay } from '../../../src/lib/data/contract';

describe('seeded retail generator', () => {
  const g = generateRetail({ stores: 2, items: 5, days: 400, seed: 9 });
  const c = g.columns;

  it('has the requested shape and is deterministic per seed', () => {
    expect(g.rows).toBe(2 * 5 * 400);
    expect(new Set(c.store).size).toBe(2);
    expect(new Set(c.item).size).toBe(5);
    const again = generateRetail({ stores: 2, items: 5, days: 400, seed: 9 });
    expect(Array.from(again.columns.sales)).toEqual(Array.from(c.sales));
    const other = generateRetail({ stores: 2, items: 5, days: 400, seed: 10 });
    expect(Array.from(other.columns.sales)).not.toEqual(Array.from(c.sales));
  });

  it('promo rows carry exactly the true price elasticity and promo-type lift', () => {
    // On a promo day with no other multiplier change: expected / baseline = (price / regular)^elasticity · lift[type].
    const byItem = new Map(g.truth.items.map((it) => [it.item, it]));
    let checked = 0;
    for (let r = 0; r < g.rows; r++) {
      if (!c.promo[r]) continue;
      const it = byItem.get(c.item[r])!;
      // The regular price is the price the day before the campaign (regular prices only step between campaigns).
      let k = r - 1;
      while (k >= 0 && c.promo[k] && c.item[k] === c.item[r]) k--;
      if (k < 0 || c.item[k] !== c.item[r] || c.store[k] !== c.store[r]) continue;
      const ratio = c.price[r] / c.price[k];
      const want = Math.pow(ratio, it.elasticity) * g.truth.promoLift[c.promo_type[r] as (typeof PROMO_TYPES)[number]];
      expect(g.expected[r] / g.baseline[r]).toBeCloseTo(want, 1);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the total uplift in the truth equals Σ(expected − baseline) over promo rows', () => {
    let sum = 0;
    for (let r = 0; r < g.rows; r++) if (c.promo[r]) sum += g.expected[r] - g.baseline[r];
    expect(g.truth.totalUplift).toBeCloseTo(sum, 6);
    expect(sum).toBeGreaterThan(0);
  });

  it('post-promo dip, weekly pattern, intermittent items and stock-outs are present', () => {
    // Saturday demand is above Monday demand by the weekly factors (1.35 / 0.9) in expectation.
    let sat = 0, mon = 0;
    for (let r = 0; r < g.rows; r++) {
      const dow = (((isoToDay(c.date[r]) + 3) % 7) + 7) % 7;
      if (dow === 5) sat += g.baseline[r];
      if (dow === 0) mon += g.baseline[r];
    }
    expect(sat / mon).toBeGreaterThan(1.3);
    expect(sat / mon).toBeLessThan(1.7);
    const inter = g.truth.items.filter((it) => it.intermittent).map((it) => it.item);
    expect(inter.length).toBe(1);
    const zeros = c.item.filter((it, r) => it === inter[0] && c.sales[r] === 0).length / (2 * 400);
    expect(zeros).toBeGreaterThan(0.3);
    for (const so of g.truth.stockouts) {
      const [store, item] = so.unique_id.split('/');
      for (let r = 0; r < g.rows; r++) if (c.store[r] === store && c.item[r] === item && c.date[r] >= so.from && c.date[r] <= so.to) expect(c.sales[r]).toBe(0);
    }
    expect(g.truth.stockouts.length).toBeGreaterThan(0);
  });

  it('CSV has a header and one line per row', () => {
    const csv = toCsv(generateRetail({ stores: 1, items: 2, days: 10, seed: 1 }));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('date,store,item,category,sales,price,promo,promo_type,is_holiday');
    expect(lines.length).toBe(21);
  });
});

describe('generateRetail: cannibalisation option', () => {
  it('scales an item\'s demand by 1 − c × (share of its category\'s other items on promotion); the draws are otherwise unchanged', () => {
    const o = { stores: 2, items: 6, days: 200, seed: 9 };
    const a = generateRetail(o);
    const b = generateRetail({ ...o, cannibalisation: 0.3 });
    expect(a.truth.cannibalisation).toBe(0);
    expect(b.truth.cannibalisation).toBe(0.3);
    expect(Array.from(b.columns.promo)).toEqual(Array.from(a.columns.promo));
    expect(Array.from(b.columns.price)).toEqual(Array.from(a.columns.price));
    // rows of one store × item in date order; the category's other item is 3 items away (6 items, 3 categories)
    let hit = 0;
    for (let r = 0; r < a.rows; r++) {
      const item = Number(a.columns.item[r].slice(5)) - 1;
      const sib = item < 3 ? r + 3 * o.days : r - 3 * o.days;
      expect(a.columns.category[sib]).toBe(a.columns.category[r]);
      const factor = a.columns.promo[sib] ? 0.7 : 1;
      if (factor < 1) hit++;
      expect(b.expected[r]).toBeCloseTo(a.expected[r] * factor, 9);
      expect(b.baseline[r]).toBeCloseTo(a.baseline[r] * factor, 9);
    }
    expect(hit).toBeGreaterThan(50);
  });
});
