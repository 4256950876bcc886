/**
 * Cleaning choices and the SQL that builds the contract's `sales` and `series` tables from the raw
 * upload. Every step is the user's choice, and each reports how many rows or series it touched.
 */
import type { ColumnMapping, Freq } from './contract';
import { dateParseSql } from './dates';

export interface CleaningOptions {
  /** Rows with the same (id, date): add them up, average them, or keep the last one in the file. */
  duplicates: 'sum' | 'mean' | 'last';
  /** Periods missing inside a series' date range, and missing target values. */
  missing: 'zero' | 'leave' | 'interpolate';
  negatives: 'keep' | 'zero' | 'missing';
  /** Robust z-score (|y − median| / (1.4826·MAD)) above which a value counts as an outlier. */
  outlierZ: number;
  outliers: 'flag' | 'cap';
  /** Missing covariate values: carry the last value forward, use 0, or leave them missing. */
  covariates: 'ffill' | 'zero' | 'leave';
  /** Series with fewer observations than this are dropped (0 keeps all). */
  minLength: number;
}

export const DEFAULT_CLEANING: CleaningOptions = {
  duplicates: 'sum',
  missing: 'zero',
  negatives: 'keep',
  outlierZ: 6,
  outliers: 'flag',
  covariates: 'ffill',
  minLength: 0,
};

/** The one quoting module is `data/engine` (`ident`, `literal`); these names remain for this file's SQL. */
export { ident as qi, literal as ql } from './engine';
import { ident as qi } from './engine';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|REAL)$/i;

/** SQL interval of one period. */
export function periodInterval(freq: Freq): string {
  return freq === 'D' ? 'INTERVAL 1 DAY' : freq === 'W' ? 'INTERVAL 7 DAY' : freq === 'M' ? 'INTERVAL 1 MONTH' : freq === 'Q' ? 'INTERVAL 3 MONTH' : 'INTERVAL 1 YEAR';
}

function dateExpr(m: ColumnMapping, types: Record<string, string>): string {
  const t = types[m.date] ?? 'VARCHAR';
  // Zoned timestamps cannot be cast to DATE without the ICU extension (never downloaded): take their
  // calendar day from the text (UTC, as DuckDB stores them). CSVs keep them as text (see loadRaw).
  const base = /WITH TIME ZONE|TIMESTAMPTZ/i.test(t)
    ? `TRY_CAST(left(CAST(${qi(m.date)} AS VARCHAR), 10) AS DATE)`
    : /^(DATE|TIMESTAMP.*)$/i.test(t)
    ? `CAST(${qi(m.date)} AS DATE)`
    : dateParseSql(qi(m.date), m.dateFormat ? m.dateFormat.split('|') : ['%Y-%m-%d']);
  const unit = m.freq === 'M' ? 'month' : m.freq === 'Q' ? 'quarter' : m.freq === 'Y' ? 'year' : '';
  return unit ? `CAST(date_trunc('${unit}', ${base}) AS DATE)` : base;
}

/** The column as DOUBLE; NaN and ±inf become NULL (missing), so they are counted, never summed. */
function numExpr(col: string, types: Record<string, string>): string {
  const x = NUMERIC.test(types[col] ?? '') ? `CAST(${qi(col)} AS DOUBLE)` : `TRY_CAST(replace(trim(CAST(${qi(col)} AS VARCHAR)), ',', '.') AS DOUBLE)`;
  return `(CASE WHEN isfinite(${x}) THEN ${x} END)`;
}

/** SQL test for a NaN / inf placeholder in a text expression. */
export const NON_FINITE_SQL = (text: string) => `regexp_matches(lower(trim(${text})), '^[+-]?(nan|inf|infinity)$')`;

/**
 * Stage 1: typed rows with a row number (`staged`), before any cleaning. Bad dates and text targets
 * become NULL here so they can be counted.
 */
