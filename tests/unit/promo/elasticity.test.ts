import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoToDay } from '../../../src/lib/data/contract';
import { createRng } from '../../../src/lib/data/random';
import { estimateElasticities, poissonRegression, poolEstimates, shrinkElasticities, type ElasticityEstimate, type PriceSeries } from '../../../src/lib/promo';
import { generatorSeries } from './generatorSeries';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

describe('poissonRegression', () => {
  it('recovers known coefficients of a simulated Poisson model', () => {
    const rng = createRng(3);
    const n = 4000;
    const x1 = Float64Array.from({ length: n }, () => rng.normal());
    const x2 = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const y = Float64Array.from({ length: n }, (_, i) => rng.poisson(Math.exp(2 - 0.7 * x1[i] + 0.4 * x2[i])));
    const fit = poissonRegression([new Float64Array(n).fill(1), x1, x2], y);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.coef[1] + 0.7)).toBeLessThan(3 * fit.se[1]);
    expect(Math.abs(fit.coef[2] - 0.4)).toBeLessThan(3 * fit.se[2]);
    expect(fit.se[1]).toBeGreaterThan(0.002);
    expect(fit.se[1]).toBeLessThan(0.02);
    expect(fit.dispersion).toBeGreaterThan(0.9);
    expect(fit.dispersion).toBeLessThan(1.1);
  });
});

describe('shrinkElasticities (empirical Bayes)', () => {
  const est = (id: string, raw: number, se: number, group = 'c'): ElasticityEstimate => ({
    unique_id: id, group, periods: 100, method: 'log-price', raw, rawSe: se, elasticity: raw, se, priceSd: 0.1, liftByType: {}, postPromo: null, cross: null, regularPrice: null,
  });
  it('matches a hand computation of the DerSimonian–Laird posterior', () => {
    const xs = [est('a', -1, 0.1), est('b', -2, 0.2), est('c', -3, 0.4)];
    const w = [100, 25, 6.25];
    const mu = (-1 * 100 - 2 * 25 - 3 * 6.25) / 131.25;
    const q = w[0] * (-1 - mu) ** 2 + w[1] * (-2 - mu) ** 2 + w[2] * (-3 - mu) ** 2;
    const tau2 = (q - 2) / (131.25 - (100 ** 2 + 25 ** 2 + 6.25 ** 2) / 131.25);
    expect(poolEstimates(xs.map((e) => ({ value: e.raw!, se: e.rawSe! }))).tau2).toBeCloseTo(tau2, 12);
    const out = shrinkElasticities(xs);
    const pv = tau2 + 1 / 131.25; // prior variance: between-series τ² plus the uncertainty of μ
    const post = (raw: number, se: number) => (raw / se ** 2 + mu / pv) / (1 / se ** 2 + 1 / pv);
    expect(out[2].elasticity).toBeCloseTo(post(-3, 0.4), 10);
    expect(out[2].se).toBeCloseTo(Math.sqrt(1 / (1 / 0.16 + 1 / pv)), 10);
    // the noisiest estimate moves most toward the mean
    expect(Math.abs(out[2].elasticity! - -3)).toBeGreaterThan(Math.abs(out[0].elasticity! - -1));
  });
  it('pulls series that agree within noise (τ² = 0) most of the way to the pooled mean, and leaves single-series groups alone', () => {
    const out = shrinkElasticities([est('a', -1.5, 0.5), est('b', -1.6, 0.5), est('z', -4, 0.3, 'other')]);
    // prior N(−1.55, 1/8): posterior (−1.5·4 − 1.55·8) / 12
    expect(out[0].elasticity).toBeCloseTo((-1.5 * 4 - 1.55 * 8) / 12, 10);
    expect(out[1].elasticity).toBeCloseTo((-1.6 * 4 - 1.55 * 8) / 12, 10);
    expect(out[2].elasticity).toBe(-4);
  });
});

