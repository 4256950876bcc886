import { describe, expect, it } from 'vitest';
import { generateRetail } from '../../../src/lib/data/generator';
import { isoToDay } from '../../../src/lib/data/contract';
import { estimateElasticities, type PriceSeries } from '../../../src/lib/promo';
import { compareElasticities, estimatedUplift, parseSampleTruth, pooledPromoEffects, weightedTruthLift, type UpliftSeries } from '../../../src/lib/teach';

// The studio's sample (same generator and defaults as `npm run sample`), split into series the way the
// Promo step does it: id store/item, shrinkage group store|category, product = item.
const data = generateRetail();
const c = data.columns;
const bySeries = new Map<string, number[]>();
for (let i = 0; i < data.rows; i++) {
  const id = `${c.store[i]}/${c.item[i]}`;
  if (!bySeries.has(id)) bySeries.set(id, []);
  bySeries.get(id)!.push(i);
}
const series: (PriceSeries & UpliftSeries & { id: string })[] = [...bySeries].map(([id, rows]) => ({
  id, unique_id: id, group: `${c.store[rows[0]]}|${c.category[rows[0]]}`,
  t: rows.map((i) => isoToDay(c.date[i])), y: Float64Array.from(rows, (i) => c.sales[i]),
  price: Float64Array.from(rows, (i) => c.price[i]), promo: Float64Array.from(rows, (i) => c.promo[i]),
}));
const estimates = estimateElasticities(series, { freq: 'D', productOf: (id) => id.split('/')[1] });
const truth = parseSampleTruth(JSON.parse(JSON.stringify(data.truth)))!;

describe('the sample truth beside the estimates', () => {
  it('reads the generator truth and refuses a file that is not one', () => {
    expect(truth.items).toHaveLength(10);
    expect(truth.totalUplift).toBeCloseTo(data.truth.totalUplift, 6);
    expect(truth.promoLift).toEqual(data.truth.promoLift);
    expect(parseSampleTruth({ items: [] })).toBeNull();
    expect(parseSampleTruth(null)).toBeNull();
    expect(parseSampleTruth({ ...data.truth, totalUplift: 'x' })).toBeNull();
  });

  it('the true total uplift equals Σ (expected − baseline) over the promoted rows', () => {
    let s = 0;
    for (let i = 0; i < data.rows; i++) if (c.promo[i]) s += data.expected[i] - data.baseline[i];
    expect(truth.totalUplift).toBeCloseTo(s, 3);
  });

  it('each regular item: the mean of its 5 stores\' elasticities, negative and near the truth on average (as the Promo step estimates them)', () => {
    const rows = compareElasticities(truth, estimates, (id) => id.split('/')[1]);
    expect(rows.map((r) => r.item)).toEqual(data.truth.items.map((i) => i.item));
    const regular = rows.filter((x) => !x.intermittent);
    expect(regular).toHaveLength(8);
    for (const r of regular) {
      expect(r.series).toBe(5);
      expect(r.estimate!).toBeLessThan(0);
      expect(r.min!).toBeLessThanOrEqual(r.estimate!);
      expect(r.max!).toBeGreaterThanOrEqual(r.estimate!);
    }
    // Without the promotion types (the Promo step reads only price and the promotion flag) the type
    // lifts are partly taken for price response: off by 0.33 on average, by up to 0.8 for one item.
    const mae = regular.reduce((a, r) => a + Math.abs(r.estimate! - r.truth), 0) / regular.length;
    expect(mae).toBeLessThan(0.45);
    // The mean is the plain mean of the series' estimates (recomputed here).
    const item1 = estimates.filter((e) => e.unique_id.endsWith('/item_01')).map((e) => e.elasticity!);
    expect(rows[0].estimate).toBeCloseTo(item1.reduce((a, b) => a + b, 0) / item1.length, 10);
  });

  it('with the promotion types passed, every regular item\'s elasticity is within 0.25 of the truth', () => {
    const typed = estimateElasticities(
      series.map((s) => ({ ...s, promoType: bySeries.get(s.id)!.map((i) => c.promo_type[i]) })),
      { freq: 'D', productOf: (id) => id.split('/')[1] },
    );
    const rows = compareElasticities(truth, typed, (id) => id.split('/')[1]).filter((r) => !r.intermittent);
    for (const r of rows) expect(Math.abs(r.estimate! - r.truth), r.item).toBeLessThan(0.25);
    const lifts = typed.find((e) => e.unique_id === 'store_1/item_01')!.liftByType;
    expect(Math.abs(lifts.feature.factor - truth.promoLift.feature)).toBeLessThan(0.1);
    expect(Math.abs(lifts.display.factor - truth.promoLift.display)).toBeLessThan(0.1);
  });

  it('the pooled promotion lift is near the truth weighted by how often each type runs; the dip near 0.85', () => {
    const count: Record<string, number> = {};
    for (let i = 0; i < data.rows; i++) if (c.promo[i]) count[c.promo_type[i]] = (count[c.promo_type[i]] ?? 0) + 1;
    const want = weightedTruthLift(truth.promoLift, count)!;
    expect(want).toBeGreaterThan(1);
    expect(want).toBeLessThan(1.45);
    const got = pooledPromoEffects(estimates);
    expect(Math.abs(got.lift! - want)).toBeLessThan(0.1);
    expect(Math.abs(got.dip! - truth.postPromoDip)).toBeLessThan(0.08);
  });

  it('the uplift implied by the estimates is within 12 % of the true total uplift', () => {
    const u = estimatedUplift(series, estimates);
    expect(Number.isFinite(u)).toBe(true);
    expect(Math.abs(u - truth.totalUplift) / truth.totalUplift).toBeLessThan(0.12);
  });

  it('with the promotion types passed (as the studio\'s Promo step does), the implied uplift uses each row\'s type lift and stays within 12 % of the truth', () => {
    const types = (id: string) => bySeries.get(id)!.map((i) => c.promo_type[i]);
    const typedSeries = series.map((s) => ({ ...s, promoType: types(s.id), types: types(s.id) }));
    const typed = estimateElasticities(typedSeries, { freq: 'D', productOf: (id) => id.split('/')[1] });
    const u = estimatedUplift(typedSeries, typed);
    console.log(`implied uplift with types ${u.toFixed(0)}, without ${estimatedUplift(series, estimates).toFixed(0)}, truth ${truth.totalUplift.toFixed(0)}; typed estimates read as one lift: ${estimatedUplift(series, typed).toFixed(0)}`);
    expect(Math.abs(u - truth.totalUplift) / truth.totalUplift).toBeLessThan(0.12);
  });

  it('weightedTruthLift: the geometric mean by count (hand-computed)', () => {
    expect(weightedTruthLift({ a: 1, b: 4 }, { a: 1, b: 1 })).toBeCloseTo(2, 10);
    expect(weightedTruthLift({ a: 2 }, { a: 3, z: 5 })).toBeCloseTo(2, 10);
    expect(weightedTruthLift({ a: 2 }, {})).toBeNull();
  });
});