export function stagedSql(m: ColumnMapping, types: Record<string, string>): string {
  const id = m.id.length ? `concat_ws('/', ${m.id.map((c) => `coalesce(CAST(${qi(c)} AS VARCHAR), '∅')`).join(', ')})` : `'all'`;
  const covs = m.covariates.map((c) =>
    c.type === 'numeric' ? `${numExpr(c.source, types)} AS ${qi(c.name)}` : `CAST(${qi(c.source)} AS VARCHAR) AS ${qi(c.name)}`,
  );
  return `CREATE OR REPLACE TABLE staged AS SELECT ${id} AS unique_id, ${dateExpr(m, types)} AS ds, ${numExpr(m.target, types)} AS y${
    covs.length ? ', ' + covs.join(', ') : ''
  }, CAST(${qi(m.target)} AS VARCHAR) AS _y_text, row_number() OVER () AS _row FROM raw`;
}

/** Counts for the profile before cleaning: bad dates, text in the target, duplicates, negatives. */
export function stagedCountsSql(): string {
  return `SELECT count(*)::DOUBLE AS rows,
    count(*) FILTER (WHERE ds IS NULL)::DOUBLE AS bad_dates,
    any_value(_y_text) FILTER (WHERE y IS NULL AND _y_text IS NOT NULL AND trim(_y_text) <> '' AND NOT ${NON_FINITE_SQL('_y_text')}) AS text_example,
    count(*) FILTER (WHERE y IS NULL AND _y_text IS NOT NULL AND trim(_y_text) <> '' AND NOT ${NON_FINITE_SQL('_y_text')})::DOUBLE AS text_targets,
    count(*) FILTER (WHERE y IS NULL AND ${NON_FINITE_SQL('_y_text')})::DOUBLE AS non_finite,
    count(*) FILTER (WHERE y < 0)::DOUBLE AS negatives,
    (count(*) - count(DISTINCT (unique_id, ds)))::DOUBLE AS duplicates,
    count(DISTINCT unique_id)::DOUBLE AS series
  FROM staged`;
}

/**
 * Stage 2: the cleaned `sales` table — duplicates merged, the calendar completed, missing values,
 * negatives and outliers handled, short series dropped — plus `outliers` with the flagged rows.
 */
