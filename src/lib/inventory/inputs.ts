/**
 * Per-series inventory inputs, the assortment defaults that fill what is missing (each filled field is
 * listed in `defaulted`), and the checks that turn bad input into messages saying what to do.
 */
import type { DataIssue } from '../data/contract';

/** An order already placed: quantity and the period index (0 = now) it arrives. */
export interface OpenOrder {
  quantity: number;
  /** Periods from now until it arrives (≥ 0). */
  arrivesIn: number;
}

/** How the service target is expressed. */
export type ServiceKind = 'csl' | 'fill_rate';

/** Everything known about one series (item × location). Periods are the forecast's frequency. */
export interface InventoryInputs {
  id: string;
  onHand: number;
  openOrders: OpenOrder[];
  /** Mean lead time in periods. */
  leadTime: number;
  leadTimeSd: number;
  /** Review period in periods (R). */
  review: number;
  /** Target service, 0 < service < 1. */
  service: number;
  serviceKind: ServiceKind;
  /** Value of one unit (for % holding rates). */
  unitCost: number;
  /** Holding cost per unit and period. */
  holdingCost: number;
  orderingCost: number;
  /** Cost of one unit short (lost margin or stock-out penalty). */
  stockoutCost: number;
  moq: number;
  /** Order multiple / batch (1 = any whole unit). */
  batch: number;
  /** Shelf life in periods (Infinity when it does not matter). */
  shelfLife: number;
  /** What a unit left over after a one-shot buy sells for (salvage / markdown value). */
  salvage?: number;
  /**
   * Cost of one unit left over after a one-shot buy (the newsvendor's co); default unit cost − salvage
   * (see {@link overageOf}).
   */
  overageCost?: number;
}

/** Fields a row may give; anything missing comes from the defaults. `holdingRate` is % of unit cost a year. */
export type InventoryRow = Partial<Omit<InventoryInputs, 'id'>> & { id: string; holdingRate?: number };

/** Inputs with the list of fields that came from the assortment defaults. */
export interface ResolvedInputs extends InventoryInputs {
  defaulted: string[];
  salvage: number;
  overageCost: number;
  /** How `overageCost` was obtained when it was not given (e.g. `unit cost − salvage = 1 − 0`); absent when given. */
  overageDefault?: string;
}

/** Assortment defaults (each use is marked in `defaulted`). */
export const INVENTORY_DEFAULTS = {
  onHand: 0, leadTime: 2, leadTimeSd: 0, review: 1, service: 0.95, serviceKind: 'csl' as ServiceKind,
  unitCost: 1, holdingRate: 0.25, orderingCost: 10, stockoutCost: 0.5, moq: 0, batch: 1, shelfLife: Infinity, salvage: 0,
};

/** Fills a row from `defaults` (and the CLI/table-wide values), computing holding cost from a yearly rate. */
export function resolveInputs(row: InventoryRow, options: { periodsPerYear: number; defaults?: Partial<typeof INVENTORY_DEFAULTS> }): ResolvedInputs {
  const d = { ...INVENTORY_DEFAULTS, ...(options.defaults ?? {}) };
  const defaulted: string[] = [];
  const pick = <K extends keyof typeof INVENTORY_DEFAULTS>(k: K): (typeof INVENTORY_DEFAULTS)[K] => {
    const v = (row as Record<string, unknown>)[k];
    if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      defaulted.push(k);
      return d[k];
    }
    return v as (typeof INVENTORY_DEFAULTS)[K];
  };
  const unitCost = pick('unitCost');
  let holdingCost = row.holdingCost;
  if (holdingCost === undefined || Number.isNaN(holdingCost)) {
    const rate = row.holdingRate ?? d.holdingRate;
    if (row.holdingRate === undefined) defaulted.push('holdingCost');
    holdingCost = (unitCost * rate) / options.periodsPerYear;
  }
  const salvage = pick('salvage');
  const given = row.overageCost !== undefined && !Number.isNaN(row.overageCost);
  const overage = given ? { overageCost: row.overageCost! } : overageOf({ unitCost, salvage });
  if (!given) defaulted.push('overageCost');
  return {
    ...overage, salvage,
    id: row.id, onHand: pick('onHand'), openOrders: row.openOrders ?? [], leadTime: pick('leadTime'), leadTimeSd: pick('leadTimeSd'),
    review: pick('review'), service: pick('service'), serviceKind: pick('serviceKind'), unitCost, holdingCost,
    orderingCost: pick('orderingCost'), stockoutCost: pick('stockoutCost'), moq: pick('moq'), batch: pick('batch'), shelfLife: pick('shelfLife'),
    defaulted,
  };
}

