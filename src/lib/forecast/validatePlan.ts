/**
 * A user's plan of the future checked against the baseline plan: every row must name a known series and a
 * horizon date, carry every known-future column, numbers where numbers are expected (a promotion flag is a
 * number, not text), prices above 0. Rows the user leaves out are an error unless `fill` is set, in which
 * case they take the baseline plan's values and a warning says which.
 */
import type { CovariateMeta, DataIssue } from '../data/contract';
import { ident } from '../features/featureColumn';
import { tableColumns } from '../pipeline/loadCsv';
import { numbers, strings, type SqlEngine } from '../pipeline/sqlEngine';

/** Options of {@link validatePlan}. */
export interface ValidatePlanOptions {
  /** The user's plan as loaded (any column types; a `_line` column, when present, numbers its file lines). */
  input: string;
  /** The baseline plan (see `createBaselinePlan`): its keys are the horizon, its columns the plan's columns. */
  baseline: string;
  covariates?: CovariateMeta[];
  /** Table to create with the checked plan (default `plan_user`). */
  out?: string;
  /** Fill series/dates the input lacks from the baseline (default false: they are an error). */
  fill?: boolean;
}

/** The outcome: issues (an error means the plan was not made), and what was filled. */
export interface ValidatePlanResult {
  issues: DataIssue[];
  table?: string;
  /** Rows taken from the baseline because the input lacked them. */
  filled: number;
}

const TEXT = /CHAR|TEXT|STRING/i;
const SHOW = 5;

