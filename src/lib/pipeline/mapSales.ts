/**
 * Step 2: the user's columns onto the data contract. `sales(unique_id, ds, y, covariates…)` on a regular
 * grid per series (id columns joined with '/'), and `series(unique_id, attributes…)` for static columns.
 */
import type { CovariateMeta, DataIssue, Freq } from '../data/contract';
import { ident } from '../data/engine';
import { numbers, type SqlEngine } from './sqlEngine';

/** Options of {@link mapSales}. */
export interface MapSalesOptions {
  /** Id columns of `raw`; several are joined with '/' into `unique_id`. */
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  /** Covariates copied into `sales` under their own names. */
  covariates?: CovariateMeta[];
  /** Columns of `raw` that describe a series (one value per series) → the `series` table. */
  statics?: string[];
  /** Keep only series observed at every period of the panel's date range (default false). */
  completeOnly?: boolean;
  /** Source table (default `raw`). */
  table?: string;
}

/** What happened: problems in the data come back here, never as exceptions. */
export interface MapSalesResult {
  issues: DataIssue[];
  /** Series kept and rows in `sales`. */
  series: number;
  rows: number;
}

const STEP: Record<Freq, string> = { D: 'INTERVAL 1 DAY', W: 'INTERVAL 7 DAY', M: 'INTERVAL 1 MONTH' };

/** The columns named in `options` that `raw` lacks, as `missing_column` error issues. */
export function missingColumns(rawColumns: Record<string, string>, options: MapSalesOptions): DataIssue[] {
  const named = [
    ...options.id.map((c) => ['--id', c]),
    ['--date', options.date],
    ['--target', options.target],
    ...(options.covariates ?? []).map((c) => ['covariate', c.source]),
    ...(options.statics ?? []).map((c) => ['--static', c]),
  ];
  return named
    .filter(([, c]) => !(c in rawColumns))
    .map(([flag, c]) => ({
      level: 'error' as const,
      code: 'missing_column',
      message: `Column "${c}" (${flag}) is not in the file.`,
      hint: `The file has: ${Object.keys(rawColumns).join(', ')}.`,
      where: c,
    }));
}

/**
 * Creates `sales` (and `series` when statics are given) from `raw`. Duplicate (id, date) rows are summed;
 * missing periods inside a series' history become y = 0 (reported); rows after a series' last target
 * value keep y NULL (future rows carrying known covariates).
 */
export async function mapSales(engine: SqlEngine, options: MapSalesOptions): Promise<MapSalesResult> {
  const raw = options.table ?? 'raw';
  const covs = options.covariates ?? [];
  const dateSql = options.freq === 'M' ? `CAST(date_trunc('month', CAST(${ident(options.date)} AS DATE)) AS DATE)` : `CAST(${ident(options.date)} AS DATE)`;
  const idSql = options.id.length === 1 ? `CAST(${ident(options.id[0])} AS VARCHAR)` : `concat_ws('/', ${options.id.map((c) => `CAST(${ident(c)} AS VARCHAR)`).join(', ')})`;
  const covSrc = covs.map((c) => `, ${ident(c.source)} AS ${ident(c.name)}`).join('');
  const covAgg = covs.map((c) => `, any_value(${ident(c.name)}) AS ${ident(c.name)}`).join('');
  const covOut = covs.map((c) => `, a.${ident(c.name)}`).join('');
  const issues: DataIssue[] = [];
  await engine.exec(`CREATE OR REPLACE TABLE sales AS
WITH src AS (SELECT ${idSql} AS unique_id, ${dateSql} AS ds, TRY_CAST(${ident(options.target)} AS DOUBLE) AS y${covSrc}
    FROM ${raw} WHERE ${ident(options.date)} IS NOT NULL),
  agg AS (SELECT unique_id, ds, CASE WHEN count(y) > 0 THEN sum(y) END AS y${covAgg} FROM src GROUP BY unique_id, ds),
  span AS (SELECT unique_id, min(ds) AS first_ds, max(ds) AS last_ds, max(CASE WHEN y IS NOT NULL THEN ds END) AS last_y, count(*) AS n
    FROM agg GROUP BY unique_id HAVING last_y IS NOT NULL),
  grid AS (SELECT unique_id, last_y, n, CAST(unnest(generate_series(first_ds, last_ds, ${STEP[options.freq]})) AS DATE) AS ds FROM span)
SELECT g.unique_id, g.ds, CASE WHEN g.ds <= g.last_y THEN coalesce(a.y, 0) END AS y${covOut},
    (a.ds IS NULL OR a.y IS NULL) AND g.ds <= g.last_y AS _filled, g.n AS _n, g.last_y AS _last_y
  FROM grid g LEFT JOIN agg a ON a.unique_id = g.unique_id AND a.ds = g.ds
  ORDER BY g.unique_id, g.ds`);
  if (options.completeOnly) {
    await engine.exec(`DELETE FROM sales WHERE unique_id IN (SELECT unique_id FROM sales GROUP BY unique_id
      HAVING bool_or(_filled) OR min(ds) > (SELECT min(ds) FROM sales) OR max(_last_y) < (SELECT max(_last_y) FROM sales))`);
  }
  const stats = await engine.query(`SELECT count(DISTINCT unique_id)::DOUBLE AS s, count(*)::DOUBLE AS r, count(*) FILTER (WHERE _filled)::DOUBLE AS f FROM sales`);
  const [s, r, f] = ['s', 'r', 'f'].map((c) => numbers(stats, c)[0]);
  if (f > 0)
    issues.push({ level: 'warning', code: 'gaps_filled', message: `${f} missing periods inside series histories were filled with y = 0.`, count: f });
  await engine.exec('ALTER TABLE sales DROP COLUMN _filled; ALTER TABLE sales DROP COLUMN _n; ALTER TABLE sales DROP COLUMN _last_y');
  if (options.statics?.length) {
    const attrs = options.statics.map((c) => `any_value(${ident(c)}) AS ${ident(c)}`).join(', ');
    await engine.exec(`CREATE OR REPLACE TABLE series AS SELECT * FROM (SELECT ${idSql} AS unique_id, ${attrs} FROM ${raw} GROUP BY 1)
      WHERE unique_id IN (SELECT DISTINCT unique_id FROM sales) ORDER BY unique_id`);
  }
  if (s === 0) issues.push({ level: 'error', code: 'no_series', message: 'No series with a target value remain.' });
  return { issues, series: s, rows: r };
}