export function salesSql(m: ColumnMapping, o: CleaningOptions): string[] {
  const covNames = m.covariates.map((c) => qi(c.name));
  const yAgg = o.duplicates === 'sum' ? 'sum(y)' : o.duplicates === 'mean' ? 'avg(y)' : 'arg_max(y, _row)';
  const dedup = `CREATE OR REPLACE TEMP TABLE _dedup AS SELECT unique_id, ds, ${yAgg} AS y${covNames
    .map((c) => `, arg_max(${c}, _row) AS ${c}`)
    .join('')} FROM staged WHERE ds IS NOT NULL GROUP BY unique_id, ds`;
  const grid = `CREATE OR REPLACE TEMP TABLE _grid AS SELECT unique_id, CAST(unnest(generate_series(min(ds), max(ds), ${periodInterval(
    m.freq,
  )})) AS DATE) AS ds FROM _dedup GROUP BY unique_id`;
  const negative = o.negatives === 'zero' ? 'greatest(d.y, 0)' : o.negatives === 'missing' ? 'CASE WHEN d.y < 0 THEN NULL ELSE d.y END' : 'd.y';
  const covFill = m.covariates.map((c) => {
    const n = qi(c.name);
    if (o.covariates === 'zero') return c.type === 'numeric' ? `coalesce(d.${n}, 0) AS ${n}` : `coalesce(d.${n}, 'none') AS ${n}`;
    if (o.covariates === 'ffill')
      return `coalesce(d.${n}, last_value(d.${n} IGNORE NULLS) OVER (PARTITION BY g.unique_id ORDER BY g.ds ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), first_value(d.${n} IGNORE NULLS) OVER (PARTITION BY g.unique_id ORDER BY g.ds ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)) AS ${n}`;
    return `d.${n} AS ${n}`;
  });
  const joined = `CREATE OR REPLACE TEMP TABLE _joined AS SELECT g.unique_id, g.ds, ${negative} AS y, (d.unique_id IS NULL) AS _gap, (d.y IS NULL) AS _missing, row_number() OVER (PARTITION BY g.unique_id ORDER BY g.ds) AS _pos${covFill
    .map((c) => ', ' + c)
    .join('')} FROM _grid g LEFT JOIN _dedup d USING (unique_id, ds)`;
  const interp = `CASE WHEN y IS NOT NULL THEN y
      WHEN _prev IS NULL OR _next IS NULL THEN coalesce(_prev.v, _next.v)
      ELSE _prev.v + (_next.v - _prev.v) * (_pos - _prev.p) / (_next.p - _prev.p) END`;
  const fill = o.missing === 'zero' ? 'coalesce(y, 0)' : o.missing === 'interpolate' ? interp : 'y';
  const filled = `CREATE OR REPLACE TEMP TABLE _filled AS SELECT * EXCLUDE (_prev, _next, y), ${fill} AS y FROM (
      SELECT *, last_value(CASE WHEN y IS NOT NULL THEN {'p': _pos, 'v': y} END IGNORE NULLS) OVER w1 AS _prev,
        first_value(CASE WHEN y IS NOT NULL THEN {'p': _pos, 'v': y} END IGNORE NULLS) OVER w2 AS _next
      FROM _joined WINDOW w1 AS (PARTITION BY unique_id ORDER BY ds ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
        w2 AS (PARTITION BY unique_id ORDER BY ds ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING))`;
  const stats = `CREATE OR REPLACE TEMP TABLE _stats AS SELECT unique_id, median(y) AS med, median(abs(y - med0)) * 1.4826 AS mad, count(y) AS n
      FROM (SELECT unique_id, y, median(y) OVER (PARTITION BY unique_id) AS med0 FROM _filled) GROUP BY unique_id`;
  // Outliers are judged within promotion / holiday periods and outside them separately, so a promotion
  // peak is compared with other promotion days, not with ordinary days (it is the uplift, not an error).
  const tagged = `CREATE OR REPLACE TEMP TABLE _tagged AS SELECT *, ${eventSql(m)} AS _event FROM _filled`;
  const ostats = `CREATE OR REPLACE TEMP TABLE _ostats AS SELECT unique_id, _event, median(y) AS med, median(abs(y - med0)) * 1.4826 AS mad, count(y) AS n
      FROM (SELECT unique_id, _event, y, median(y) OVER (PARTITION BY unique_id, _event) AS med0 FROM _tagged) GROUP BY unique_id, _event`;
  const z = Number(o.outlierZ);
  // Filled gaps and missing values (text, NaN, inf in the file) are not observations: never outliers.
  const judged = `o.mad > 0 AND NOT f._missing AND (NOT f._event OR o.n >= ${MIN_EVENT_DAYS})`;
  const outliers = `CREATE OR REPLACE TABLE outliers AS SELECT f.unique_id, f.ds, f.y, o.med, o.mad FROM _tagged f JOIN _ostats o USING (unique_id, _event)
      WHERE ${judged} AND abs(f.y - o.med) / o.mad > ${z}`;
  const capped = o.outliers === 'cap' ? `CASE WHEN ${judged} THEN least(greatest(f.y, o.med - ${z} * o.mad), o.med + ${z} * o.mad) ELSE f.y END` : 'f.y';
  const keep = o.minLength > 0 ? `WHERE s.n >= ${Math.floor(o.minLength)}` : '';
  const sales = `CREATE OR REPLACE TABLE sales AS SELECT f.unique_id, f.ds, ${capped} AS y${covNames
    .map((c) => `, f.${c}`)
    .join('')} FROM _tagged f JOIN _stats s USING (unique_id) JOIN _ostats o USING (unique_id, _event) ${keep} ORDER BY f.unique_id, f.ds`;
  const counts = `CREATE OR REPLACE TABLE clean_counts AS SELECT
      (SELECT count(*) FROM _filled WHERE _gap)::DOUBLE AS gap_rows,
      (SELECT count(*) FROM _filled WHERE _missing)::DOUBLE AS missing_filled,
      (SELECT count(*) FROM staged WHERE ds IS NOT NULL)::DOUBLE - (SELECT count(*) FROM _dedup)::DOUBLE AS duplicates_merged,
      (SELECT count(*) FROM _dedup WHERE y < 0)::DOUBLE AS negatives,
      (SELECT count(*) FROM outliers)::DOUBLE AS outliers,
      (SELECT count(*) FROM _stats WHERE n < ${Math.max(0, Math.floor(o.minLength))})::DOUBLE AS short_dropped,
      (SELECT count(*) FROM staged WHERE ds IS NULL)::DOUBLE AS bad_dates_dropped`;
  const covMissing = m.covariates.length
    ? `CREATE OR REPLACE TABLE cov_missing AS SELECT ${m.covariates
        .map((c) => `count(*) FILTER (WHERE d.${qi(c.name)} IS NULL)::DOUBLE AS ${qi(c.name)}`)
        .join(', ')} FROM _grid g LEFT JOIN _dedup d USING (unique_id, ds)`
    : `CREATE OR REPLACE TABLE cov_missing AS SELECT 0 AS none`;
  return [dedup, grid, joined, covMissing, filled, stats, tagged, ostats, outliers, sales, counts];
}

