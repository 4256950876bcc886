/**
 * Seeded retail sample generator with known ground truth.
 *
 * Demand per (store, item, day) is
 *   μ = level · store · weekly[dow] · yearly(t) · trend(t) · holiday · (price / regular)^elasticity
 *       · promoLift[type] · postPromoDip · (1 − cannibalisation · share of the category's other items on promotion)
 * and sales are Poisson(μ) (zero during stock-outs). Every factor is exported in `truth`, so tests can
 * check that the studio recovers the true uplift and elasticity.
 */
import { createRng } from './random';
import { dayToIso, isoToDay } from './contract';

export interface GeneratorOptions {
  stores?: number;
  items?: number;
  days?: number;
  /** First date, ISO. */
  start?: string;
  seed?: number;
  /** Share of items that are intermittent (low volume, many zeros). */
  intermittentShare?: number;
  /** Number of stock-out episodes to inject (sales 0 while demand exists). */
  stockouts?: number;
  /**
   * Cannibalisation: an item's demand is multiplied by 1 − c × (share of the other items of its category
   * on promotion that day) — shoppers switch to the promoted sibling. Default 0 (none; the sample and
   * every seeded draw stay as they were).
   */
  cannibalisation?: number;
}

export const PROMO_TYPES = ['tpr', 'display', 'feature'] as const;
export type PromoType = (typeof PROMO_TYPES)[number];

export interface ItemTruth {
  item: string;
  category: string;
  regularPrice: number;
  /** Own-price elasticity: d log(demand) / d log(price). */
  elasticity: number;
  intermittent: boolean;
  level: number;
}

export interface GeneratorTruth {
  items: ItemTruth[];
  storeFactor: Record<string, number>;
  weekly: number[];
  yearlyAmplitude: number;
  trendPerYear: number;
  /** Multiplicative lift of each promo type on top of the price effect. */
  promoLift: Record<PromoType, number>;
  /** Multiplier on demand in the `postPromoDays` after a campaign ends. */
  postPromoDip: number;
  postPromoDays: number;
  /** Demand lost by an item per unit share of the other items of its category on promotion (0 = none). */
  cannibalisation: number;
  holidayLift: number;
  /** Sum over promo rows of (expected demand with promo − expected demand without it): the true uplift. */
  totalUplift: number;
  stockouts: { unique_id: string; from: string; to: string }[];
}

/** Column-oriented sample: one typed array or string array per column, never one object per row. */
export interface GeneratedData {
  columns: {
    date: string[];
    store: string[];
    item: string[];
    category: string[];
    sales: Float64Array;
    price: Float64Array;
    promo: Uint8Array;
    promo_type: string[];
    is_holiday: Uint8Array;
  };
  /** Expected demand without the promo (the true baseline), aligned with rows. */
  baseline: Float64Array;
  /** Expected demand as generated (with promo and price effects), aligned with rows. */
  expected: Float64Array;
  truth: GeneratorTruth;
  rows: number;
}

const CATEGORIES = ['grocery', 'household', 'beverages'];
const WEEKLY = [0.9, 0.85, 0.88, 0.95, 1.1, 1.35, 1.2]; // Mon..Sun
const HOLIDAYS_MD = ['01-01', '07-04', '11-25', '12-24', '12-26', '12-31'];

