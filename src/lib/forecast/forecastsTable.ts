/**
 * The `forecasts(unique_id, ds, model, cutoff, plan, mean, q_<p>…)` table that charts, exports and the
 * planning steps read. Engine-agnostic (plain SQL through `SqlEngine`); writing a set replaces the rows of
 * the same model, cutoff and plan, and adds the quantile columns the table does not have yet.
 */
import { dayToIso } from '../data/contract';
import { ident, literal } from '../features/featureColumn';
import { tableColumns } from '../pipeline/loadCsv';
import { numbers, strings, type SqlEngine } from '../pipeline/sqlEngine';
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

/** Options of {@link readForecasts}. */
export interface ReadForecastsOptions {
  /** Table name (default `forecasts`). */
  table?: string;
  model?: string;
  plan?: string;
}

/**
 * The forecast sets stored in the forecasts table, one per (model, cutoff, plan), series and periods in
 * order; the levels are the table's `q_<p>` columns that the set fills (a column another set added is left
 * out where it is NULL throughout).
 */
export async function readForecasts(engine: SqlEngine, options: ReadForecastsOptions = {}): Promise<ForecastSet[]> {
  const name = options.table ?? 'forecasts';
  const cols = await tableColumns(engine, name);
  const qcols = Object.keys(cols).filter((c) => c.startsWith('q_') && Number.isFinite(Number(c.slice(2))));
  const cond = [options.model ? `model = ${literal(options.model)}` : '', options.plan ? `plan = ${literal(options.plan)}` : ''].filter(Boolean);
  const t = await engine.query(`SELECT unique_id, CAST(ds - DATE '1970-01-01' AS INTEGER) AS d, model, CAST(cutoff - DATE '1970-01-01' AS INTEGER) AS c, plan, mean${qcols.map((c, k) => `, ${ident(c)} AS _q${k}`).join('')}
    FROM ${ident(name)}${cond.length ? ` WHERE ${cond.join(' AND ')}` : ''} ORDER BY model, cutoff, plan, unique_id, ds`);
  const ids = strings(t, 'unique_id'), models = strings(t, 'model'), plans = strings(t, 'plan');
  const ds = numbers(t, 'd'), cut = numbers(t, 'c'), mean = numbers(t, 'mean');
  const qs = qcols.map((_, k) => numbers(t, `_q${k}`));
  const sets: ForecastSet[] = [];
  for (let a = 0; a < ids.length; ) {
    let b = a;
    while (b < ids.length && models[b] === models[a] && cut[b] === cut[a] && plans[b] === plans[a]) b++;
    const used = qcols.map((c, k) => ({ c, k })).filter(({ k }) => qs[k].subarray(a, b).some((v) => !Number.isNaN(v)));
    const levels = used.map(({ c }) => ({ p: Number(c.slice(2)), label: c.slice(2) })).sort((x, y) => x.p - y.p);
    const order = levels.map((l) => used.find((u) => u.c === `q_${l.label}`)!.k);
    const set: ForecastSet = { model: models[a], cutoff: cut[a], plan: plans[a], levels, series: [] };
    for (let i = a; i < b; ) {
      let j = i;
      while (j < b && ids[j] === ids[i]) j++;
      set.series.push({ id: ids[i], ds: Int32Array.from(ds.subarray(i, j)), mean: mean.slice(i, j), q: order.map((k) => qs[k].slice(i, j)) });
      i = j;
    }
    sets.push(set);
    a = b;
  }
  return sets;
}