/** Promotion or holiday periods with fewer days than this in a series are never judged outliers. */
const MIN_EVENT_DAYS = 10;

/** SQL (BOOLEAN) true on rows inside a promotion or holiday period, from the mapped covariates. */
export function eventSql(m: Pick<ColumnMapping, 'covariates'>): string {
  const ev = m.covariates.filter((c) => c.role === 'promo' || c.role === 'holiday');
  if (!ev.length) return 'FALSE';
  return `(${ev
    .map((c) =>
      c.type === 'numeric'
        ? `coalesce(${qi(c.name)}, 0) <> 0`
        : `coalesce(lower(trim(CAST(${qi(c.name)} AS VARCHAR))), '') NOT IN ('', '0', 'none', 'false', 'no', 'n', 'normal', 'regular')`,
    )
    .join(' OR ')})`;
}

/** The `series` table: one row per unique_id with the id columns and static attributes. */
export function seriesSql(m: ColumnMapping, statics: string[]): string {
  const cols = [...m.id, ...statics.filter((s) => !m.id.includes(s))];
  const id = m.id.length ? `concat_ws('/', ${m.id.map((c) => `coalesce(CAST(${qi(c)} AS VARCHAR), '∅')`).join(', ')})` : `'all'`;
  return `CREATE OR REPLACE TABLE series AS SELECT ${id} AS unique_id${cols
    .map((c) => `, any_value(CAST(${qi(c)} AS VARCHAR)) AS ${qi(c)}`)
    .join('')} FROM raw GROUP BY 1 HAVING unique_id IN (SELECT DISTINCT unique_id FROM sales)`;
}

/** Per-series profile: length, date range, share of zeros (intermittency), volume. */
export function seriesProfileSql(limit = 0): string {
  return `SELECT unique_id, count(*)::DOUBLE AS n, CAST(min(ds) AS VARCHAR) AS start, CAST(max(ds) AS VARCHAR) AS end_,
      avg(CASE WHEN y = 0 THEN 1 ELSE 0 END) AS zero_share, avg(CASE WHEN y IS NULL THEN 1 ELSE 0 END) AS missing_share,
      coalesce(sum(y), 0) AS volume, avg(y) AS mean
    FROM sales GROUP BY unique_id ORDER BY volume DESC${limit ? ` LIMIT ${limit}` : ''}`;
}

/** Up to this many cells (rows × profiled columns) the profile counts distinct values exactly; above, HyperLogLog (shown as ≈). */
export const EXACT_DISTINCT_CELLS = 20_000_000;

/**
 * Per-column profile of the raw upload: type, missing share, range and distinct count (first `max`
 * columns). `exact` counts distinct values exactly (cheap up to a few million rows); otherwise the
 * approximate HyperLogLog count is used and the profile says so.
 */
export function columnProfileSql(columns: { name: string; type: string }[], max = 200, exact = true): string {
  const parts = columns.slice(0, max).map(
    (c, i) =>
      `count(${qi(c.name)})::DOUBLE AS "n${i}", CAST(min(${qi(c.name)}) AS VARCHAR) AS "lo${i}", CAST(max(${qi(c.name)}) AS VARCHAR) AS "hi${i}", ${exact ? 'count(DISTINCT ' : 'approx_count_distinct('}${qi(c.name)})::DOUBLE AS "d${i}"`,
  );
  return `SELECT count(*)::DOUBLE AS rows${parts.length ? ', ' + parts.join(', ') : ''} FROM raw`;
}
