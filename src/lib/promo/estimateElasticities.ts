/**
 * Own-price elasticity per series with its standard error, promotion lift by type, the post-promotion
 * dip and a cross-price effect of the series' substitutes: a quasi-Poisson log-log regression per series,
 * then empirical-Bayes shrinkage of the elasticities toward their category (see {@link shrinkElasticities}).
 */
import type { Freq } from '../data/contract';
import { poissonRegression } from './poissonRegression';
import { priceDesign, relativeLogPrice, type PriceSeries } from './priceDesign';
import { shrinkElasticities } from './shrinkElasticities';

/** A multiplicative effect with the standard error of its log. */
export interface Lift {
  factor: number;
  seLog: number;
}

/** One series' price response. */
export interface ElasticityEstimate {
  unique_id: string;
  group: string;
  periods: number;
  /**
   * `relative-price`: log(price / regular price) on a history with promotions (types and dip held apart);
   * `log-price`: log price on a history without promotions; `none`: the price does not vary.
   */
  method: 'relative-price' | 'log-price' | 'none';
  /** Raw regression elasticity (null without price variation). */
  raw: number | null;
  rawSe: number | null;
  /** Shrunk toward the category (null without price variation). */
  elasticity: number | null;
  se: number | null;
  /** Standard deviation of the price regressor. */
  priceSd: number;
  /** Why there is no elasticity, and what is used instead. */
  reason?: string;
  /** Lift of each promotion type on top of the price effect (with no price variation: the whole promotion-flag lift). */
  liftByType: Record<string, Lift>;
  postPromo: Lift | null;
  /** Elasticity to the mean relative price of the cross group's other series (positive: substitutes). */
  cross: { elasticity: number; se: number } | null;
  /** Response to the regular price level (a nuisance term on histories with promotions). */
  regularPrice: { elasticity: number; se: number } | null;
}

/** Options of {@link estimateElasticities}. */
export interface ElasticityOptions {
  freq: Freq;
  postPromoPeriods?: number;
  /** Estimate cross-price effects within each cross group (default true). */
  cross?: boolean;
  /** Shrink toward the category (default true). */
  shrink?: boolean;
  /** Product of a series (the same item in several stores): shrink series → product → category. */
  productOf?: (uniqueId: string) => string | undefined;
}

/** Estimates every series' price response; series are independent regressions, then shrunk per group. */
export function estimateElasticities(series: PriceSeries[], options: ElasticityOptions): ElasticityEstimate[] {
  const cross = options.cross === false ? new Map<string, Float64Array>() : crossPrices(series);
  const out = series.map((s) => estimateOne(s, options, cross.get(s.unique_id) ?? null));
  return options.shrink === false ? out : shrinkElasticities(out, options.productOf);
}

function estimateOne(s0: PriceSeries, o: ElasticityOptions, crossAll: Float64Array | null): ElasticityEstimate {
  const keep: number[] = [];
  for (let i = 0; i < s0.y.length; i++) if (Number.isFinite(s0.y[i]) && s0.y[i] >= 0 && s0.price[i] > 0) keep.push(i);
  const pick = <T,>(v: ArrayLike<T> | undefined) => (v ? keep.map((i) => v[i]) : undefined);
  const s: PriceSeries = {
    ...s0, t: pick(s0.t)!, y: pick(s0.y)!, price: pick(s0.price)!, promo: pick(s0.promo), promoType: pick(s0.promoType),
    extra: s0.extra ? Object.fromEntries(Object.entries(s0.extra).map(([k, v]) => [k, pick(v)!])) : undefined,
  };
  const crossPrice = crossAll ? Float64Array.from(keep, (i) => crossAll[i]) : null;
  const d = priceDesign(s, { freq: o.freq, postPromoPeriods: o.postPromoPeriods, crossPrice });
  const base: ElasticityEstimate = {
    unique_id: s.unique_id, group: s.group, periods: keep.length, method: 'none', raw: null, rawSe: null, elasticity: null, se: null,
    priceSd: d.priceSd, liftByType: {}, postPromo: null, cross: null, regularPrice: null,
  };
  if (keep.length < d.columns.length + 5) return { ...base, reason: `only ${keep.length} usable periods: too few to estimate a price response` };
  const fit = poissonRegression(d.columns.map((c) => c.values), s.y);
  const coef = (name: string) => {
    const j = d.columns.findIndex((c) => c.name === name);
    return j < 0 ? null : { b: fit.coef[j], se: fit.se[j] };
  };
  const price = d.priceColumn ? coef(d.priceColumn) : null;
  for (const type of d.types) {
    const c = coef(`type:${type}`)!;
    base.liftByType[type] = { factor: Math.exp(c.b), seLog: c.se };
  }
  const dip = coef('post_promo');
  const cr = coef('cross_price');
  const reg = coef('log_regular_price');
  base.postPromo = dip && { factor: Math.exp(dip.b), seLog: dip.se };
  base.cross = cr && { elasticity: cr.b, se: cr.se };
  base.regularPrice = reg && { elasticity: reg.b, se: reg.se };
  if (!price)
    return {
      ...base,
      reason: d.types.length
        ? 'the price does not vary on this series: no elasticity; the promotion-flag lift is used instead'
        : 'the price does not vary and there are no promotions on this series: no price response can be estimated',
    };
  return { ...base, method: d.priceColumn === 'rel_price' ? 'relative-price' : 'log-price', raw: price.b, rawSe: price.se, elasticity: price.b, se: price.se };
}

/** Per series: the mean relative log price of the other series of its cross group at the same date. */
function crossPrices(series: PriceSeries[]): Map<string, Float64Array> {
  const groups = new Map<string, PriceSeries[]>();
  for (const s of series) {
    const g = s.crossGroup ?? s.group;
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const out = new Map<string, Float64Array>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const byT = new Map<number, { sum: number; n: number }>();
    const rels = members.map((m) => (m.promo ? relativeLogPrice(m.price, m.promo).rel : Float64Array.from(m.price, Math.log)));
    members.forEach((m, k) => {
      for (let i = 0; i < m.t.length; i++) {
        const a = byT.get(m.t[i]) ?? { sum: 0, n: 0 };
        a.sum += rels[k][i];
        a.n++;
        byT.set(m.t[i], a);
      }
    });
    members.forEach((m, k) => {
      const v = new Float64Array(m.t.length);
      for (let i = 0; i < m.t.length; i++) {
        const a = byT.get(m.t[i])!;
        v[i] = a.n > 1 ? (a.sum - rels[k][i]) / (a.n - 1) : 0;
      }
      out.set(m.unique_id, v);
    });
  }
  return out;
}
