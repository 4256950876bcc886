/**
 * Price-response offset of the global tree models. Trees cannot extrapolate: beyond the discount depths a
 * series saw they answer a flat response, and between the depths they saw a step, so a tree model's
 * implied elasticity is biased toward zero (−1.2 where the generator's truth is −2.0). The offset takes the
 * promotion response out of the trees' hands: per series, the promotion module's regression
 * (quasi-Poisson, log price relative to the regular price, promotion types, the post-promotion dip,
 * weekday, season, trend and known-future controls; elasticities shrunk toward the pooled mean) gives
 * log offset = elasticity · log(price / regular) + log lift of the type + log dip; the target is divided
 * by exp(offset) before the fit and the forecast multiplied by it after. The trees still see every price
 * and promotion feature and learn what the term leaves. Demand never rises with the own price: a positive
 * elasticity is clipped to zero. Stock-out zeros are left out of the regression; data without a promotion
 * flag get no offset (see {@link fitPriceOffset}).
 */
import type { Freq } from '../../data/contract';
import type { FeatureColumn } from '../../features';
import { estimateElasticities } from '../../promo/estimateElasticities';
import { relativeLogPrice, type PriceSeries } from '../../promo/priceDesign';
import type { FeatureFrame, TrainData } from '../protocol';
import type { FrameMeta, FrameRows } from './frameRows';

/** One series' fitted response: log offset = elasticity · log(price / regular) + log lift of the type + log dip. */
export interface SeriesResponse {
  /** Elasticity to the price relative to the regular price (the last non-promotion price). */
  elasticity: number;
  /** Log lift of each promotion type seen in the history, on top of the price effect. */
  typeLift: Record<string, number>;
  /** Log factor of the post-promotion periods (the dip; 0 without one). */
  dip: number;
}

/** Fitted offset per series id, and the post-promotion periods of the dip term. */
export interface PriceOffsetState {
  series: Record<string, SeriesResponse>;
  postPeriods: number;
}

/**
 * Whether the offset already explains a feature, so the trees do not get it (it is held constant in the
 * training rows, so no split reads it): every feature of the own series' price and promotion families —
 * the offset's terms are the own price relative to the regular price, the promotion type and the periods
 * after a campaign, and each of those features (price ratios, discount depth, promotion flag and code,
 * periods since / until a campaign, the post-promotion flag) is a function of the same own price and
 * promotion columns. Left to the trees, they read the offset's per-series estimation error back as a
 * pooled response on top of it: on the generator (seed 11, `tests/unit/promo/scenarioTruth.test.ts`) a
 * feature-type promotion's incremental units went from −11 % to −1 % of the truth and its dip from +46 % to
 * +20 % when they were hidden (hiding only the price family left −13 % / +55 %). Cross-item features
 * (`crossSeries`: the other items' promotions and prices) stay — the offset has no cannibalisation term, the
 * trees answer it. Plain forecasting (no offset) keeps every feature. Without column metadata, none.
 */
export function offsetExplains(column: FeatureColumn | undefined): boolean {
  return !!column && (column.family === 'price' || column.family === 'promo') && !column.crossSeries;
}

/** Most negative elasticity the offset applies (a guard against a wild estimate on a short history). */
const FLOOR = -6;
/** Largest |log offset| of a row (×/÷ 20): a sanity bound, far beyond a real promotion's response. */
const OFFSET_CAP = 3;
/** Largest |log| of a type lift or dip the offset applies (×/÷ e² — beyond it the trees answer). */
const LIFT_CAP = 2;

/**
 * Columns the estimate reads: the price family's own price and the promo family's flag; the promotion's
 * type is the combination of every categorical known-future column (a promo type, a display code) on
 * promoted rows, and every other numeric known-future covariate (holiday flags, display/feature flags) is
 * held apart as a control, as is the share of the category's other items on promotion
 * (`cross_promo_share`, features/crossItemFeatures.ts): left out, a sibling's campaign that overlaps one
 * of the series' own reads as a weaker own response (on the generator with cannibalisation the median error
 * of the implied 20 %-discount uplift fell from 24 % to 6 % with it). The control is not applied in the
 * offset: the trees read the cross-item features. Null without a price column.
 */
