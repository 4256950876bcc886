/**
 * The `forecasts(unique_id, ds, model, cutoff, plan, mean, q_<p>…)` table that charts, exports and the
 * planning steps read. Engine-agnostic (plain SQL through `SqlEngine`); writing a set replaces the rows of
 * the same model, cutoff and plan, and adds the quantile columns the table does not have yet.
 */
import { dayToIso } from '../data/contract';
import { ident, literal } from '../features/featureColumn';
import { tableColumns } from '../pipeline/loadCsv';
import { numbers, type SqlEngine } from '../pipeline/sqlEngine';
import type { ForecastSet } from './contract';
import { quantileColumn } from './quantiles';

/** Options of {@link writeForecasts}. */
export interface WriteForecastsOptions {
  /** Table name (default `forecasts`). */
  table?: string;
  /** Rows per INSERT statement (default 2000). */
  chunk?: number;
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NULL');

/** Writes `set` into the forecasts table (created when absent); returns the rows written. */
export async function writeForecasts(engine: SqlEngine, set: ForecastSet, options: WriteForecastsOptions = {}): Promise<number> {
  const table = ident(options.table ?? 'forecasts');
  const qcols = set.levels.map(quantileColumn);
  await engine.exec(`CREATE TABLE IF NOT EXISTS ${table} (unique_id VARCHAR, ds DATE, model VARCHAR, cutoff DATE, plan VARCHAR, mean DOUBLE)`);
  const have = await tableColumns(engine, options.table ?? 'forecasts');
  for (const c of qcols) if (!(c in have)) await engine.exec(`ALTER TABLE ${table} ADD COLUMN ${ident(c)} DOUBLE`);
  const key = `model = ${literal(set.model)} AND cutoff = DATE ${literal(dayToIso(set.cutoff))} AND plan = ${literal(set.plan)}`;
  await engine.exec(`DELETE FROM ${table} WHERE ${key}`);
  const head = `INSERT INTO ${table} (unique_id, ds, model, cutoff, plan, mean${qcols.map((c) => `, ${ident(c)}`).join('')}) VALUES `;
  const fixed = `${literal(set.model)}, DATE ${literal(dayToIso(set.cutoff))}, ${literal(set.plan)}`;
  const chunk = options.chunk ?? 2000;
  let buf: string[] = [];
  let n = 0;
  const flush = async () => {
    if (buf.length) await engine.exec(head + buf.join(', '));
    n += buf.length;
    buf = [];
  };
  for (const f of set.series)
    for (let j = 0; j < f.ds.length; j++) {
      buf.push(`(${literal(f.id)}, DATE ${literal(dayToIso(f.ds[j]))}, ${fixed}, ${num(f.mean[j])}${f.q.map((q) => `, ${num(q[j])}`).join('')})`);
      if (buf.length >= chunk) await flush();
    }
  await flush();
  return n;
}

/** Rows of the forecasts table for a model and plan (for checks and exports). */
export async function countForecasts(engine: SqlEngine, where: { model?: string; plan?: string } = {}, table = 'forecasts'): Promise<number> {
  const cond = [where.model ? `model = ${literal(where.model)}` : '', where.plan ? `plan = ${literal(where.plan)}` : ''].filter(Boolean);
  const t = await engine.query(`SELECT count(*)::DOUBLE AS n FROM ${ident(table)}${cond.length ? ` WHERE ${cond.join(' AND ')}` : ''}`);
  return numbers(t, 'n')[0];
}
