/** The design matrix of one series for the elasticity regression: price terms, promotion types, dip, seasonality, trend. */
import type { Freq } from '../data/contract';

/** One series' history for price-response estimation (aligned arrays; `t` in days since 1970-01-01). */
export interface PriceSeries {
  unique_id: string;
  /** Shrinkage group (the category). */
  group: string;
  /** Cross-price group: series that may substitute each other (category × store); default `group`. */
  crossGroup?: string;
  t: ArrayLike<number>;
  y: ArrayLike<number>;
  price: ArrayLike<number>;
  /** Promotion flag 0/1; absent → every period is a regular-price period. */
  promo?: ArrayLike<number>;
  /** Promotion type code per period (ignored where promo is 0). */
  promoType?: ArrayLike<string>;
  /** Extra known regressors (a holiday flag…), by name. */
  extra?: Record<string, ArrayLike<number>>;
}

/** A named design column. */
export interface DesignColumn {
  name: string;
  values: Float64Array;
}

/** Options of {@link priceDesign}. */
export interface PriceDesignOptions {
  freq: Freq;
  /** Periods after a promotion that form the dip term (default 7 daily, 1 weekly/monthly). */
  postPromoPeriods?: number;
  /** A type needs this many promoted periods for its own lift (default 3). */
  minTypePeriods?: number;
  /** Mean log relative price of the cross group's other series, aligned with the rows, or null. */
  crossPrice?: Float64Array | null;
}

/** log(price / regular price) where regular = the last regular-period price, carried forward (first one backwards). */
export function relativeLogPrice(price: ArrayLike<number>, promo: ArrayLike<number> | undefined): { rel: Float64Array; regular: Float64Array } {
  const n = price.length;
  const regular = new Float64Array(n).fill(NaN);
  let last = NaN;
  for (let i = 0; i < n; i++) {
    if (!promo || !promo[i]) last = price[i];
    regular[i] = last;
  }
  const first = regular.find((v) => Number.isFinite(v)) ?? price[0];
  for (let i = 0; i < n && !Number.isFinite(regular[i]); i++) regular[i] = first;
  const rel = new Float64Array(n);
  for (let i = 0; i < n; i++) rel[i] = promo ? Math.log(price[i] / regular[i]) : 0;
  return { rel, regular };
}

const sd = (v: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i];
  m /= Math.max(v.length, 1);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / Math.max(v.length - 1, 1));
};
const centered = (v: Float64Array) => {
  let m = 0;
  for (const x of v) m += x;
  m /= Math.max(v.length, 1);
  return v.map((x) => x - m);
};
export { sd as standardDeviation };

/** Builds the columns; `price` is the own-price column ('rel' with promotions, 'logp' without) or absent when it does not vary. */
export function priceDesign(s: PriceSeries, o: PriceDesignOptions): { columns: DesignColumn[]; priceColumn: string | null; priceSd: number; types: string[] } {
  const n = s.y.length;
  const cols: DesignColumn[] = [{ name: 'intercept', values: new Float64Array(n).fill(1) }];
  const hasPromo = !!s.promo && Array.from(s.promo).some((v) => v > 0);
  let priceColumn: string | null = null;
  let priceSd = 0;
  if (hasPromo) {
    const { rel, regular } = relativeLogPrice(s.price, s.promo);
    priceSd = sd(rel);
    if (priceSd > 0.005) cols.push({ name: (priceColumn = 'rel_price'), values: rel });
    const logReg = centered(regular.map(Math.log));
    if (sd(logReg) > 0.005) cols.push({ name: 'log_regular_price', values: logReg });
  } else {
    const logp = centered(Float64Array.from(s.price, Math.log));
    priceSd = sd(logp);
    if (priceSd > 0.005) cols.push({ name: (priceColumn = 'log_price'), values: logp });
  }
  const types: string[] = [];
  if (hasPromo) {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) if (s.promo![i]) counts.set(typeAt(s, i), (counts.get(typeAt(s, i)) ?? 0) + 1);
    const minRows = o.minTypePeriods ?? 3;
    for (const [type, c] of counts) {
      if (c < minRows) continue;
      types.push(type);
      cols.push({ name: `type:${type}`, values: Float64Array.from({ length: n }, (_, i) => (s.promo![i] && typeAt(s, i) === type ? 1 : 0)) });
    }
    const post = o.postPromoPeriods ?? (o.freq === 'D' ? 7 : 1);
    const dip = new Float64Array(n);
    let since = Infinity;
    for (let i = 0; i < n; i++) {
      if (s.promo![i]) since = 0;
      else if (++since <= post) dip[i] = 1;
    }
    if (dip.some((v) => v > 0)) cols.push({ name: 'post_promo', values: dip });
  }
  if (o.crossPrice && sd(o.crossPrice) > 0.005) cols.push({ name: 'cross_price', values: o.crossPrice });
  const t0 = s.t[0];
  const span = s.t[n - 1] - t0;
  if (o.freq === 'D')
    for (let d = 1; d < 7; d++) cols.push({ name: `dow${d}`, values: Float64Array.from({ length: n }, (_, i) => ((((s.t[i] + 3) % 7) + 7) % 7 === d ? 1 : 0)) });
  if (span >= 330)
    for (let k = 1; k <= (o.freq === 'D' ? 2 : 3); k++) {
      cols.push({ name: `sin${k}`, values: Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * k * s.t[i]) / 365.25)) });
      cols.push({ name: `cos${k}`, values: Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * k * s.t[i]) / 365.25)) });
    }
  if (span > 0) cols.push({ name: 'trend', values: Float64Array.from({ length: n }, (_, i) => (s.t[i] - t0 - span / 2) / 365.25) });
  for (const [name, v] of Object.entries(s.extra ?? {})) if (sd(v) > 0) cols.push({ name: `x:${name}`, values: Float64Array.from(v) });
  return { columns: cols, priceColumn, priceSd, types };
}

function typeAt(s: PriceSeries, i: number): string {
  const v = s.promoType?.[i];
  return v === undefined || v === null || v === '' || v === 'none' ? 'promo' : String(v);
}
