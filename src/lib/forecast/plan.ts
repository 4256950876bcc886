/**
 * The plan of the future: `plan(unique_id, ds, <known-future covariates…>)`, one row per series per horizon
 * period after its last target value. The baseline plan takes the file's own future rows where it has them
 * (rows after a series' last target value), else the default rule: no promotion and no holiday (0, text
 * 'none'); for daily data the open flag of the same weekday in the last week of history (closed Sundays
 * stay closed); price at its last regular (non-promotion) value; the open flag of weekly/monthly data and
 * other numeric covariates at their last value.
 */
import type { CovariateMeta, Freq } from '../data/contract';
import { ident } from '../features/featureColumn';
import { tableColumns } from '../pipeline/loadCsv';
import { numbers, type SqlEngine } from '../pipeline/sqlEngine';

/** Options of {@link createBaselinePlan}. */
export interface BaselinePlanOptions {
  freq: Freq;
  h: number;
  /** Covariates of `sales`; the known-future ones become plan columns. */
  covariates?: CovariateMeta[];
  /** Table to create (default `plan`). */
  table?: string;
  /** Source table (default `sales`). */
  sales?: string;
}

/** What the baseline plan holds. */
export interface BaselinePlan {
  table: string;
  /** Known-future columns of the plan, in order. */
  columns: string[];
  rows: number;
  /** Rows whose values came from the file's own future rows (the rest follow the rule). */
  fromFile: number;
}

const TEXT = /CHAR|TEXT|STRING/i;

/** SQL of period `k` after day column `d` at `freq`. */
export function periodAfter(d: string, k: string, freq: Freq): string {
  if (freq === 'M' || freq === 'Q' || freq === 'Y') return `CAST(${d} + to_months(CAST(${freq === 'M' ? 1 : freq === 'Q' ? 3 : 12} * ${k} AS INTEGER)) AS DATE)`;
  return `CAST(${d} + CAST(${freq === 'W' ? 7 : 1} * ${k} AS INTEGER) AS DATE)`;
}

/** The rule's value for covariate `c` of DuckDB type `type` (an SQL expression over the last values `l`). */
function ruleValue(c: CovariateMeta, type: string, freq: Freq): string {
  if (c.role === 'open' && freq === 'D') return `coalesce(w.${ident(c.name)}, l.${ident('_last_' + c.name)})`;
  if (TEXT.test(type)) return `'none'`;
  if (c.role === 'promo' || c.role === 'holiday') return '0';
  if (c.type === 'categorical') return 'NULL';
  return `l.${ident('_last_' + c.name)}`;
}

/** Creates the baseline plan table (see the module comment) and says how much of it came from the file. */
export async function createBaselinePlan(engine: SqlEngine, options: BaselinePlanOptions): Promise<BaselinePlan> {
  const table = options.table ?? 'plan';
  const sales = options.sales ?? 'sales';
  const cols = await tableColumns(engine, sales);
  const covs = (options.covariates ?? []).filter((c) => c.timing === 'known_future' && c.name in cols);
  // A price carries its last *regular* value: a series that ended on a deal would otherwise keep the deal's
  // price through the whole horizon, with the promotion flag off (a discount the plan never made).
  const promo = covs.find((c) => c.role === 'promo' && !TEXT.test(cols[c.name]));
  const regular = promo ? ` AND NOT coalesce(TRY_CAST(${ident(promo.name)} AS DOUBLE) > 0, false)` : '';
  const last = (c: CovariateMeta, extra = '') => `arg_max(${ident(c.name)}, ds) FILTER (WHERE ${ident(c.name)} IS NOT NULL AND y IS NOT NULL${extra})`;
  const lastOf = covs.map((c) => `, ${c.role === 'price' && regular ? `coalesce(${last(c, regular)}, ${last(c)})` : last(c)} AS ${ident('_last_' + c.name)}`).join('');
  const values = covs.map((c) => `, CAST(coalesce(s.${ident(c.name)}, ${ruleValue(c, cols[c.name], options.freq)}) AS ${cols[c.name]}) AS ${ident(c.name)}`).join('');
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS
WITH l AS (SELECT unique_id, max(ds) FILTER (WHERE y IS NOT NULL) AS _last_y${lastOf} FROM ${ident(sales)} GROUP BY unique_id HAVING _last_y IS NOT NULL),
  g AS (SELECT l.*, ${periodAfter('l._last_y', 'k.k', options.freq)} AS ds, CAST(l._last_y + CAST(k.k - 7 * ((k.k + 6) // 7) AS INTEGER) AS DATE) AS _week_ago FROM l, range(1, ${Math.floor(options.h) + 1}) k(k))
SELECT l.unique_id, l.ds${values}, s.unique_id IS NOT NULL AS _from_file
FROM g l LEFT JOIN ${ident(sales)} s ON s.unique_id = l.unique_id AND s.ds = l.ds
  LEFT JOIN ${ident(sales)} w ON w.unique_id = l.unique_id AND w.ds = l._week_ago
ORDER BY l.unique_id, l.ds`);
  const t = await engine.query(`SELECT count(*)::DOUBLE AS n, count(*) FILTER (WHERE _from_file)::DOUBLE AS f FROM ${ident(table)}`);
  await engine.exec(`ALTER TABLE ${ident(table)} DROP COLUMN _from_file`);
  return { table, columns: covs.map((c) => c.name), rows: numbers(t, 'n')[0], fromFile: numbers(t, 'f')[0] };
}

