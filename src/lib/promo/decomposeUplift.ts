/**
 * Uplift decomposition of a scenario against its baseline: incremental units of the promoted series
 * during the promotion, the post-promotion dip after it, cannibalisation (or halo) of the other series
 * of the same group (category × store) during it, and the net; with revenue, gross margin and profit.
 */
import { addMoney, periodMoney, zeroMoney, type Money, type MoneyOptions } from './promoMoney';

/** One series × period of a baseline and a scenario forecast. */
export interface UpliftRow {
  unique_id: string;
  /** ISO date. */
  ds: string;
  baseline: number;
  scenario: number;
  /** Shopper price in the baseline plan and in the scenario. */
  basePrice: number;
  scenarioPrice: number;
  /** Regular price (default basePrice). */
  regularPrice?: number;
  unitCost?: number;
  /** Extra cost per unit in the scenario (a gift). */
  extraUnitCost?: number;
}

/** A promoted window of one series, ISO dates inclusive. */
export interface PromoWindow {
  unique_id: string;
  from: string;
  to: string;
}

/** Options of {@link decomposeUplift}. */
export interface DecomposeOptions extends MoneyOptions {
  rows: UpliftRow[];
  promoted: PromoWindow[];
  /** Group key of a series (its category and store); series sharing a promoted series' key are its siblings. */
  groupOf: (uniqueId: string) => string;
  /** Periods after a promotion counted as its dip (default: every later period of the horizon). */
  dipPeriods?: number;
}

/** Unit effects (scenario − baseline) of one series. */
export interface UnitEffects {
  incremental: number;
  dip: number;
  /** Negative sibling changes during a promotion of the group. */
  cannibalisation: number;
  /** Positive sibling changes during a promotion of the group. */
  halo: number;
  /** Changes outside those windows. */
  other: number;
  /** Sum of all of the above = Σ(scenario − baseline). */
  net: number;
}

/** Decomposition of one series. */
export interface SeriesUplift extends UnitEffects {
  unique_id: string;
  role: 'promoted' | 'sibling' | 'other';
  baselineUnits: number;
  scenarioUnits: number;
  baselineMoney: Money;
  scenarioMoney: Money;
  /** Scenario − baseline, fees included. */
  delta: Money;
  fees: number;
}

/** The decomposition per series and in total. */
export interface UpliftResult {
  series: SeriesUplift[];
  total: Omit<SeriesUplift, 'unique_id' | 'role'>;
}

/** Splits Σ(scenario − baseline) into incremental, dip, cannibalisation, halo and other, with money. */
export function decomposeUplift(o: DecomposeOptions): UpliftResult {
  const windows = new Map<string, PromoWindow[]>();
  for (const w of o.promoted) windows.set(w.unique_id, [...(windows.get(w.unique_id) ?? []), w]);
  const groupWindows = new Map<string, PromoWindow[]>();
  for (const w of o.promoted) {
    const g = o.groupOf(w.unique_id);
    groupWindows.set(g, [...(groupWindows.get(g) ?? []), w]);
  }
  const byId = new Map<string, UpliftRow[]>();
  for (const r of o.rows) byId.set(r.unique_id, [...(byId.get(r.unique_id) ?? []), r]);
  const series: SeriesUplift[] = [];
  for (const [id, rows] of byId) {
    rows.sort((a, b) => (a.ds < b.ds ? -1 : a.ds > b.ds ? 1 : 0));
    const own = windows.get(id) ?? [];
    const inGroup = (groupWindows.get(o.groupOf(id)) ?? []).filter((w) => w.unique_id !== id);
    const role: SeriesUplift['role'] = own.length ? 'promoted' : inGroup.length ? 'sibling' : 'other';
    const s: SeriesUplift = {
      unique_id: id, role, incremental: 0, dip: 0, cannibalisation: 0, halo: 0, other: 0, net: 0, baselineUnits: 0, scenarioUnits: 0,
      baselineMoney: zeroMoney(), scenarioMoney: zeroMoney(), delta: zeroMoney(), fees: own.length * (o.promoFee ?? 0),
    };
    let sib = 0;
    rows.forEach((r, k) => {
      const d = r.scenario - r.baseline;
      const inOwn = own.some((w) => r.ds >= w.from && r.ds <= w.to);
      const afterOwn = !inOwn && own.some((w) => r.ds > w.to && (o.dipPeriods === undefined || periodsAfter(rows, k, w.to) <= o.dipPeriods));
      if (inOwn) s.incremental += d;
      else if (afterOwn) s.dip += d;
      else if (inGroup.some((w) => r.ds >= w.from && r.ds <= w.to)) sib += d;
      else s.other += d;
      s.baselineUnits += r.baseline;
      s.scenarioUnits += r.scenario;
      const reg = r.regularPrice ?? r.basePrice;
      addMoney(s.baselineMoney, periodMoney({ units: r.baseline, price: r.basePrice, regularPrice: reg, unitCost: r.unitCost }, o));
      addMoney(s.scenarioMoney, periodMoney({ units: r.scenario, price: r.scenarioPrice, regularPrice: reg, unitCost: r.unitCost, extraUnitCost: r.extraUnitCost }, o));
    });
    if (sib < 0) s.cannibalisation = sib;
    else s.halo = sib;
    s.net = s.incremental + s.dip + s.cannibalisation + s.halo + s.other;
    s.delta = {
      revenue: s.scenarioMoney.revenue - s.baselineMoney.revenue,
      grossMargin: s.scenarioMoney.grossMargin - s.baselineMoney.grossMargin,
      vendorFunding: s.scenarioMoney.vendorFunding - s.baselineMoney.vendorFunding,
      profit: s.scenarioMoney.profit - s.baselineMoney.profit - s.fees,
    };
    series.push(s);
  }
  return { series, total: sumUplift(series) };
}

/** Index distance from the last row dated ≤ `end` to row k. */
function periodsAfter(rows: UpliftRow[], k: number, end: string): number {
  let last = -1;
  for (let j = 0; j < rows.length && rows[j].ds <= end; j++) last = j;
  return k - last;
}

function sumUplift(series: SeriesUplift[]): UpliftResult['total'] {
  const t: UpliftResult['total'] = {
    incremental: 0, dip: 0, cannibalisation: 0, halo: 0, other: 0, net: 0, baselineUnits: 0, scenarioUnits: 0,
    baselineMoney: zeroMoney(), scenarioMoney: zeroMoney(), delta: zeroMoney(), fees: 0,
  };
  for (const s of series) {
    for (const k of ['incremental', 'dip', 'cannibalisation', 'halo', 'other', 'net', 'baselineUnits', 'scenarioUnits', 'fees'] as const) t[k] += s[k];
    addMoney(t.baselineMoney, s.baselineMoney);
    addMoney(t.scenarioMoney, s.scenarioMoney);
    addMoney(t.delta, s.delta);
  }
  return t;
}
