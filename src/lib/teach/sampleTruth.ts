/**
 * The sample's ground truth (public/sample/retail_sample.truth.json, written by src/cli/makeSample.ts
 * from the seeded generator) set beside what the studio estimates from the data: each item's price
 * elasticity, the promotion lift and post-promotion dip, and the total promotion uplift.
 */
import type { ElasticityEstimate } from '../promo';
// The one module, not the promo index (which brings TF.js into the page's first download).
import { relativeLogPrice } from '../promo/priceDesign';

/** The parts of the generator's truth the teaching view shows. */
export interface SampleTruth {
  items: { item: string; category: string; elasticity: number; intermittent: boolean }[];
  /** Multiplicative lift of each promotion type on top of the price effect. */
  promoLift: Record<string, number>;
  postPromoDip: number;
  /** Units sold above the no-promotion baseline, summed over every promoted day (expected values). */
  totalUplift: number;
}

/** Reads the truth file; null when it is not the generator's truth (a missing field or a wrong type). */
export function parseSampleTruth(json: unknown): SampleTruth | null {
  const t = json as Partial<SampleTruth> | null;
  if (!t || typeof t !== 'object' || !Array.isArray(t.items) || !t.promoLift || typeof t.promoLift !== 'object') return null;
  if (!Number.isFinite(t.postPromoDip) || !Number.isFinite(t.totalUplift)) return null;
  if (!t.items.every((i) => i && typeof i.item === 'string' && Number.isFinite(i.elasticity))) return null;
  if (!Object.values(t.promoLift).every((v) => Number.isFinite(v))) return null;
  return { items: t.items.map((i) => ({ item: i.item, category: String(i.category), elasticity: i.elasticity, intermittent: !!i.intermittent })), promoLift: { ...t.promoLift }, postPromoDip: t.postPromoDip!, totalUplift: t.totalUplift! };
}

/** One item: the true elasticity and the studio's estimates over the item's series (one per store). */
export interface ElasticityComparison {
  item: string;
  truth: number;
  intermittent: boolean;
  /** Mean of the series' (shrunk) elasticities; null when none has one. */
  estimate: number | null;
  min: number | null;
  max: number | null;
  /** Series with an estimate. */
  series: number;
}

/** Sets each item's true elasticity beside the mean of its series' estimates (`itemOf` maps a series id to its item). */
export function compareElasticities(truth: SampleTruth, estimates: readonly ElasticityEstimate[], itemOf: (uniqueId: string) => string): ElasticityComparison[] {
  return truth.items.map((it) => {
    const v = estimates.filter((e) => itemOf(e.unique_id) === it.item && e.elasticity !== null && Number.isFinite(e.elasticity)).map((e) => e.elasticity!);
    return {
      item: it.item, truth: it.elasticity, intermittent: it.intermittent, series: v.length,
      estimate: v.length ? v.reduce((a, b) => a + b, 0) / v.length : null,
      min: v.length ? Math.min(...v) : null,
      max: v.length ? Math.max(...v) : null,
    };
  });
}

/** Median of the series' promotion-flag lift (key `promo`, or the mean of the type lifts) and post-promotion dip. */
export function pooledPromoEffects(estimates: readonly ElasticityEstimate[]): { lift: number | null; dip: number | null; series: number } {
  const lifts: number[] = [];
  const dips: number[] = [];
  for (const e of estimates) {
    const types = Object.values(e.liftByType).map((l) => l.factor).filter(Number.isFinite);
    if (types.length) lifts.push(e.liftByType.promo?.factor ?? Math.exp(types.reduce((a, f) => a + Math.log(f), 0) / types.length));
    if (e.postPromo && Number.isFinite(e.postPromo.factor)) dips.push(e.postPromo.factor);
  }
  return { lift: median(lifts), dip: median(dips), series: lifts.length };
}

/** One series' history for {@link estimatedUplift}. */
export interface UpliftSeries {
  id: string;
  y: ArrayLike<number>;
  price: ArrayLike<number>;
  promo: ArrayLike<number> | null;
  /** The promotion type per row (as the estimate was given it), when the estimate has one lift per type. */
  types?: ArrayLike<string>;
}

/**
 * The promotion uplift implied by the estimates: on every promoted period, the sales minus what they
 * would have been at the regular price without the promotion, y − y / effect, where
 * effect = (price / regular price)^elasticity × promotion lift — the lift of the row's type when the
 * estimate has one per type (re-centred on the shrunk elasticity, as the price-response offset does: the
 * type lifts were fitted jointly with the raw elasticity, so the response at the type's mean discount stays
 * the regression's own), else the single `promo` lift. Series without estimates add nothing.
 */
export function estimatedUplift(series: readonly UpliftSeries[], estimates: readonly ElasticityEstimate[]): number {
  const byId = new Map(estimates.map((e) => [e.unique_id, e]));
  let total = 0;
  for (const s of series) {
    const e = byId.get(s.id);
    if (!e || !s.promo) continue;
    const { rel } = relativeLogPrice(s.price, s.promo);
    const el = e.elasticity ?? 0;
    const shift = e.raw !== null && e.raw !== undefined && Number.isFinite(e.raw) ? e.raw - el : 0;
    const typeOf = (i: number) => {
      const t = s.types?.[i];
      return t === undefined || t === null || t === '' || t === 'none' ? 'promo' : String(t);
    };
    // mean log relative price of each type's promoted rows
    const sum: Record<string, [number, number]> = {};
    for (let i = 0; i < s.y.length; i++) {
      if (!s.promo[i] || !Number.isFinite(rel[i])) continue;
      const a = (sum[typeOf(i)] ??= [0, 0]);
      (a[0] += rel[i]), a[1]++;
    }
    const lift = (t: string) => {
      const f = e.liftByType[t]?.factor;
      return f !== undefined && f > 0 && Number.isFinite(f) ? f * Math.exp(s.types ? shift * (sum[t][0] / sum[t][1]) : 0) : 1;
    };
    for (let i = 0; i < s.y.length; i++) {
      if (!s.promo[i] || !Number.isFinite(s.y[i]) || !Number.isFinite(rel[i])) continue;
      const effect = Math.exp(el * rel[i]) * lift(typeOf(i));
      if (effect > 0) total += s.y[i] - s.y[i] / effect;
    }
  }
  return total;
}

/**
 * The single lift that matches the per-type truth over the promoted periods: the geometric mean of the
 * type lifts weighted by how many promoted periods each type has (the log-linear model's average).
 */
export function weightedTruthLift(promoLift: Record<string, number>, periodsByType: Record<string, number>): number | null {
  let n = 0;
  let s = 0;
  for (const [type, k] of Object.entries(periodsByType)) {
    const l = promoLift[type];
    if (!(l > 0) || !(k > 0)) continue;
    n += k;
    s += k * Math.log(l);
  }
  return n ? Math.exp(s / n) : null;
}

function median(v: number[]): number | null {
  if (!v.length) return null;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
