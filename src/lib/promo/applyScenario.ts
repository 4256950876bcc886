/**
 * Writes a scenario into a copy of the baseline plan table: on each promoted series and date the price
 * column gets the effective price, the promotion flag 1 and the type column the type code. Each promotion
 * is validated first (bad depth or price, dates outside the horizon, unknown series) and marked as an
 * extrapolation when the history has no such type or depth.
 */
import type { DataIssue } from '../data/contract';
import { ident, literal } from '../features/featureColumn';
import { numbers, strings, type SqlEngine } from '../pipeline/sqlEngine';
import { tableColumns } from '../pipeline/loadCsv';
import { mechanicDepth, promoCovariates } from './mechanics';
import type { Scenario } from './scenario';
import type { PromoWindow } from './decomposeUplift';
import { validatePromotion } from './validatePromotion';

/** Options of {@link applyScenario}. */
export interface ApplyScenarioOptions {
  /** Baseline plan table (default `plan`). */
  baseline?: string;
  /** Table to create (default `plan_scenario`). */
  table?: string;
  /** Plan columns: the price, the 0/1 promotion flag and the (text) promotion type. */
  columns: { price?: string; promo?: string; type?: string };
  /** What the baseline plan and the history tell (see {@link scenarioContext}); read afresh when absent. */
  context?: ScenarioContext;
}

/** Facts of the baseline plan and the history a scenario is checked against: they do not change between edits. */
export interface ScenarioContext {
  /** Plan column → SQL type. */
  cols: Record<string, string>;
  horizon: { from: string; to: string };
  ids: string[];
  /** Regular price per series: the baseline plan's first price (its last regular price). */
  regular: Map<string, number>;
  history: { types: string[]; maxDepth?: number };
}

/** Reads the {@link ScenarioContext} of a baseline plan once (a fitted what-if model keeps it). */
export async function scenarioContext(engine: SqlEngine, base: string, c: ApplyScenarioOptions['columns']): Promise<ScenarioContext> {
  const cols = await tableColumns(engine, base);
  const span = await engine.query(`SELECT strftime(min(ds), '%Y-%m-%d') AS a, strftime(max(ds), '%Y-%m-%d') AS b FROM ${ident(base)}`);
  const ids = strings(await engine.query(`SELECT DISTINCT unique_id FROM ${ident(base)}`), 'unique_id');
  const regular = new Map<string, number>();
  if (c.price && c.price in cols) {
    const t = await engine.query(`SELECT unique_id, arg_min(TRY_CAST(${ident(c.price)} AS DOUBLE), ds) AS p FROM ${ident(base)} GROUP BY 1`);
    strings(t, 'unique_id').forEach((id, i) => regular.set(id, numbers(t, 'p')[i]));
  }
  return { cols, horizon: { from: strings(span, 'a')[0], to: strings(span, 'b')[0] }, ids, regular, history: await promoHistory(engine, c) };
}

/** What {@link applyScenario} did. */
export interface AppliedScenario {
  table?: string;
  issues: DataIssue[];
  windows: PromoWindow[];
  /** Extrapolation notes per promotion index. */
  extrapolations: { promotion: number; reason: string }[];
}