export function priceOffsetColumns(frame: FeatureFrame & FrameMeta): { price: number; promo: number; types: number[]; controls: number[] } | null {
  const family = (j: number) => frame.meta?.[j]?.family;
  const find = (name: string, fam: string) => frame.names.findIndex((n, j) => n === name && (!frame.meta || family(j) === fam));
  const price = find('price', 'price');
  if (price < 0) return null;
  const promo = find('promo_flag', 'promo');
  const types: number[] = [];
  const controls: number[] = [];
  frame.names.forEach((n, j) => {
    if (frame.timing[j] !== 'known_future' || frame.meta?.[j]?.lag !== undefined) return;
    const f = family(j);
    if (frame.categorical[j] && (f === 'covariate' || f === 'promo')) types.push(j);
    else if (!frame.categorical[j] && (f === 'covariate' || n === 'cross_promo_share')) controls.push(j);
  });
  return { price, promo, types, controls };
}

/** Rows of every series (train and future), ascending ds. */
function rowsBySeries(frame: FeatureFrame, rows: FrameRows, nSeries: number, train: boolean): number[][] {
  const out: number[][] = Array.from({ length: nSeries }, () => []);
  const add = (list: Int32Array) => { for (const r of list) if (rows.seriesOf[r] >= 0) out[rows.seriesOf[r]].push(r); };
  add(rows.train);
  if (!train) add(rows.future);
  for (const l of out) l.sort((a, b) => frame.ds[a] - frame.ds[b]);
  return out;
}

/** Estimates the offset on the training rows; null when the frame has no price or no series' price varies. */
export function fitPriceOffset(frame: FeatureFrame & FrameMeta, rows: FrameRows, train: TrainData): PriceOffsetState | null {
  const cols = priceOffsetColumns(frame);
  // Only with promotions: the response to a discount against the regular price is what the trees cannot
  // extrapolate. Without them, prices move with the season and the market (avocado), a log-price slope of
  // one series' history is confounded with demand, and the trees' price features answer.
  if (!cols || cols.promo < 0) return null;
  const bySeries = rowsBySeries(frame, rows, train.series.length, true);
  const series: PriceSeries[] = [];
  bySeries.forEach((list, s) => {
    const priced = list.filter((r) => Number.isFinite(frame.columns[cols.price][r]) && frame.columns[cols.price][r] > 0);
    const out = outages(Float64Array.from(priced, (r) => frame.y[r]));
    const keep = priced.filter((_, i) => !out[i]);
    if (keep.length < 20) return;
    series.push({
      unique_id: train.series[s].id,
      group: 'all',
      t: Int32Array.from(keep, (r) => frame.ds[r]),
      y: Float64Array.from(keep, (r) => frame.y[r]),
      price: Float64Array.from(keep, (r) => frame.columns[cols.price][r]),
      promo: Float64Array.from(keep, (r) => (frame.columns[cols.promo][r] > 0 ? 1 : 0)),
      ...(cols.types.length ? { promoType: keep.map((r) => cols.types.map((j) => frame.columns[j][r]).join('|')) } : {}),
      extra: Object.fromEntries(cols.controls.map((j) => [frame.names[j], Float64Array.from(keep, (r) => (Number.isFinite(frame.columns[j][r]) ? frame.columns[j][r] : 0))])),
    });
  });
  if (!series.length) return null;
  const postPeriods = train.freq === 'D' ? 7 : 1;
  const est = estimateElasticities(series, { freq: train.freq as Freq, cross: false, postPromoPeriods: postPeriods });
  const out: Record<string, SeriesResponse> = {};
  const ok = (v: number | undefined | null): v is number => v !== undefined && v !== null && Number.isFinite(v);
  for (const e of est) {
    const s = series.find((x) => x.unique_id === e.unique_id)!;
    const elasticity = ok(e.elasticity) ? Math.max(FLOOR, Math.min(0, e.elasticity)) : 0;
    // The type lifts were estimated jointly with the raw elasticity: re-centre each on the shrunk one so
    // that the response at the type's mean discount in the history is the regression's own.
    const relMean = s.promo ? meanRelByType(s) : {};
    const shift = ok(e.raw) ? e.raw - elasticity : 0;
    const typeLift: Record<string, number> = {};
    for (const [t, l] of Object.entries(e.liftByType)) {
      const v = ok(l.factor) && l.factor > 0 ? Math.log(l.factor) + shift * (relMean[t] ?? 0) : NaN;
      if (Math.abs(v) < LIFT_CAP) typeLift[t] = v;
    }
    const dip = e.postPromo && ok(e.postPromo.factor) && e.postPromo.factor > 0 ? Math.max(-LIFT_CAP, Math.min(LIFT_CAP, Math.log(e.postPromo.factor))) : 0;
    if (!elasticity && !Object.keys(typeLift).length && !dip) continue;
    out[e.unique_id] = { elasticity, typeLift, dip };
  }
  return Object.keys(out).length ? { series: out, postPeriods } : null;
}

