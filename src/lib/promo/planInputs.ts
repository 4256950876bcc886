/**
 * The studio's way from a series history to a promotion-planning input: the regular price (last
 * non-promotion price), a flat baseline per planning period (mean recent non-promotion demand × period
 * length) and the checks of the optimiser's inputs (the depth menu, the selection, the constraints).
 */
import type { DataIssue } from '../data/contract';
import type { PlanSeries } from './planItemsFromEstimates';

/** Options of {@link planSeriesFromHistory}. */
export interface PlanSeriesOptions {
  id: string;
  category: string;
  y: ArrayLike<number>;
  price: ArrayLike<number>;
  promo?: ArrayLike<number> | null;
  /** Planning periods. */
  periods: number;
  /** History periods per planning period (7 for daily data planned weekly). */
  periodLength: number;
  /** Recent history periods the baseline averages (default 8 planning periods). */
  window?: number;
}

/** A flat baseline from the recent non-promotion history; null when the history has no usable price or demand. */
export function planSeriesFromHistory(o: PlanSeriesOptions): PlanSeries | null {
  const n = Math.min(o.y.length, o.price.length);
  const w = o.window ?? 8 * o.periodLength;
  let regularPrice = NaN;
  for (let i = n - 1; i >= 0; i--) if (!(o.promo?.[i] ?? 0) && o.price[i] > 0) { regularPrice = o.price[i]; break; }
  let sum = 0;
  let cnt = 0;
  for (let i = n - 1; i >= 0 && cnt < w; i--) if (!(o.promo?.[i] ?? 0) && Number.isFinite(o.y[i])) { sum += o.y[i]; cnt++; }
  if (!(regularPrice > 0) || cnt === 0) return null;
  const level = (sum / cnt) * o.periodLength;
  return { id: o.id, category: o.category, regularPrice, baseUnits: Array.from({ length: o.periods }, () => level) };
}

/** What the user set in the optimiser form. */
export interface PlanInputs {
  items: number;
  periods: number;
  depths: number[];
  budget?: number;
  maxPromosPerItem?: number;
  minPromosPerItem?: number;
  minGap?: number;
  maxPerCategory?: number;
}

/** Blocking problems of an optimiser run, each with what to change (empty when it can run). */
export function checkPlanInputs(o: PlanInputs): DataIssue[] {
  const out: DataIssue[] = [];
  const err = (code: string, message: string, hint: string) => out.push({ level: 'error', code, message, hint });
  if (o.items === 0) err('empty_selection', 'No items are selected.', 'Pick a store, a category or items to plan.');
  if (!(o.periods >= 1) || !Number.isInteger(o.periods)) err('bad_periods', `The horizon must be a whole number of periods ≥ 1 (got ${o.periods}).`, 'Set the number of periods to plan.');
  if (!o.depths.length) err('no_depths', 'The depth menu is empty.', 'Enter discounts such as 10, 20, 30.');
  for (const d of o.depths) {
    if (!Number.isFinite(d)) err('bad_depth', 'A discount in the depth menu is not a number.', 'Enter discounts as percentages, e.g. 10, 20, 30.');
    else if (d >= 1) err('bad_depth', `A discount of ${Math.round(d * 100)} % gives the item away or pays the shopper to take it.`, 'Use discounts below 100 %.');
    else if (d <= 0) err('bad_depth', `A discount of ${Math.round(d * 100)} % is not a promotion.`, 'Use discounts above 0 %.');
  }
  if (o.budget !== undefined && !(o.budget >= 0)) err('bad_budget', 'The budget must be 0 or more.', 'Leave it empty for no limit.');
  for (const [k, v] of [['max promotions per item', o.maxPromosPerItem], ['min promotions per item', o.minPromosPerItem], ['minimum gap', o.minGap], ['items of a category at once', o.maxPerCategory]] as const)
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) err('bad_constraint', `The ${k} must be a whole number ≥ 0 (got ${v}).`, 'Leave it empty for no limit.');
  return out;
}