/** Creates the scenario plan; with an error issue, no table. */
export async function applyScenario(engine: SqlEngine, scenario: Scenario, o: ApplyScenarioOptions): Promise<AppliedScenario> {
  const base = o.baseline ?? 'plan';
  const table = o.table ?? 'plan_scenario';
  const ctx = o.context ?? (await scenarioContext(engine, base, o.columns));
  const { cols, horizon, ids, history } = ctx;
  const reg = ctx.regular;
  const issues: DataIssue[] = [];
  const { price, promo, type } = o.columns;
  for (const [role, c] of [['price', price], ['promotion flag', promo], ['promotion type', type]] as const)
    if (c && !(c in cols)) issues.push({ level: 'error', code: 'missing_plan_column', message: `The ${role} column "${c}" is not a known-future column of the plan.`, hint: `Pass it with --known-future (the plan has: ${Object.keys(cols).filter((k) => k !== 'unique_id' && k !== 'ds').join(', ') || 'no covariates'}).` });
  if (!price && !promo) issues.push({ level: 'error', code: 'no_promo_columns', message: 'The model reads neither a price nor a promotion column, so it cannot answer a what-if.', hint: 'Pass the price and promotion columns with --known-future, e.g. --known-future price,promo,promo_type.' });
  const windows: PromoWindow[] = [];
  const extrapolations: AppliedScenario['extrapolations'] = [];
  scenario.promotions.forEach((p, k) => {
    const found = validatePromotion(p, { seriesIds: p.series, from: p.from, to: p.to }, { knownSeries: ids, horizon, regularPrice: (s) => reg.get(s) });
    for (const i of found) issues.push({ ...i, message: `promotions[${k}]: ${i.message}` });
    if ((p.mechanic.kind === 'percent' || p.mechanic.kind === 'threshold' || p.mechanic.kind === 'multibuy' || p.mechanic.kind === 'price') && !price)
      issues.push({ level: 'error', code: 'no_price_column', message: `promotions[${k}]: a price promotion needs a price column the model reads.`, hint: 'Pass the price column with --known-future.' });
    const c = promoCovariates(p, { regularPrice: reg.get(p.series[0]) ?? 1, historyTypes: type ? history.types : undefined, historyMaxDepth: history.maxDepth });
    if (c.extrapolation) extrapolations.push({ promotion: k, reason: c.extrapolation });
    for (const s of p.series) windows.push({ unique_id: s, from: p.from, to: p.to });
  });
  if (issues.some((i) => i.level === 'error')) return { issues, windows, extrapolations };
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ident(base)}`);
  for (const p of scenario.promotions) {
    const where = `unique_id IN (${p.series.map(literal).join(', ')}) AND ds BETWEEN DATE ${literal(p.from)} AND DATE ${literal(p.to)}`;
    const sets: string[] = [];
    if (price) {
      const m = p.mechanic;
      const expr = m.kind === 'price' ? `${m.price}` : `${ident(price)} * ${1 - mechanicDepth(m, 1)}`;
      sets.push(`${ident(price)} = CAST(${expr} AS ${cols[price]})`);
    }
    if (promo) sets.push(`${ident(promo)} = CAST(1 AS ${cols[promo]})`);
    if (type) sets.push(`${ident(type)} = ${literal(promoCovariates(p, { regularPrice: 1 }).typeCode)}`);
    await engine.exec(`UPDATE ${ident(table)} SET ${sets.join(', ')} WHERE ${where}`);
  }
  return { table, issues, windows, extrapolations };
}

/** Promotion types and the deepest discount of the history (discount against the last regular price). */
async function promoHistory(engine: SqlEngine, c: ApplyScenarioOptions['columns']): Promise<{ types: string[]; maxDepth?: number }> {
  if (!c.promo) return { types: [] };
  const types = c.type ? strings(await engine.query(`SELECT DISTINCT CAST(${ident(c.type)} AS VARCHAR) AS t FROM sales WHERE TRY_CAST(${ident(c.promo)} AS DOUBLE) > 0 AND ${ident(c.type)} IS NOT NULL`), 't') : ['tpr'];
  if (!c.price) return { types };
  const t = await engine.query(`WITH r AS (SELECT TRY_CAST(${ident(c.price)} AS DOUBLE) AS p, TRY_CAST(${ident(c.promo)} AS DOUBLE) > 0 AS on_promo,
      last_value(CASE WHEN NOT (TRY_CAST(${ident(c.promo)} AS DOUBLE) > 0) THEN TRY_CAST(${ident(c.price)} AS DOUBLE) END IGNORE NULLS) OVER (PARTITION BY unique_id ORDER BY ds) AS reg FROM sales)
    SELECT coalesce(max(1 - p / reg) FILTER (WHERE on_promo AND reg > 0), 0)::DOUBLE AS d FROM r`);
  return { types, maxDepth: numbers(t, 'd')[0] };
}
