/**
 * The promotion response model shared by the exact optimiser, the brute-force check and the learning
 * agent's simulator. Effects add up: promoting item i at period t with depth d sells
 * u = base·(1−d)^elasticity·lift units; a share of the incremental units (u − base) is lost from the next
 * period (the dip, capped at that period's base) and a share from the category's other items at t in
 * proportion to their base (cannibalisation; a negative share is a halo). Lost units are valued at the
 * affected item's regular price and margin.
 */
import type { PromoObjective } from './compareScenarios';

/** One item of a promotion-planning problem. */
export interface PlanItem {
  id: string;
  category: string;
  regularPrice: number;
  unitCost: number;
  /** Baseline units per period (no promotion). */
  baseUnits: number[];
  /** Own-price elasticity (negative). */
  elasticity: number;
  /** Extra lift of the promotion on top of the price effect (display, feature…; default 1). */
  lift?: number;
  /** Share of incremental units lost from the next period (default 0). */
  dipShare?: number;
  /** Share of incremental units taken from the category's other items (default 0; negative = halo). */
  cannibalShare?: number;
}

/** Constraints of a promotion plan (absent = no limit). */
export interface PlanConstraints {
  /** Retailer-funded discount + fees over the plan. */
  budget?: number;
  /** At most k promoted periods per item. */
  maxPromosPerItem?: number;
  /** At least this many promoted periods per item (a vendor agreement). */
  minPromosPerItem?: number;
  /** At least this many regular periods between two promotions of an item. */
  minGap?: number;
  /** Gross margin at the promotional price must stay ≥ this share of the price. */
  minMarginPct?: number;
  /** At most m items of a category promoted in the same period. */
  maxPerCategory?: number;
}

/** A promotion-planning problem. */
export interface PlanProblem {
  items: PlanItem[];
  /** Planning periods (each item's baseUnits has at least this many). */
  periods: number;
  /** Depth menu, e.g. [0.1, 0.2, 0.3, 0.4]. */
  depths: number[];
  objective?: PromoObjective;
  vendorShare?: number;
  /** Fixed fee per promoted period. */
  promoFee?: number;
  constraints?: PlanConstraints;
}

/** One promoted (item, period, depth). */
export interface PlanChoice {
  item: number;
  period: number;
  /** Index into the depth menu. */
  depth: number;
}

/** Effect of one option against no promotion. */
export interface OptionEffect {
  promoUnits: number;
  incremental: number;
  dipUnits: number;
  cannibalUnits: number;
  units: number;
  revenue: number;
  profit: number;
  /** Retailer-funded discount + fee. */
  spend: number;
  /** Gross margin share at the promotional price. */
  marginPct: number;
}

/** Effect of promoting item i at period t with depth index d (vs no promotion), under the additive model. */
export function optionEffect(p: PlanProblem, i: number, t: number, d: number): OptionEffect {
  const it = p.items[i];
  const depth = p.depths[d];
  const base = it.baseUnits[t];
  const price = it.regularPrice * (1 - depth);
  const promoUnits = base * Math.pow(1 - depth, it.elasticity) * (it.lift ?? 1);
  const incremental = promoUnits - base;
  const vendor = (p.vendorShare ?? 0) * depth * it.regularPrice * promoUnits;
  const fee = p.promoFee ?? 0;
  let revenue = promoUnits * price - base * it.regularPrice;
  let profit = promoUnits * (price - it.unitCost) + vendor - base * (it.regularPrice - it.unitCost) - fee;
  let dipUnits = 0;
  if (t + 1 < p.periods && (it.dipShare ?? 0) !== 0) {
    dipUnits = Math.min(Math.max(0, incremental) * (it.dipShare ?? 0), it.baseUnits[t + 1]);
    revenue -= dipUnits * it.regularPrice;
    profit -= dipUnits * (it.regularPrice - it.unitCost);
  }
  let cannibalUnits = 0;
  const share = it.cannibalShare ?? 0;
  if (share !== 0) {
    const sibs = p.items.map((s, j) => j).filter((j) => j !== i && p.items[j].category === it.category);
    const total = sibs.reduce((a, j) => a + p.items[j].baseUnits[t], 0);
    for (const j of sibs) {
      const s = p.items[j];
      const lost = total > 0 ? Math.min(share * Math.max(0, incremental) * (s.baseUnits[t] / total), s.baseUnits[t]) : 0;
      cannibalUnits += lost;
      revenue -= lost * s.regularPrice;
      profit -= lost * (s.regularPrice - s.unitCost);
    }
  }
  return {
    promoUnits, incremental, dipUnits, cannibalUnits, units: incremental - dipUnits - cannibalUnits, revenue, profit,
    spend: (1 - (p.vendorShare ?? 0)) * depth * it.regularPrice * promoUnits + fee,
    marginPct: price > 0 ? (price - it.unitCost) / price : -Infinity,
  };
}

