/**
 * The rows a scenario's decomposition reads: baseline and scenario means joined with the two plans' prices
 * (and unit costs, and a gift's cost per unit) per series and period; and the per-period table with bands.
 */
import { dayToIso } from '../data/contract';
import { ident } from '../features/featureColumn';
import { quantileOf, type ForecastSet } from '../forecast';
import { numbers, strings, type SqlEngine } from '../pipeline/sqlEngine';
import type { UpliftRow } from './decomposeUplift';
import type { ScenarioPromotion } from './scenario';

/** One series × period of a scenario against its baseline, with 80 % bands (null where a value is missing). */
export interface ScenarioPeriod {
  unique_id: string;
  ds: string;
  baseline: number | null;
  baseline_lo: number | null;
  baseline_hi: number | null;
  scenario: number | null;
  scenario_lo: number | null;
  scenario_hi: number | null;
  base_price: number | null;
  scenario_price: number | null;
}

/** Options of {@link upliftRows}. */
export interface UpliftRowsOptions {
  baselineTable: string;
  scenarioTable: string;
  price?: string;
  unitCost?: string;
  /** The scenario's promotions: a gift's cost per unit is charged on its series and dates. */
  promotions?: ScenarioPromotion[];
}

/** Baseline and scenario means joined with the plans' prices per series and period. */
export async function upliftRows(engine: SqlEngine, base: ForecastSet, scen: ForecastSet, o: UpliftRowsOptions): Promise<UpliftRow[]> {
  const price = new Map<string, [number, number, number]>();
  if (o.price) {
    const t = await engine.query(`SELECT b.unique_id, (epoch(b.ds) / 86400)::DOUBLE AS d, TRY_CAST(b.${ident(o.price)} AS DOUBLE) AS bp, TRY_CAST(s.${ident(o.price)} AS DOUBLE) AS sp,
      ${o.unitCost ? `TRY_CAST(b.${ident(o.unitCost)} AS DOUBLE)` : 'NULL::DOUBLE'} AS uc
      FROM ${ident(o.baselineTable)} b JOIN ${ident(o.scenarioTable)} s USING (unique_id, ds)`);
    const ids = strings(t, 'unique_id');
    const [d, bp, sp, uc] = ['d', 'bp', 'sp', 'uc'].map((c) => numbers(t, c));
    ids.forEach((id, i) => price.set(`${id}|${Math.round(d[i])}`, [bp[i], sp[i], uc[i]]));
  }
  const gifts = (o.promotions ?? []).filter((p) => p.mechanic.kind === 'gift');
  const giftCost = (id: string, ds: string) => {
    let c = 0;
    for (const p of gifts) if (p.mechanic.kind === 'gift' && ds >= p.from && ds <= p.to && p.series.includes(id)) c += p.mechanic.giftCost;
    return c;
  };
  const scenBy = new Map(scen.series.map((s) => [s.id, s]));
  const rows: UpliftRow[] = [];
  for (const b of base.series) {
    const s = scenBy.get(b.id);
    if (!s) continue;
    b.ds.forEach((day, j) => {
      const [bp, sp, uc] = price.get(`${b.id}|${day}`) ?? [1, 1, NaN];
      const ds = dayToIso(day);
      const extra = gifts.length ? giftCost(b.id, ds) : 0;
      rows.push({ unique_id: b.id, ds, baseline: b.mean[j], scenario: s.mean[j], basePrice: bp, scenarioPrice: sp, ...(Number.isFinite(uc) ? { unitCost: uc } : {}), ...(extra ? { extraUnitCost: extra } : {}) });
    });
  }
  return rows;
}

/** Per series and period: baseline and scenario means with their 80 % bands and prices (rounded to 0.001). */
export function scenarioPeriods(base: ForecastSet, scen: ForecastSet, rows: UpliftRow[]): ScenarioPeriod[] {
  const scenBy = new Map(scen.series.map((s) => [s.id, s]));
  const priceOf = new Map(rows.map((r) => [`${r.unique_id}|${r.ds}`, r]));
  const r3 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1000) / 1000);
  return base.series.flatMap((b) => {
    const s = scenBy.get(b.id);
    if (!s) return [];
    return Array.from(b.ds, (day, j) => {
      const ds = dayToIso(day);
      const p = priceOf.get(`${b.id}|${ds}`);
      return {
        unique_id: b.id, ds, baseline: r3(b.mean[j]), baseline_lo: r3(quantileOf(base, b, 0.1)?.[j]), baseline_hi: r3(quantileOf(base, b, 0.9)?.[j]),
        scenario: r3(s.mean[j]), scenario_lo: r3(quantileOf(scen, s, 0.1)?.[j]), scenario_hi: r3(quantileOf(scen, s, 0.9)?.[j]),
        base_price: r3(p?.basePrice), scenario_price: r3(p?.scenarioPrice),
      };
    });
  });
}
