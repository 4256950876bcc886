/**
 * A what-if scenario as JSON (the `npm run promo --scenario` file and the studio's saved scenarios):
 * promotions (series, dates, mechanic, depth or price, flags), the money settings and the sibling group.
 */
import type { DataIssue } from '../data/contract';
import type { PromoMechanic, Promotion } from './mechanics';
import type { MoneyOptions } from './promoMoney';

/** One promotion of a scenario. */
export interface ScenarioPromotion extends Promotion {
  series: string[];
  /** ISO dates, inclusive. */
  from: string;
  to: string;
}

/** A parsed scenario. */
export interface Scenario {
  name: string;
  promotions: ScenarioPromotion[];
  money: MoneyOptions & { unitCostColumn?: string };
  /** Columns of the data whose values (with the series) define the sibling group, e.g. ["store", "category"]. */
  group?: string[];
  /** Plan columns the promotion writes (default: found from the covariate roles). */
  columns?: { price?: string; promo?: string; type?: string };
  dipPeriods?: number;
}

const KINDS = ['percent', 'price', 'threshold', 'multibuy', 'gift', 'none'] as const;
const isIso = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

/** Reads a scenario object (already JSON-parsed); shape problems come back as issues naming the field. */
export function parseScenario(json: unknown): { scenario?: Scenario; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const bad = (where: string, message: string, hint: string) => issues.push({ level: 'error', code: 'bad_scenario', message: `${where}: ${message}`, hint, where });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    bad('scenario', 'must be a JSON object', 'See the README section "Promotions" for the format.');
    return { issues };
  }
  const j = json as Record<string, unknown>;
  const list = j.promotions;
  if (!Array.isArray(list) || !list.length) bad('promotions', 'must be a non-empty list', 'Add at least one promotion.');
  const promotions: ScenarioPromotion[] = [];
  (Array.isArray(list) ? list : []).forEach((raw, k) => {
    const w = `promotions[${k}]`;
    if (typeof raw !== 'object' || raw === null) return bad(w, 'must be an object', 'See the README for the format.');
    const p = raw as Record<string, unknown>;
    const series = typeof p.series === 'string' ? [p.series] : p.series;
    if (!Array.isArray(series) || !series.length || !series.every((s) => typeof s === 'string')) bad(`${w}.series`, 'must be a series id or a list of them', 'Series ids are the id columns joined with "/".');
    if (!isIso(p.from) || !isIso(p.to)) bad(`${w}.from/to`, 'must be ISO dates (YYYY-MM-DD)', 'For example "from": "2025-01-06", "to": "2025-01-12".');
    const type = p.type ?? 'percent';
    if (!KINDS.includes(type as (typeof KINDS)[number])) return bad(`${w}.type`, `unknown promotion type "${String(type)}"`, `Use one of ${KINDS.join(', ')}.`);
    const num = (name: string, def?: number) => {
      const v = p[name] ?? def;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        bad(`${w}.${name}`, `must be a number for a "${String(type)}" promotion`, 'Give it as a JSON number.');
        return NaN;
      }
      return v;
    };
    let mechanic: PromoMechanic;
    switch (type) {
      case 'percent':
        mechanic = { kind: 'percent', depth: num('depth') };
        break;
      case 'price':
        mechanic = { kind: 'price', price: num('price') };
        break;
      case 'threshold':
        mechanic = { kind: 'threshold', spend: num('spend'), save: num('save'), qualifyingShare: num('qualifyingShare', 1) };
        break;
      case 'multibuy':
        mechanic = { kind: 'multibuy', buy: num('buy'), get: num('get'), takeUpShare: num('takeUpShare', 1) };
        break;
      case 'gift':
        mechanic = { kind: 'gift', giftCost: num('giftCost') };
        break;
      default:
        mechanic = { kind: 'none' };
    }
    promotions.push({ series: series as string[], from: String(p.from), to: String(p.to), mechanic, display: p.display === true, feature: p.feature === true });
  });
  const m = (j.money ?? {}) as Record<string, unknown>;
  const money: Scenario['money'] = {};
  for (const [k, lo, hi] of [['marginPct', 0, 1], ['vendorShare', 0, 1], ['promoFee', 0, Infinity]] as const) {
    if (m[k] === undefined) continue;
    const v = m[k];
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) bad(`money.${k}`, `must be a number from ${lo} to ${hi}`, k === 'promoFee' ? 'A fee in money per promotion.' : 'A share such as 0.3 for 30 %.');
    else money[k] = v;
  }
  if (typeof m.unitCostColumn === 'string') money.unitCostColumn = m.unitCostColumn;
  const group = Array.isArray(j.group) && j.group.every((g) => typeof g === 'string') ? (j.group as string[]) : undefined;
  const columns = typeof j.columns === 'object' && j.columns ? (j.columns as Scenario['columns']) : undefined;
  const dipPeriods = typeof j.dipPeriods === 'number' && j.dipPeriods >= 0 ? j.dipPeriods : undefined;
  if (issues.length) return { issues };
  return { scenario: { name: typeof j.name === 'string' ? j.name : 'scenario', promotions, money, group, columns, dipPeriods }, issues };
}