/** Half-width (periods) of the window around a zero whose median decides whether it is an outage. */
const OUTAGE_WINDOW = 14;
/** A zero where the neighbours' median is at least this is an outage: P(0) under Poisson(6) is 0.25 %. */
const OUTAGE_LEVEL = 6;

/**
 * Zeros that are not demand: a stock-out or a closed day on a series that sells, recognised as a zero where
 * the median of the neighbouring periods is ≥ {@link OUTAGE_LEVEL} units. Left in, a stock-out during a
 * campaign reads as a weak promotion and bends the elasticity; the regression leaves those periods out.
 */
export function outages(y: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0) continue;
    const w: number[] = [];
    for (let k = Math.max(0, i - OUTAGE_WINDOW); k <= Math.min(y.length - 1, i + OUTAGE_WINDOW); k++) if (k !== i && Number.isFinite(y[k])) w.push(y[k]);
    w.sort((a, b) => a - b);
    if (w.length && w[Math.floor(w.length / 2)] >= OUTAGE_LEVEL) out[i] = 1;
  }
  return out;
}

/** Mean log(price / regular) of the promoted periods of each type (the type keys of the regression). */
function meanRelByType(s: PriceSeries): Record<string, number> {
  const { rel } = relativeLogPrice(s.price, s.promo);
  const sum: Record<string, [number, number]> = {};
  for (let i = 0; i < rel.length; i++) {
    if (!s.promo![i]) continue;
    const v = s.promoType?.[i];
    const t = v === undefined || v === null || v === '' || v === 'none' ? 'promo' : String(v);
    const a = (sum[t] ??= [0, 0]);
    (a[0] += rel[i]), a[1]++;
  }
  return Object.fromEntries(Object.entries(sum).map(([t, [x, n]]) => [t, x / n]));
}

/**
 * The log offset of every frame row (0 where a series has no response): elasticity × log(price / regular),
 * the regular price being the last non-promotion price as in the estimate, plus the log lift of the row's
 * promotion type (a type the history lacks gets none: the trees answer it) and the dip after a campaign.
 * Training and future rows of a series are read as one sequence, so a planned price is measured against
 * the last regular price before it.
 */
export function priceOffsetValues(state: PriceOffsetState, frame: FeatureFrame & FrameMeta, rows: FrameRows, train: TrainData): Float64Array {
  const out = new Float64Array(frame.y.length);
  const cols = priceOffsetColumns(frame);
  if (!cols) return out;
  rowsBySeries(frame, rows, train.series.length, false).forEach((list, s) => {
    const e = state.series[train.series[s].id];
    if (!e) return;
    const keep = list.filter((r) => Number.isFinite(frame.columns[cols.price][r]) && frame.columns[cols.price][r] > 0);
    const price = Float64Array.from(keep, (r) => frame.columns[cols.price][r]);
    if (cols.promo < 0) return;
    const promo = Float64Array.from(keep, (r) => (frame.columns[cols.promo][r] > 0 ? 1 : 0));
    const { rel } = relativeLogPrice(price, promo);
    let since = Infinity;
    keep.forEach((r, i) => {
      let v = e.elasticity * rel[i];
      if (promo[i]) {
        since = 0;
        const type = cols.types.length ? cols.types.map((j) => frame.columns[j][r]).join('|') : 'promo';
        v += e.typeLift[type] ?? 0;
      } else if (++since <= state.postPeriods) v += e.dip;
      out[r] = Math.max(-OFFSET_CAP, Math.min(OFFSET_CAP, v));
    });
  });
  return out;
}
