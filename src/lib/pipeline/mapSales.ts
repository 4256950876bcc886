/**
 * The CLI's flags onto the data contract, through the studio's own raw → sales path (`prepareSales`) with
 * the CLI's fixed cleaning: duplicate (id, date) rows summed, missing periods inside a history as y = 0,
 * covariates as given, no outlier capping. `sales(unique_id, ds, y, covariates…)` on a regular grid per
 * series (id columns joined with '/'), `series(unique_id, attributes…)`; rows after a series' last target
 * value keep y NULL (future rows carrying known covariates).
 */
import type { ColumnMapping, CovariateMeta, DataIssue, Freq } from '../data/contract';
import type { CleaningOptions } from '../data/cleaning';
import { periodInterval } from '../data/cleaning';
import { ident, numbers, strings, type SqlEngine } from '../data/engine';
import { dateFormatOf } from '../data/inferMapping';
import { prepareSales } from '../data/prepare';
import { tableColumns } from './loadCsv';

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
}

/** What happened: problems in the data come back here, never as exceptions. */
export interface MapSalesResult {
  issues: DataIssue[];
  /** Series kept and rows in `sales`. */
  series: number;
  rows: number;
}

/** The cleaning the CLI applies (the studio's defaults, covariates left as they are). */
export const CLI_CLEANING: CleaningOptions = { duplicates: 'sum', missing: 'zero', negatives: 'keep', outlierZ: 6, outliers: 'flag', covariates: 'leave', minLength: 0 };

/** The columns named in `options` (and `alsoNeeded`, as `[what names it, column]`) that `raw` lacks, as `missing_column` error issues. */
export function missingColumns(rawColumns: Record<string, string>, options: MapSalesOptions, alsoNeeded: Array<[string, string]> = []): DataIssue[] {
  const named = [
    ...options.id.map((c) => ['--id', c]),
    ['--date', options.date],
    ['--target', options.target],
    ...(options.covariates ?? []).map((c) => ['covariate', c.source]),
    ...(options.statics ?? []).map((c) => ['--static', c]),
    ...alsoNeeded,
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

/** The studio's reading of a named date column (`dateFormatOf`: 2024-01, 2024-W05, Excel serials, epoch…). */
async function dateFormatOfColumn(engine: SqlEngine, date: string, type: string | undefined): Promise<string | null> {
  if (type === undefined || /^(DATE|TIMESTAMP)/i.test(type)) return null;
  const sample = await engine.query(`SELECT DISTINCT CAST(${ident(date)} AS VARCHAR) AS v FROM raw WHERE ${ident(date)} IS NOT NULL LIMIT 5000`);
  return dateFormatOf({ name: date, type, values: strings(sample, 'v') });
}

/** Creates `sales` (and `series`) from `raw` with {@link CLI_CLEANING}; see the module comment. */
export async function mapSales(engine: SqlEngine, options: MapSalesOptions): Promise<MapSalesResult> {
  const raw = await tableColumns(engine, 'raw');
  const dateFormat = await dateFormatOfColumn(engine, options.date, raw[options.date]);
  const mapping: ColumnMapping = { id: options.id, date: options.date, target: options.target, freq: options.freq, covariates: options.covariates ?? [], dateFormat };
  const columns = Object.entries(raw).map(([name, type]) => ({ name, type }));
  const prepared = await prepareSales(engine, mapping, options.statics ?? [], columns, CLI_CLEANING);
  const issues = prepared.issues.filter((i) => i.code !== 'short_series' && i.code !== 'no_rows_left');
  if (prepared.rows === 0) return { issues: [...issues, { level: 'error', code: 'no_series', message: 'No series with a target value remain.' }], series: 0, rows: 0 };
  const filled = numbers(await engine.query(`SELECT count(*)::DOUBLE AS n FROM sales s WHERE s.y IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM staged t WHERE t.unique_id = s.unique_id AND t.ds = s.ds AND t.y IS NOT NULL)`), 'n')[0];
  if (filled > 0) issues.push({ level: 'warning', code: 'gaps_filled', message: `${filled} missing periods inside series histories were filled with y = 0.`, count: filled });
  if (options.completeOnly) {
    await engine.exec(`DELETE FROM sales WHERE unique_id IN (
      WITH per AS (SELECT unique_id, min(ds) AS first_ds, max(ds) FILTER (WHERE y IS NOT NULL) AS last_y, count(DISTINCT ds) FILTER (WHERE y IS NOT NULL) AS n
          FROM staged WHERE ds IS NOT NULL GROUP BY unique_id),
        g AS (SELECT min(first_ds) AS a, max(last_y) AS b FROM per)
      SELECT unique_id FROM per, g WHERE first_ds > g.a OR last_y < g.b OR n < len(generate_series(first_ds, last_y, ${periodInterval(options.freq)})))`);
    await engine.exec('DELETE FROM series WHERE unique_id NOT IN (SELECT DISTINCT unique_id FROM sales)');
  }
  const stats = await engine.query(`SELECT count(DISTINCT unique_id)::DOUBLE AS s, count(*)::DOUBLE AS r FROM sales`);
  const [s, r] = ['s', 'r'].map((c) => numbers(stats, c)[0]);
  if (s === 0) issues.push({ level: 'error', code: 'no_series', message: 'No series with a target value remain.' });
  return { issues, series: s, rows: r };
}