/** The objective value of an option. */
export function optionValue(e: OptionEffect, objective: PromoObjective = 'profit'): number {
  return objective === 'units' ? e.units : e[objective];
}

/** Whether an option is allowed at all (the margin floor). */
export function optionAllowed(p: PlanProblem, e: OptionEffect): boolean {
  const m = p.constraints?.minMarginPct;
  return m === undefined || e.marginPct >= m - 1e-12;
}

/** Totals of a plan and the constraints it breaks (empty = feasible). */
export function evaluatePlan(p: PlanProblem, plan: PlanChoice[]): { units: number; revenue: number; profit: number; spend: number; value: number; violations: string[] } {
  const c = p.constraints ?? {};
  const out = { units: 0, revenue: 0, profit: 0, spend: 0, value: 0, violations: [] as string[] };
  const byItem = new Map<number, number[]>();
  const byCatPeriod = new Map<string, number>();
  const seen = new Set<string>();
  for (const ch of plan) {
    const key = `${ch.item}|${ch.period}`;
    if (seen.has(key)) out.violations.push(`item ${p.items[ch.item].id} has two depths in period ${ch.period}`);
    seen.add(key);
    const e = optionEffect(p, ch.item, ch.period, ch.depth);
    if (!optionAllowed(p, e)) out.violations.push(`minMarginPct: ${p.items[ch.item].id} at ${(p.depths[ch.depth] * 100).toFixed(0)} % keeps ${(e.marginPct * 100).toFixed(1)} % margin`);
    out.units += e.units;
    out.revenue += e.revenue;
    out.profit += e.profit;
    out.spend += e.spend;
    out.value += optionValue(e, p.objective);
    byItem.set(ch.item, [...(byItem.get(ch.item) ?? []), ch.period]);
    const ck = `${p.items[ch.item].category}|${ch.period}`;
    byCatPeriod.set(ck, (byCatPeriod.get(ck) ?? 0) + 1);
  }
  if (c.budget !== undefined && out.spend > c.budget + 1e-6) out.violations.push(`budget: spend ${out.spend.toFixed(2)} > ${c.budget}`);
  for (let i = 0; i < p.items.length; i++) {
    const ts = (byItem.get(i) ?? []).sort((a, b) => a - b);
    if (c.maxPromosPerItem !== undefined && ts.length > c.maxPromosPerItem) out.violations.push(`maxPromosPerItem: ${p.items[i].id} has ${ts.length}`);
    if (c.minPromosPerItem !== undefined && ts.length < c.minPromosPerItem) out.violations.push(`minPromosPerItem: ${p.items[i].id} has ${ts.length}`);
    if (c.minGap) for (let k = 1; k < ts.length; k++) if (ts[k] - ts[k - 1] <= c.minGap) out.violations.push(`minGap: ${p.items[i].id} periods ${ts[k - 1]} and ${ts[k]}`);
  }
  if (c.maxPerCategory !== undefined) for (const [k, n] of byCatPeriod) if (n > c.maxPerCategory) out.violations.push(`maxPerCategory: ${k} has ${n}`);
  return out;
}
