/**
 * Step 3: `sales` (and `series`) → `TrainData`: every series' history as typed arrays, read column-wise
 * from one ordered query (no row objects), covariates numeric (text → 0-based codes).
 */
import { seasonLength, type Freq } from '../data/contract';
import { ident } from '../data/engine';
import { selectionLabel, selectionWhere, type Selection } from '../data/selection';
import type { SeriesHistory, TrainData } from '../models/protocol';
import { tableColumns } from './loadCsv';
import { numbers, strings, type SqlEngine } from './sqlEngine';

/** Options of {@link loadTrainData}. */
export interface LoadTrainOptions {
  freq: Freq;
  /** Covariates known in advance (go to `x` and to `PredictRequest.future` in backtests). */
  knownFuture?: string[];
  /** Covariates known only up to the origin (go to `x`). */
  pastOnly?: string[];
  /** Attributes of the `series` table (→ `statics`, as codes). */
  statics?: string[];
  /** Seasonal period (default from `freq`). */
  season?: number;
  /**
   * Read one series summed over this selection instead of every series (covariates averaged); leading and
   * trailing periods without a target are trimmed, inner ones become 0.
   */
  selection?: Selection;
}

const TEXT = /CHAR|TEXT|STRING/i;

/** SQL of a covariate as DOUBLE: numbers cast, text as dense 0-based codes. */
function numericSql(name: string, type: string): string {
  const c = ident(name);
  return TEXT.test(type) ? `CASE WHEN ${c} IS NULL THEN NULL ELSE dense_rank() OVER (ORDER BY ${c}) - 1 END` : `TRY_CAST(${c} AS DOUBLE)`;
}

/** Reads every series' history (ds ≤ its last target value) into a `TrainData`. */
export async function loadTrainData(engine: SqlEngine, options: LoadTrainOptions): Promise<TrainData> {
  const cols = await tableColumns(engine, 'sales');
  const covs = [...new Set([...(options.knownFuture ?? []), ...(options.pastOnly ?? [])])];
  for (const c of covs) if (!(c in cols)) throw new Error(`loadTrainData: sales has no column "${c}"`);
  if (options.selection) return loadSelection(engine, options, covs, cols);
  const xs = covs.map((c, i) => `, ${numericSql(c, cols[c])} AS _x${i}`).join('');
  const t = await engine.query(`WITH s AS (SELECT unique_id, ds, y${xs} FROM sales),
    last AS (SELECT unique_id, max(ds) FILTER (WHERE y IS NOT NULL) AS last_y FROM sales GROUP BY unique_id)
    SELECT s.* EXCLUDE (ds), CAST(s.ds - DATE '1970-01-01' AS INTEGER) AS _d FROM s JOIN last USING (unique_id)
    WHERE s.ds <= last.last_y ORDER BY unique_id, s.ds`);
  const ids = strings(t, 'unique_id');
  const dv = t.getChild('_d')!.toArray();
  const days = dv instanceof Int32Array ? dv : Int32Array.from(dv as ArrayLike<number>, Number);
  const y = numbers(t, 'y');
  const x = covs.map((_, i) => numbers(t, `_x${i}`));
  const statics = await readStatics(engine, options.statics ?? []);
  const series: SeriesHistory[] = [];
  for (let a = 0; a < ids.length; ) {
    let b = a + 1;
    while (b < ids.length && ids[b] === ids[a]) b++;
    const s: SeriesHistory = { id: ids[a], ds: days.slice(a, b), y: y.slice(a, b) };
    if (covs.length) s.x = Object.fromEntries(covs.map((c, i) => [c, x[i].slice(a, b)]));
    if (statics.has(ids[a])) s.statics = statics.get(ids[a]);
    series.push(s);
    a = b;
  }
  return {
    freq: options.freq,
    season: options.season ?? seasonLength(options.freq),
    series,
    ...(options.knownFuture?.length ? { knownFuture: [...options.knownFuture] } : {}),
    ...(options.pastOnly?.length ? { pastOnly: [...options.pastOnly] } : {}),
  };
}

/** Static attributes per series id as numbers (text → codes). */
async function readStatics(engine: SqlEngine, names: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (!names.length) return out;
  const cols = await tableColumns(engine, 'series');
  const t = await engine.query(`SELECT unique_id${names.map((n, i) => `, ${numericSql(n, cols[n] ?? 'DOUBLE')} AS _a${i}`).join('')} FROM series ORDER BY unique_id`);
  const ids = strings(t, 'unique_id');
  const vals = names.map((_, i) => numbers(t, `_a${i}`));
  ids.forEach((id, r) => out.set(id, Object.fromEntries(names.map((n, i) => [n, vals[i][r]]))));
  return out;
}

/** One series: the selection's sum per period (see `LoadTrainOptions.selection`). */
async function loadSelection(engine: SqlEngine, options: LoadTrainOptions, covs: string[], cols: Record<string, string>): Promise<TrainData> {
  const sel = options.selection!;
  const numeric = covs.filter((c) => !TEXT.test(cols[c]));
  const t = await engine.query(`SELECT CAST(ds - DATE '1970-01-01' AS INTEGER) AS _d, CAST(sum(y) AS DOUBLE) AS y${numeric
    .map((c, i) => `, CAST(avg(${ident(c)}) AS DOUBLE) AS _x${i}`)
    .join('')} FROM sales WHERE ${selectionWhere(sel)} GROUP BY ds ORDER BY ds`);
  const dv = t.getChild('_d')!.toArray();
  const days = dv instanceof Int32Array ? dv : Int32Array.from(dv as ArrayLike<number>, Number);
  const y = numbers(t, 'y');
  let a = 0;
  let b = y.length;
  while (a < b && !Number.isFinite(y[a])) a++;
  while (b > a && !Number.isFinite(y[b - 1])) b--;
  const s: SeriesHistory = { id: selectionLabel(sel), ds: days.slice(a, b), y: Float64Array.from(y.subarray(a, b), (v) => (Number.isFinite(v) ? v : 0)) };
  if (numeric.length) s.x = Object.fromEntries(numeric.map((c, i) => [c, numbers(t, `_x${i}`).slice(a, b)]));
  return {
    freq: options.freq,
    season: options.season ?? seasonLength(options.freq),
    series: [s],
    ...(numeric.length ? { knownFuture: numeric } : {}),
  };
}