describe('estimateElasticities on the generator (known truth)', () => {
  const { data, series } = generatorSeries({});
  const est = estimateElasticities(series, { freq: 'D', productOf: (id) => id.split('/')[1] });
  const truthOf = (id: string) => data.truth.items.find((i) => i.item === id.split('/')[1])!;
  const regular = est.filter((e) => !truthOf(e.unique_id).intermittent);
  it('is within ±0.3 of the true elasticity for every non-intermittent series', () => {
    expect(regular).toHaveLength(40);
    for (const e of regular) {
      expect(e.method).toBe('relative-price');
      expect(Math.abs(e.elasticity! - truthOf(e.unique_id).elasticity), e.unique_id).toBeLessThan(0.3);
      expect(e.se!).toBeGreaterThan(0);
    }
  });
  it('shrinkage does not make the error worse on average', () => {
    const err = (f: (e: ElasticityEstimate) => number) => regular.reduce((a, e) => a + Math.abs(f(e) - truthOf(e.unique_id).elasticity), 0) / regular.length;
    expect(err((e) => e.elasticity!)).toBeLessThanOrEqual(err((e) => e.raw!) + 1e-9);
  });
  it('recovers the promotion lift by type, the post-promotion dip and no cross-price effect', () => {
    for (const type of ['tpr', 'display', 'feature'] as const)
      expect(Math.abs(median(regular.map((e) => e.liftByType[type].factor)) - data.truth.promoLift[type]), type).toBeLessThan(0.06);
    expect(Math.abs(median(regular.map((e) => e.postPromo!.factor)) - data.truth.postPromoDip)).toBeLessThan(0.03);
    expect(Math.abs(median(regular.map((e) => e.cross!.elasticity)))).toBeLessThan(0.1);
  });
  it('says when a series has no price variation and falls back to the promotion-flag lift', () => {
    const s = series[0];
    const flat: PriceSeries = { ...s, unique_id: 'flat', price: Array.from(s.price, () => 3), promoType: undefined };
    const [e] = estimateElasticities([flat], { freq: 'D' });
    expect(e.method).toBe('none');
    expect(e.elasticity).toBeNull();
    expect(e.reason).toMatch(/does not vary.*promotion-flag lift/);
    expect(e.liftByType.promo.factor).toBeGreaterThan(1.2);
    const [none] = estimateElasticities([{ ...flat, promo: undefined }], { freq: 'D' });
    expect(none.reason).toMatch(/no price response can be estimated/);
  });
});

describe('estimateElasticities on avocado_hab (real prices)', () => {
  const text = readFileSync(new URL('../../../../shared/data/avocado_hab/weekly_region_type.csv', import.meta.url), 'utf8').trim().split('\n');
  const head = text[0].split(',');
  const col = (n: string) => head.indexOf(n);
  const byId = new Map<string, { t: number[]; y: number[]; price: number[]; region: string; type: string }>();
  for (const line of text.slice(1)) {
    const f = line.split(',');
    const id = f[col('series_id')];
    if (!byId.has(id)) byId.set(id, { t: [], y: [], price: [], region: f[col('region')], type: f[col('type')] });
    const s = byId.get(id)!;
    s.t.push(isoToDay(f[col('date')]));
    s.y.push(Number(f[col('total_volume')]));
    s.price.push(Number(f[col('average_price')]));
  }
  const series: PriceSeries[] = [...byId].map(([id, s]) => {
    const order = s.t.map((_, i) => i).sort((a, b) => s.t[a] - s.t[b]);
    return { unique_id: id, group: s.type, crossGroup: s.region, t: order.map((i) => s.t[i]), y: order.map((i) => s.y[i]), price: order.map((i) => s.price[i]) };
  });
  const est = estimateElasticities(series, { freq: 'W' });
  it('finds negative elasticities for most series, with a plausible spread', () => {
    expect(est).toHaveLength(108);
    const e = est.map((x) => x.elasticity!).filter((v) => Number.isFinite(v));
    expect(e.length).toBe(108);
    const negative = e.filter((v) => v < 0).length / e.length;
    expect(negative).toBeGreaterThan(0.8);
    const sorted = [...e].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.floor(p * (sorted.length - 1))];
    console.log(`avocado elasticities: ${(negative * 100).toFixed(0)} % negative; p10 ${q(0.1).toFixed(2)}, median ${q(0.5).toFixed(2)}, p90 ${q(0.9).toFixed(2)}`);
    expect(q(0.5)).toBeLessThan(-0.3);
    expect(q(0.5)).toBeGreaterThan(-4);
    expect(est.every((x) => x.method === 'log-price')).toBe(true);
  });
});