/** Generates the sample; defaults give 5 stores × 10 items × 3 years daily (54,750 rows). */
export function generateRetail(options: GeneratorOptions = {}): GeneratedData {
  const o = {
    stores: 5,
    items: 10,
    days: 1095,
    start: '2023-01-01',
    seed: 42,
    intermittentShare: 0.2,
    stockouts: 4,
    cannibalisation: 0,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as Required<GeneratorOptions>;
  const rng = createRng(o.seed);
  const start = isoToDay(o.start);
  const promoLift: Record<PromoType, number> = { tpr: 1.0, display: 1.25, feature: 1.45 };
  const truth: GeneratorTruth = {
    items: [],
    storeFactor: {},
    weekly: WEEKLY,
    yearlyAmplitude: 0.15,
    trendPerYear: 0.06,
    promoLift,
    postPromoDip: 0.85,
    postPromoDays: 7,
    cannibalisation: o.cannibalisation,
    holidayLift: 1.5,
    totalUplift: 0,
    stockouts: [],
  };
  const nInter = Math.round(o.items * o.intermittentShare);
  for (let i = 0; i < o.items; i++) {
    const intermittent = i >= o.items - nInter;
    truth.items.push({
      item: `item_${String(i + 1).padStart(2, '0')}`,
      category: CATEGORIES[i % CATEGORIES.length],
      regularPrice: Math.round((1.5 + rng.next() * 10) * 100) / 100,
      elasticity: -(1.2 + rng.next() * 1.3),
      intermittent,
      level: intermittent ? 0.3 + rng.next() * 0.5 : 8 + rng.next() * 40,
    });
  }
  const storeNames = Array.from({ length: o.stores }, (_, s) => `store_${s + 1}`);
  for (const s of storeNames) truth.storeFactor[s] = 0.6 + rng.next() * 0.9;

  // Chain-wide promo calendar per item: campaigns of 7–14 days every 5–10 weeks, with a depth and type.
  const promoDepth: Float64Array[] = [];
  const promoTypeIdx: Int8Array[] = [];
  const postDip: Uint8Array[] = [];
  const priceLevel: Float64Array[] = [];
  for (const it of truth.items) {
    const depth = new Float64Array(o.days);
    const type = new Int8Array(o.days).fill(-1);
    const dip = new Uint8Array(o.days);
    let t = rng.int(10, 50);
    while (t < o.days) {
      const len = rng.int(7, 15);
      const d = rng.pick([0.1, 0.2, 0.3]);
      const ty = rng.int(0, PROMO_TYPES.length);
      for (let k = t; k < Math.min(o.days, t + len); k++) {
        depth[k] = d;
        type[k] = ty;
      }
      for (let k = t + len; k < Math.min(o.days, t + len + truth.postPromoDays); k++) dip[k] = 1;
      t += len + rng.int(35, 70);
    }
    // Regular price steps up once or twice over the span (inflation), never during a campaign.
    const reg = new Float64Array(o.days).fill(it.regularPrice);
    const changes = rng.int(1, 3);
    for (let c = 0; c < changes; c++) {
      let at = rng.int(60, o.days);
      while (at < o.days && (depth[at] > 0 || depth[at - 1] > 0)) at++;
      const f = 1 + 0.04 + rng.next() * 0.06;
      for (let k = at; k < o.days; k++) reg[k] = Math.round(reg[k] * f * 100) / 100;
    }
    promoDepth.push(depth);
    promoTypeIdx.push(type);
    postDip.push(dip);
    priceLevel.push(reg);
  }

  const isHoliday = new Uint8Array(o.days);
  for (let k = 0; k < o.days; k++) {
    const md = dayToIso(start + k).slice(5);
    if (HOLIDAYS_MD.includes(md)) isHoliday[k] = 1;
  }

  const n = o.stores * o.items * o.days;
  const cols: GeneratedData['columns'] = {
    date: new Array(n),
    store: new Array(n),
    item: new Array(n),
    category: new Array(n),
    sales: new Float64Array(n),
    price: new Float64Array(n),
    promo: new Uint8Array(n),
    promo_type: new Array(n),
    is_holiday: new Uint8Array(n),
  };
  const baseline = new Float64Array(n);
  const expected = new Float64Array(n);
  const dates = Array.from({ length: o.days }, (_, k) => dayToIso(start + k));

  // Stock-out episodes on regular (non-intermittent) series.
  const stockout = new Set<string>();
  const regular = truth.items.filter((it) => !it.intermittent);
  for (let e = 0; e < o.stockouts && regular.length; e++) {
    const s = rng.pick(storeNames);
    const it = rng.pick(regular);
    const from = rng.int(30, o.days - 10);
    const len = rng.int(3, 9);
    for (let k = from; k < from + len; k++) stockout.add(`${s}|${it.item}|${k}`);
    truth.stockouts.push({ unique_id: `${s}/${it.item}`, from: dates[from], to: dates[from + len - 1] });
  }

  // Share of the other items of the same category on promotion per item and day (chain-wide calendars).
  const otherShare = truth.items.map((it, i) => {
    const sib = truth.items.map((x, j) => j).filter((j) => j !== i && truth.items[j].category === it.category);
    return Float64Array.from({ length: o.days }, (_, k) => (sib.length ? sib.filter((j) => promoDepth[j][k] > 0).length / sib.length : 0));
  });

  let r = 0;
  for (let s = 0; s < o.stores; s++) {
    const store = storeNames[s];
    const sf = truth.storeFactor[store];
    for (let i = 0; i < o.items; i++) {
      const it = truth.items[i];
      const depth = promoDepth[i];
      const type = promoTypeIdx[i];
      const reg = priceLevel[i];
      for (let k = 0; k < o.days; k++, r++) {
        const day = start + k;
        const dow = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday → Mon=0
        const years = k / 365.25;
        const yearly = 1 + truth.yearlyAmplitude * Math.sin((2 * Math.PI * (day % 365.25)) / 365.25 - 1.2);
        const trend = Math.pow(1 + truth.trendPerYear, years);
        const hol = isHoliday[k] ? truth.holidayLift : 1;
        const cannib = 1 - truth.cannibalisation * otherShare[i][k];
        const base = it.level * sf * WEEKLY[dow] * yearly * trend * hol * (postDip[i][k] ? truth.postPromoDip : 1) * cannib;
        const price = Math.round(reg[k] * (1 - depth[k]) * 100) / 100;
        const onPromo = depth[k] > 0;
        const lift = onPromo ? Math.pow(price / reg[k], it.elasticity) * promoLift[PROMO_TYPES[type[k]]] : 1;
        const mu = base * lift;
        baseline[r] = base;
        expected[r] = mu;
        if (onPromo) truth.totalUplift += mu - base;
        const out = stockout.has(`${store}|${it.item}|${k}`);
        cols.sales[r] = out ? 0 : rng.poisson(mu);
        cols.date[r] = dates[k];
        cols.store[r] = store;
        cols.item[r] = it.item;
        cols.category[r] = it.category;
        cols.price[r] = price;
        cols.promo[r] = onPromo ? 1 : 0;
        cols.promo_type[r] = onPromo ? PROMO_TYPES[type[k]] : 'none';
        cols.is_holiday[r] = isHoliday[k];
      }
    }
  }
  return { columns: cols, baseline, expected, truth, rows: n };
}

/** Serialises generated data as CSV (header + one line per row), built in chunks to stay fast at 1M rows. */
export function toCsv(data: GeneratedData): string {
  const c = data.columns;
  const parts: string[] = ['date,store,item,category,sales,price,promo,promo_type,is_holiday'];
  for (let r = 0; r < data.rows; r++) {
    parts.push(
      `${c.date[r]},${c.store[r]},${c.item[r]},${c.category[r]},${c.sales[r]},${c.price[r]},${c.promo[r]},${c.promo_type[r]},${c.is_holiday[r]}`,
    );
  }
  return parts.join('\n') + '\n';
}