/**
 * The newsvendor's overage cost when none is given: what a unit left over loses, unit cost − salvage
 * (with `overageDefault` saying so, for the page and the CSV).
 */
export function overageOf(o: { unitCost: number; salvage: number }): { overageCost: number; overageDefault: string } {
  return { overageCost: o.unitCost - o.salvage, overageDefault: `unit cost − salvage = ${o.unitCost} − ${o.salvage}` };
}

/** Context the inputs are checked against. */
export interface CheckContext {
  /** Periods the forecast covers. */
  horizon: number;
  /** Mean demand per period (for the MOQ check). */
  meanDemand?: number;
  periodsPerYear: number;
  /** Whether the horizon can still be extended (the studio can re-forecast; a given file cannot). */
  canExtend?: boolean;
}

/** Problems in one series' inputs: errors stop its policy, warnings are shown beside it. */
export function checkInputs(x: ResolvedInputs, c: CheckContext): DataIssue[] {
  const out: DataIssue[] = [];
  const err = (code: string, message: string, hint: string) => out.push({ level: 'error', code, message, hint, where: x.id });
  const warn = (code: string, message: string, hint: string) => out.push({ level: 'warning', code, message, hint, where: x.id });
  if (!(x.leadTime > 0)) err('lead_time_zero', `${x.id}: lead time is ${x.leadTime}; a lead time of 0 means stock arrives the moment it is ordered, so there is nothing to plan.`, 'Enter the real lead time in periods (at least 1), or order to the demand of the review period alone.');
  const cover = Math.round(x.leadTime + 2 * x.leadTimeSd) + x.review;
  if (x.leadTime > 0 && cover > c.horizon)
    err('lead_time_beyond_horizon', `${x.id}: lead time + review (${cover} periods with 2 σ of lead-time variability) is longer than the forecast horizon (${c.horizon}).`,
      c.canExtend === false ? 'The forecast cannot be extended here (it comes from a fixed file or backtest): shorten the lead time or the review period, or produce a longer forecast first.' : `Extend the forecast horizon to at least ${cover} periods and run again.`);
  if (!(x.service > 0 && x.service < 1)) err('service_out_of_range', `${x.id}: a service target of ${(x.service * 100).toFixed(1)} % is not reachable; 100 % would need infinite stock.`, 'Use a target between 50 % and 99.9 % (e.g. 0.95).');
  if (x.onHand < 0) err('negative_stock', `${x.id}: on-hand stock is ${x.onHand}; stock cannot be negative.`, 'Enter backorders as 0 on hand (they are demand still to serve), or correct the stock count.');
  if (x.openOrders.some((o) => !(o.quantity >= 0) || !(o.arrivesIn >= 0))) err('bad_open_order', `${x.id}: an open order has a negative quantity or arrival.`, 'Give each open order a quantity ≥ 0 and an arrival date not in the past.');
  if (!(x.review >= 1) && x.review !== 0) err('bad_review', `${x.id}: review period must be 0 (continuous) or ≥ 1, got ${x.review}.`, 'Enter the number of periods between reviews.');
  if (!(x.batch >= 1)) err('bad_batch', `${x.id}: order multiple must be ≥ 1, got ${x.batch}.`, 'Enter 1 for any whole number of units.');
  if (c.meanDemand !== undefined && x.moq > c.meanDemand * c.periodsPerYear && x.moq > 0)
    warn('moq_above_year', `${x.id}: the minimum order (${x.moq}) is more than a year of demand (${Math.round(c.meanDemand * c.periodsPerYear)}).`, 'Check the MOQ; if it is right, every order will last over a year — consider not stocking this item or negotiating the MOQ.');
  if (x.overageCost < 0) err('salvage_above_cost', `${x.id}: the salvage value (${x.salvage}) is above the unit cost (${x.unitCost}), so a unit left over would earn money.`, 'Enter a salvage value at most the unit cost, or give the overage cost (co) directly.');
  else if (x.overageCost === 0 && x.stockoutCost > 0)
    warn('newsvendor_unbounded', `${x.id}: the overage cost co is 0 (${x.overageDefault ?? 'given'}), so the newsvendor's critical fractile cu / (cu + co) is 1 and a one-shot buy would have no upper limit; no newsvendor quantity is given.`, 'Enter what a unit left over costs (unit cost − salvage, or the holding cost over the selling period).');
  if (x.defaulted.some((k) => ['holdingCost', 'orderingCost', 'stockoutCost'].includes(k)))
    out.push({ level: 'info', code: 'cost_defaults', message: `${x.id}: ${x.defaulted.filter((k) => ['holdingCost', 'orderingCost', 'stockoutCost'].includes(k)).join(', ')} not given; the assortment defaults are used (marked as defaults).`, where: x.id });
  return out;
}
