import { describe, expect, it } from 'vitest';
import { estimateElasticities, optimisePromotions, optionEffect, planItemsFromEstimates, type ElasticityEstimate, type PlanSeries } from '../../../src/lib/promo';
import { generatorSeries } from './generatorSeries';

describe('planItemsFromEstimates: the response model from estimates', () => {
  const { data, series } = generatorSeries({ stores: 2, items: 6, days: 1095, seed: 11 });
  const est = estimateElasticities(series, { freq: 'D', productOf: (id) => id.split('/')[1] });
  const regular = data.truth.items.filter((i) => !i.intermittent).map((i) => i.item);
  const plan: PlanSeries[] = series.filter((s) => regular.includes(s.unique_id.split('/')[1])).map((s) => ({
    id: s.unique_id, category: `${s.unique_id.split('/')[0]}|${s.group}`, regularPrice: s.price[s.price.length - 1], baseUnits: [100, 100, 100, 100],
  }));
  const { items } = planItemsFromEstimates({ series: plan, estimates: est, type: 'feature' });

  it('predicts the true promoted demand of the generator within 10 %', () => {
    const p = { items, periods: 4, depths: [0.1, 0.2, 0.3] };
    items.forEach((it, i) => {
      const truth = data.truth.items.find((x) => x.item === it.id.split('/')[1])!;
      for (let d = 0; d < 3; d++) {
        const want = 100 * Math.pow(1 - p.depths[d], truth.elasticity) * data.truth.promoLift.feature;
        const got = optionEffect(p, i, 0, d).promoUnits;
        expect(Math.abs(got / want - 1), `${it.id} depth ${p.depths[d]}`).toBeLessThan(0.1);
      }
    });
  });

  it('carries a negative dip and almost no cannibalisation (the generator has none), and feeds the optimiser', async () => {
    for (const it of items) {
      expect(it.dipShare!).toBeGreaterThan(0);
      expect(Math.abs(it.cannibalShare!)).toBeLessThan(0.15);
    }
    const r = await optimisePromotions({ items, periods: 4, depths: [0.1, 0.2, 0.3], constraints: { maxPromosPerItem: 1, maxPerCategory: 1 } });
    expect(r.status).toBe('optimal');
    expect(r.plan.length).toBeGreaterThan(0);
  });

  it('falls back to the group median elasticity with a note when a series has none', () => {
    const none: ElasticityEstimate = { ...est[0], unique_id: 'x/flat', elasticity: null, raw: null, reason: 'the price does not vary on this series' };
    const r = planItemsFromEstimates({
      series: [{ id: 'x/flat', category: 'g', regularPrice: 2, baseUnits: [10] }, { id: est[0].unique_id, category: 'g', regularPrice: 2, baseUnits: [10] }],
      estimates: [none, est[0]],
    });
    expect(r.items[0].elasticity).toBe(est[0].elasticity);
    expect(r.notes[0]).toMatch(/x\/flat: no elasticity \(the price does not vary on this series\)/);
  });
});
