import { describe, expect, it } from 'vitest';
import { compareScenarios, decomposeUplift, type UpliftRow } from '../../../src/lib/promo';

// Category "c" in store "s1": A is promoted on days 2–3 at 4 (regular 5); B is its sibling; C is in another store.
const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05'];
const row = (id: string, k: number, baseline: number, scenario: number, basePrice: number, scenarioPrice = basePrice, unitCost?: number): UpliftRow =>
  ({ unique_id: id, ds: days[k], baseline, scenario, basePrice, scenarioPrice, unitCost });
const rows: UpliftRow[] = [
  row('s1/A', 0, 10, 10, 5), row('s1/A', 1, 10, 18, 5, 4), row('s1/A', 2, 10, 17, 5, 4), row('s1/A', 3, 10, 8, 5), row('s1/A', 4, 10, 9, 5),
  row('s1/B', 0, 20, 20, 2, 2, 1.5), row('s1/B', 1, 20, 17, 2, 2, 1.5), row('s1/B', 2, 20, 18, 2, 2, 1.5), row('s1/B', 3, 20, 20, 2, 2, 1.5), row('s1/B', 4, 20, 21, 2, 2, 1.5),
  row('s2/C', 0, 5, 5, 3), row('s2/C', 1, 5, 6, 3), row('s2/C', 2, 5, 5, 3), row('s2/C', 3, 5, 5, 3), row('s2/C', 4, 5, 5, 3),
];
const groupOf = (id: string) => `${id.split('/')[0]}|c`;

describe('decomposeUplift', () => {
  const r = decomposeUplift({ rows, promoted: [{ unique_id: 's1/A', from: days[1], to: days[2] }], groupOf, marginPct: 0.4, promoFee: 10, vendorShare: 0.5 });
  const a = r.series.find((s) => s.unique_id === 's1/A')!;
  const b = r.series.find((s) => s.unique_id === 's1/B')!;
  const c = r.series.find((s) => s.unique_id === 's2/C')!;
  it('splits units into incremental, dip, cannibalisation, halo and other', () => {
    expect([a.role, b.role, c.role]).toEqual(['promoted', 'sibling', 'other']);
    expect(a.incremental).toBe(15); // (18−10) + (17−10)
    expect(a.dip).toBe(-3); // (8−10) + (9−10)
    expect(b.cannibalisation).toBe(-5); // (17−20) + (18−20) during A's promotion
    expect(b.other).toBe(1); // day 5, outside the windows
    expect(c.other).toBe(1);
    expect(c.cannibalisation).toBe(0);
    expect(r.total.net).toBe(15 - 3 - 5 + 1 + 1);
    expect(r.total.net).toBeCloseTo(r.total.scenarioUnits - r.total.baselineUnits, 10);
  });
  it('counts money by hand: revenue, margin with unit cost or margin %, vendor funding, fee', () => {
    // A: cost 5 × 0.6 = 3. Revenue Δ = (18+17)·4 + (8+9)·5 − 50·5 + ... = 140 + 85 + 50 − 250 = 25
    expect(a.delta.revenue).toBeCloseTo(10 * 5 + 35 * 4 + 17 * 5 - 50 * 5, 10);
    // gross margin Δ: promo days 35 × (4−3) = 35, others (10+8+9) × 2 = 54; baseline 50 × 2 = 100 → −11
    expect(a.delta.grossMargin).toBeCloseTo(35 * 1 + 27 * 2 - 100, 10);
    // vendor pays half of the 1.00 discount on 35 units = 17.5; fee 10
    expect(a.delta.vendorFunding).toBeCloseTo(17.5, 10);
    expect(a.delta.profit).toBeCloseTo(-11 + 17.5 - 10, 10);
    // B with its unit cost 1.5: margin 0.5 per unit; units Δ −4 → −2
    expect(b.delta.grossMargin).toBeCloseTo(-4 * 0.5, 10);
    expect(b.delta.profit).toBeCloseTo(-2, 10);
    expect(r.total.delta.profit).toBeCloseTo(-3.5 - 2 + 1 * 3 * 0.4, 10);
    expect(r.total.fees).toBe(10);
  });
  it('limits the dip to dipPeriods and reports a positive sibling change as halo', () => {
    const r1 = decomposeUplift({ rows, promoted: [{ unique_id: 's1/A', from: days[1], to: days[2] }], groupOf, dipPeriods: 1 });
    const a1 = r1.series.find((s) => s.unique_id === 's1/A')!;
    expect(a1.dip).toBe(-2);
    expect(a1.other).toBe(-1);
    const halo = rows.map((x) => (x.unique_id === 's1/B' && (x.ds === days[1] || x.ds === days[2]) ? { ...x, scenario: 23 } : x));
    const b2 = decomposeUplift({ rows: halo, promoted: [{ unique_id: 's1/A', from: days[1], to: days[2] }], groupOf }).series.find((s) => s.unique_id === 's1/B')!;
    expect(b2.halo).toBe(6);
    expect(b2.cannibalisation).toBe(0);
  });
  it('compares scenarios, marking the best and keeping at most four', () => {
    const worse = decomposeUplift({ rows, promoted: [{ unique_id: 's1/A', from: days[1], to: days[2] }], groupOf, marginPct: 0.4, promoFee: 50 });
    const cmp = compareScenarios([{ name: 'fee 10', result: r }, { name: 'fee 50', result: worse }]);
    expect(cmp.rows.map((x) => x.best)).toEqual([true, false]);
    expect(cmp.rows[0].profit - cmp.rows[1].profit).toBeCloseTo(40 + 17.5, 10);
    const many = compareScenarios(Array.from({ length: 5 }, (_, i) => ({ name: `s${i}`, result: r })), 'units');
    expect(many.rows).toHaveLength(4);
    expect(many.issues[0].code).toBe('too_many_scenarios');
  });
});
