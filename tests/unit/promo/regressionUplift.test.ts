import { describe, expect, it } from 'vitest';
import { regressionUplift, type ElasticityEstimate, type UpliftRow } from '../../../src/lib/promo';

const est = (o: Partial<ElasticityEstimate>): ElasticityEstimate => ({
  unique_id: 'a', group: 'g', periods: 100, method: 'relative-price', raw: -2, rawSe: 0.1, elasticity: -2, se: 0.1, priceSd: 0.1,
  liftByType: { tpr: { factor: 1.1, seLog: 0.02 } }, postPromo: null, cross: null, regularPrice: null, ...o,
});
const rows: UpliftRow[] = [
  { unique_id: 'a', ds: '2025-01-01', baseline: 10, scenario: 10, basePrice: 5, scenarioPrice: 5 },
  { unique_id: 'a', ds: '2025-01-02', baseline: 10, scenario: 16, basePrice: 5, scenarioPrice: 4 },
  { unique_id: 'a', ds: '2025-01-03', baseline: 20, scenario: 30, basePrice: 5, scenarioPrice: 4 },
];
const w = [{ unique_id: 'a', from: '2025-01-02', to: '2025-01-03' }];

describe('regressionUplift', () => {
  it('computes the regression answer by hand and the gap to the model', () => {
    const [c] = regressionUplift(rows, w, [est({})], () => 'tpr');
    const reg = 30 * (Math.pow(0.8, -2) * 1.1 - 1);
    expect(c.modelIncremental).toBe(16);
    expect(c.regressionIncremental).toBeCloseTo(reg, 10);
    expect(c.gap).toBeCloseTo(Math.abs(16 - reg) / reg, 10);
  });
  it('uses the promotion-flag lift when the price does not vary, and says when there is no estimate', () => {
    const [c] = regressionUplift(rows, w, [est({ elasticity: null, method: 'none', liftByType: { promo: { factor: 1.5, seLog: 0.1 } }, reason: 'the price does not vary' })], () => 'tpr');
    expect(c.regressionIncremental).toBeCloseTo(30 * 0.5, 10);
    expect(c.note).toMatch(/does not vary/);
    const [none] = regressionUplift(rows, w, [], () => 'tpr');
    expect(none.regressionIncremental).toBeNull();
    expect(none.note).toMatch(/no estimate/);
  });
});