/** Checks `input` (see the module comment) and, when it passes, writes the typed plan to `out`. */
export async function validatePlan(engine: SqlEngine, options: ValidatePlanOptions): Promise<ValidatePlanResult> {
  const out = options.out ?? 'plan_user';
  const inCols = await tableColumns(engine, options.input);
  const baseCols = await tableColumns(engine, options.baseline);
  const planCols = Object.keys(baseCols).filter((c) => c !== 'unique_id' && c !== 'ds');
  const issues: DataIssue[] = [];
  const err = (code: string, message: string, hint: string, where?: string, count?: number) => issues.push({ level: 'error', code, message, hint, ...(where ? { where } : {}), ...(count ? { count } : {}) });
  const missingCols = ['unique_id', 'ds', ...planCols].filter((c) => !(c in inCols));
  if (missingCols.length) {
    err('plan_missing_column', `The plan lacks column(s) ${missingCols.join(', ')}.`, `A plan needs unique_id, ds and every known-future column: ${['unique_id', 'ds', ...planCols].join(', ')}.`, missingCols.join(', '));
    return { issues, filled: 0 };
  }
  const I = ident(options.input);
  const B = ident(options.baseline);
  const line = '_line' in inCols ? '_line' : null;
  const lineSql = line ? `CAST(${ident(line)} AS DOUBLE)` : `CAST(row_number() OVER () AS DOUBLE)`;
  await engine.exec(`CREATE OR REPLACE TEMP TABLE _plan_in AS SELECT ${lineSql} AS _line, CAST(unique_id AS VARCHAR) AS unique_id, TRY_CAST(ds AS DATE) AS _ds, CAST(ds AS VARCHAR) AS _ds_text${planCols.map((c) => `, ${ident(c)}`).join('')} FROM ${I}`);
  const lines = async (where: string) => {
    const t = await engine.query(`SELECT _line FROM _plan_in WHERE ${where} ORDER BY _line`);
    const v = Array.from(numbers(t, '_line'));
    return { n: v.length, text: v.slice(0, SHOW).join(', ') + (v.length > SHOW ? ` … (${v.length} rows)` : '') };
  };
  const check = async (where: string, code: string, what: (rows: string) => string, hint: string, col?: string) => {
    const r = await lines(where);
    if (r.n) err(code, what(r.text), hint, col, r.n);
  };
  await check('_ds IS NULL', 'plan_bad_date', (r) => `Plan row(s) ${r} have a ds that is not a date.`, 'Write dates as YYYY-MM-DD.', 'ds');
  await check(`unique_id NOT IN (SELECT unique_id FROM ${B})`, 'plan_unknown_series', (r) => `Plan row(s) ${r} name a series that is not in the data.`, 'unique_id must be a series of the data (several id columns joined with "/").', 'unique_id');
  await check(`_ds IS NOT NULL AND unique_id IN (SELECT unique_id FROM ${B}) AND (unique_id, _ds) NOT IN (SELECT unique_id, ds FROM ${B})`, 'plan_outside_horizon', (r) => `Plan row(s) ${r} have dates outside the horizon of their series.`, await horizonHint(engine, B), 'ds');
  await check(`(unique_id, _ds) IN (SELECT unique_id, _ds FROM _plan_in GROUP BY ALL HAVING count(*) > 1)`, 'plan_duplicate_row', (r) => `Plan row(s) ${r} repeat a (unique_id, ds) pair.`, 'Give each series and date once.', 'unique_id, ds');
  const covs = new Map((options.covariates ?? []).map((c) => [c.name, c]));
  for (const c of planCols) {
    const C = ident(c);
    const role = covs.get(c)?.role;
    const numeric = !TEXT.test(baseCols[c]) || role === 'promo';
    if (numeric) {
      const what = role === 'promo' ? `is text, not a number (a promotion flag must be 0/1 or a depth)` : 'is not a number';
      await check(`${C} IS NOT NULL AND TRY_CAST(${C} AS DOUBLE) IS NULL`, 'plan_not_numeric', (r) => `Column "${c}" ${what} in plan row(s) ${r}.`, `Give "${c}" as a number.`, c);
      await check(`${C} IS NULL OR trim(CAST(${C} AS VARCHAR)) = ''`, 'plan_missing_value', (r) => `Column "${c}" is empty in plan row(s) ${r}.`, `Give every row a value of "${c}".`, c);
    }
    if (role === 'price') await check(`TRY_CAST(${C} AS DOUBLE) <= 0`, 'plan_bad_price', (r) => `Price "${c}" is 0 or below in plan row(s) ${r}.`, 'A price must be above 0.', c);
  }
  if (issues.length) return { issues, filled: 0 };
  const gaps = await engine.query(`SELECT b.unique_id, count(*)::DOUBLE AS n FROM ${B} b LEFT JOIN _plan_in p ON p.unique_id = b.unique_id AND p._ds = b.ds WHERE p.unique_id IS NULL GROUP BY 1 ORDER BY 1`);
  const gapIds = strings(gaps, 'unique_id');
  const gapN = numbers(gaps, 'n');
  const filled = gapN.reduce((s, v) => s + v, 0);
  if (filled) {
    const which = gapIds.slice(0, SHOW).map((id, i) => `${id} (${gapN[i]} dates)`).join(', ') + (gapIds.length > SHOW ? ` … (${gapIds.length} series)` : '');
    const message = `The plan misses ${filled} series-dates of the horizon: ${which}.`;
    if (!options.fill) {
      err('plan_incomplete', message, 'Add those rows, or let the baseline rule fill them (--plan-fill baseline).', gapIds.slice(0, SHOW).join(', '), filled);
      return { issues, filled: 0 };
    }
    issues.push({ level: 'warning', code: 'plan_filled', message: `${message} They follow the baseline plan.`, where: gapIds.slice(0, SHOW).join(', '), count: filled });
  }
  const typed = planCols.map((c) => `, coalesce(CAST(p.${ident(c)} AS ${baseCols[c]}), b.${ident(c)}) AS ${ident(c)}`).join('');
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(out)} AS SELECT b.unique_id, b.ds${typed} FROM ${B} b LEFT JOIN _plan_in p ON p.unique_id = b.unique_id AND p._ds = b.ds ORDER BY 1, 2`);
  await engine.exec('DROP TABLE IF EXISTS _plan_in');
  return { issues, table: out, filled };
}

/** "The horizon is A … B" for the message about dates outside it. */
async function horizonHint(engine: SqlEngine, baseline: string): Promise<string> {
  const t = await engine.query(`SELECT CAST(min(ds) AS VARCHAR) AS a, CAST(max(ds) AS VARCHAR) AS b FROM ${baseline}`);
  return `The horizon runs from ${strings(t, 'a')[0]} to ${strings(t, 'b')[0]} (each series: the h periods after its last sales value).`;
}
