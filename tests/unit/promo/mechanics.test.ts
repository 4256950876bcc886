import { describe, expect, it } from 'vitest';
import { promoCovariates, validatePromotion, type Promotion } from '../../../src/lib/promo';

describe('promotion mechanics → covariates', () => {
  const reg = 4;
  it.each([
    [{ mechanic: { kind: 'percent', depth: 0.25 } }, 3, 0.25, 'tpr'],
    [{ mechanic: { kind: 'price', price: 3.2 } }, 3.2, 0.2, 'tpr'],
    [{ mechanic: { kind: 'threshold', spend: 20, save: 5, qualifyingShare: 0.6 } }, 4 * (1 - 0.15), 0.15, 'threshold'],
    [{ mechanic: { kind: 'multibuy', buy: 2, get: 1 } }, 4 * (2 / 3), 1 / 3, 'multibuy'],
    [{ mechanic: { kind: 'gift', giftCost: 0.5 } }, 4, 0, 'gift'],
    [{ mechanic: { kind: 'percent', depth: 0.1 }, display: true }, 3.6, 0.1, 'display'],
    [{ mechanic: { kind: 'none' }, display: true, feature: true }, 4, 0, 'feature'],
  ] as [Promotion, number, number, string][])('%j', (p, price, depth, type) => {
    const c = promoCovariates(p, { regularPrice: reg });
    expect(c.effectivePrice).toBeCloseTo(price, 10);
    expect(c.depth).toBeCloseTo(depth, 10);
    expect(c.promo).toBe(1);
    expect(c.typeCode).toBe(type);
    expect(c.extrapolation).toBeUndefined();
  });

  it('marks a type absent from the history and a depth beyond it as extrapolations, with the reason', () => {
    const c = promoCovariates({ mechanic: { kind: 'multibuy', buy: 2, get: 1 } }, { regularPrice: 3, historyTypes: ['tpr', 'display', 'feature'], historyMaxDepth: 0.3 });
    expect(c.extrapolation).toMatch(/no "multibuy" promotion in the history \(seen: tpr, display, feature\)/);
    expect(c.extrapolation).toMatch(/33 % discount is deeper than any in the history \(30 %\)/);
    expect(promoCovariates({ mechanic: { kind: 'percent', depth: 0.2 } }, { regularPrice: 3, historyTypes: ['tpr'], historyMaxDepth: 0.3 }).extrapolation).toBeUndefined();
    expect(promoCovariates({ mechanic: { kind: 'gift', giftCost: 1 } }, { regularPrice: 3 }).extraUnitCost).toBe(1);
  });
});

describe('validatePromotion', () => {
  const ctx = { knownSeries: ['a', 'b'], horizon: { from: '2025-01-01', to: '2025-03-31' }, regularPrice: () => 5 };
  const at = { seriesIds: ['a'], from: '2025-02-01', to: '2025-02-14' };
  const codes = (p: Promotion, where = at) => validatePromotion(p, where, ctx).filter((i) => i.level === 'error').map((i) => i.code);
  it('accepts a sound promotion', () => expect(codes({ mechanic: { kind: 'percent', depth: 0.2 } })).toEqual([]));
  it('rejects 100 % or more, a zero or negative price, bad thresholds and multibuys', () => {
    expect(codes({ mechanic: { kind: 'percent', depth: 1 } })).toEqual(['bad_discount']);
    expect(codes({ mechanic: { kind: 'percent', depth: 1.5 } })).toEqual(['bad_discount']);
    expect(codes({ mechanic: { kind: 'price', price: 0 } })).toEqual(['bad_price']);
    expect(codes({ mechanic: { kind: 'price', price: -2 } })).toEqual(['bad_price']);
    expect(codes({ mechanic: { kind: 'threshold', spend: 10, save: 10 } })).toEqual(['bad_threshold']);
    expect(codes({ mechanic: { kind: 'multibuy', buy: 0, get: 1 } })).toEqual(['bad_multibuy']);
    const msg = validatePromotion({ mechanic: { kind: 'percent', depth: 1 } }, at, ctx)[0];
    expect(msg.message).toContain('100 %');
    expect(msg.hint).toBeTruthy();
  });
  it('rejects a promotion outside the horizon and an unknown series', () => {
    expect(codes({ mechanic: { kind: 'percent', depth: 0.2 } }, { ...at, to: '2025-04-02' })).toEqual(['outside_horizon']);
    expect(codes({ mechanic: { kind: 'percent', depth: 0.2 } }, { ...at, from: '2024-12-30' })).toEqual(['outside_horizon']);
    const i = validatePromotion({ mechanic: { kind: 'percent', depth: 0.2 } }, { ...at, seriesIds: ['a', 'zz'] }, ctx);
    expect(i.map((x) => x.code)).toEqual(['unknown_series']);
    expect(i[0].message).toContain('zz');
  });
  it('warns when a fixed price is not below the regular price', () => {
    const i = validatePromotion({ mechanic: { kind: 'price', price: 6 } }, at, ctx);
    expect(i.map((x) => [x.level, x.code])).toEqual([['warning', 'price_not_below_regular']]);
  });
});
