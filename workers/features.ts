/**
 * The studio's feature step, engine-agnostic so it runs the same in the db worker and in vitest: extend
 * `sales` with future rows, compile a FeatureSpec over them into the `features` table, run the data
 * checks, and hand the table over as Arrow IPC bytes. Bad input comes back as issues, never as a throw.
 */
import { tableToIpc } from '../src/lib/data/arrowIpc';
import type { ColumnMapping, DataIssue, Freq } from '../src/lib/data/contract';
import { plainRows, rows, type PlainRows, type SqlEngine } from '../src/lib/data/engine';
import {
  compileFeatures,
  featurePreviewSql,
  featureSummarySql,
  loadHolidayCalendar,
  runFeatureChecks,
  validateCustomFeature,
  type CustomFeature,
  type CustomFeatureCheck,
  type FeatureCheck,
  type FeatureColumn,
  type FeatureSpec,
  type HolidayCalendar,
} from '../src/lib/features';
import { ident, literal } from '../src/lib/data/engine';
// Straight from its file: the pipeline index also pulls the models, which the db worker must not bundle.
import { defaultFeatureSpec } from '../src/lib/pipeline/defaultFeatureSpec';

/** Options of {@link buildFeatures}. */
export interface BuildFeaturesOptions {
  /** Forecast horizon in periods. */
  h: number;
  strategy: 'direct' | 'recursive';
  /** Append `h` future rows per series (y NULL) so the table also holds the rows to forecast. */
  future: boolean;
}

/** What {@link buildFeatures} made: the SQL it ran, the emitted columns, issues and counts. */
export interface FeatureBuildResult {
  /** The SQL that built `features` (shown to the user). */
  sql: string;
  columns: FeatureColumn[];
  issues: DataIssue[];
  /** Rows of `features` (0 when the build failed). */
  rows: number;
  /** Future rows added (h per series when `future`). */
  futureRows: number;
  seconds: number;
  /** The spec actually compiled (the default one when none was given; rejected custom features removed). */
  spec: FeatureSpec;
}

/** A small result for the page: column names and plain cells (dates as ISO strings). */
export type FeaturePreview = PlainRows;

/** One row of the per-feature summary. */
export interface FeatureSummaryRow {
  feature: string;
  missing_share: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
}

const STEP: Record<Freq, (k: string) => string> = {
  D: (k) => `l.ds + CAST(${k} AS INTEGER)`,
  W: (k) => `l.ds + CAST(7 * ${k} AS INTEGER)`,
  M: (k) => `CAST(l.ds + to_months(CAST(${k} AS INTEGER)) AS DATE)`,
  Q: (k) => `CAST(l.ds + to_months(CAST(3 * ${k} AS INTEGER)) AS DATE)`,
  Y: (k) => `CAST(l.ds + to_years(CAST(${k} AS INTEGER)) AS DATE)`,
};
const TEXT = /CHAR|TEXT|STRING/i;

async function describeTable(engine: SqlEngine, table: string): Promise<Record<string, string>> {
  const d = await rows<{ column_name: string; column_type: string }>(engine, `DESCRIBE ${table}`);
  return Object.fromEntries(d.map((r) => [r.column_name, r.column_type]));
}

async function tableExists(engine: SqlEngine, table: string): Promise<boolean> {
  const r = await rows<{ n: number }>(engine, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ${literal(table)}`);
  return (r[0]?.n ?? 0) > 0;
}

/**
 * SQL creating `sales_ext`: `sales` plus `h` rows per series after its last date, with y NULL and the
 * covariates as they are known ahead: promo and holiday flags 0, price and other known-future or static
 * values carried from the series' last value, categories 'none', past-only values NULL.
 */
export function salesExtSql(columns: Record<string, string>, mapping: Pick<ColumnMapping, 'covariates' | 'freq'>, h: number): string {
  const covs = Object.keys(columns).filter((c) => !['unique_id', 'ds', 'y'].includes(c));
  const lastOf = covs.map((c) => `arg_max(${ident(c)}, ds) FILTER (WHERE ${ident(c)} IS NOT NULL) AS ${ident(c)}`);
  const future = covs.map((c) => {
    const meta = mapping.covariates.find((m) => m.name === c);
    const type = columns[c];
    const cast = (v: string) => `CAST(${v} AS ${type}) AS ${ident(c)}`;
    if (!meta || meta.timing === 'past_only') return cast('NULL');
    if (meta.timing === 'static') return cast(`l.${ident(c)}`);
    if (TEXT.test(type)) return cast(`'none'`);
    if (meta.type === 'categorical') return cast('NULL');
    if (meta.role === 'promo' || meta.role === 'holiday') return cast('0');
    return cast(`l.${ident(c)}`);
  });
  return `CREATE OR REPLACE TABLE sales_ext AS
SELECT * FROM sales
UNION ALL BY NAME
SELECT l.unique_id, ${STEP[mapping.freq]('k.k')} AS ds, CAST(NULL AS DOUBLE) AS y${future.map((f) => `,\n  ${f}`).join('')}
FROM (SELECT unique_id, max(ds) AS ds${lastOf.map((x) => `, ${x}`).join('')} FROM sales GROUP BY unique_id) l,
  range(1, ${h + 1}) k(k)
ORDER BY unique_id, ds`;
}

/** The spec used when the page gives none: the pipeline's default plus price features when there is a price. */
export async function studioDefaultSpec(engine: SqlEngine, mapping: ColumnMapping, h: number): Promise<FeatureSpec> {
  const seriesColumns = (await tableExists(engine, 'series')) ? Object.keys(await describeTable(engine, 'series')).filter((c) => c !== 'unique_id') : [];
  const longest = await rows<{ n: number }>(engine, 'SELECT coalesce(max(n), 0)::DOUBLE AS n FROM (SELECT count(*) AS n FROM sales GROUP BY unique_id)');
  const spec = defaultFeatureSpec({ freq: mapping.freq, h, covariates: mapping.covariates, statics: seriesColumns, historyLength: longest[0]?.n ?? 0 });
  const price = mapping.covariates.find((c) => c.role === 'price' && c.type === 'numeric');
  return price ? { ...spec, price: { column: price.name } } : spec;
}

/** Extra checks the compiler leaves to the studio: promo values that are not 0/1. */
function promoChecks(spec: FeatureSpec, columns: Record<string, string>): FeatureCheck[] {
  if (!spec.promo || !(spec.promo.column in columns) || TEXT.test(columns[spec.promo.column])) return [];
  const c = ident(spec.promo.column);
  return [
    {
      sql: `SELECT count(*) AS n FROM sales WHERE ${c} IS NOT NULL AND ${c} NOT IN (0, 1)`,
      issue: {
        level: 'info',
        code: 'promo_not_binary',
        message: `Some values of "${spec.promo.column}" are not 0/1; they are used as a promo intensity (any value > 0 counts as a promo period).`,
        hint: 'Map the column to a 0/1 flag if it is meant as one.',
        where: spec.promo.column,
      },
    },
    {
      sql: `SELECT count(*) AS n FROM sales WHERE ${c} < 0`,
      issue: {
        level: 'warning',
        code: 'promo_negative',
        message: `Some values of "${spec.promo.column}" are negative; those periods count as no promo.`,
        hint: 'Check how the promo column is coded.',
        where: spec.promo.column,
      },
    },
  ];
}

/**
 * Builds the `features` table (see the module comment). `spec` null = {@link studioDefaultSpec}.
 * Custom features are validated by DuckDB first; a rejected one is dropped with an issue at its name.
 */
export async function buildFeatures(
  engine: SqlEngine,
  mapping: ColumnMapping,
  spec: FeatureSpec | null,
  options: BuildFeaturesOptions,
): Promise<FeatureBuildResult> {
  const t0 = performance.now();
  const h = Math.floor(Number(options.h));
  const fail = (issue: DataIssue, sql = ''): FeatureBuildResult => ({ sql, columns: [], issues: [issue], rows: 0, futureRows: 0, seconds: (performance.now() - t0) / 1000, spec: spec ?? {} });
  if (!(h >= 1 && h <= 10_000))
    return fail({ level: 'error', code: 'bad_horizon', message: `The horizon must be a whole number of periods ≥ 1 (got "${options.h}").`, where: 'h' });
  if (!(await tableExists(engine, 'sales')))
    return fail({ level: 'error', code: 'no_sales', message: 'There is no sales table yet.', hint: 'Load data and apply the mapping first.' });
  const issues: DataIssue[] = [];
  const used: FeatureSpec = spec ? structuredClone(spec) : await studioDefaultSpec(engine, mapping, h);
  const kept: CustomFeature[] = [];
  for (const f of used.custom ?? []) {
    const r = await checkCustom(engine, f);
    if (r.ok) kept.push(f);
    else issues.push({ level: 'error', code: 'custom_feature_rejected', message: r.message + where(r), hint: 'It was left out; fix it in the custom feature editor.', where: f.name });
  }
  used.custom = kept;
  const columns = await describeTable(engine, 'sales');
  let futureRows = 0;
  if (options.future) {
    await engine.exec(salesExtSql(columns, mapping, h));
    futureRows = (await rows<{ n: number }>(engine, 'SELECT count(*)::DOUBLE AS n FROM sales_ext WHERE y IS NULL AND ds > (SELECT max(ds) FROM sales)'))[0].n;
  }
  const source = options.future ? 'sales_ext' : 'sales';
  const range = (await rows<{ a: string; b: string }>(engine, `SELECT CAST(min(ds) AS VARCHAR) AS a, CAST(max(ds) AS VARCHAR) AS b FROM ${source}`))[0];
  let holidays: HolidayCalendar | undefined;
  if (used.holidays && used.holidays.country?.trim()) {
    const { country, region, types } = used.holidays;
    try {
      holidays = await loadHolidayCalendar({ country, region: region?.trim() || undefined, types }, { start: range.a, end: range.b });
    } catch (e) {
      holidays = { dates: [], issues: [{ level: 'error', code: 'holidays_failed', message: `The holiday calendar could not be loaded: ${e instanceof Error ? e.message : String(e)}`, where: 'holidays.country' }] };
    }
  } else if (used.holidays) used.holidays = { ...used.holidays, country: undefined };
  const seriesColumns = (await tableExists(engine, 'series')) ? Object.keys(await describeTable(engine, 'series')).filter((c) => c !== 'unique_id') : [];
  const compiled = compileFeatures(used, {
    columns,
    covariates: mapping.covariates,
    seriesColumns,
    freq: mapping.freq,
    h,
    strategy: options.strategy,
    holidays,
  });
  issues.push(...compiled.issues);
  // The compiler reads `sales`; a CTE of that name points it at the extended table (as featuresAt does).
  const sql = options.future
    ? `CREATE OR REPLACE TABLE features AS\nWITH sales AS (SELECT * FROM main.sales_ext),\n${compiled.select.slice('WITH '.length)}`
    : compiled.sql;
  try {
    await engine.exec(sql);
  } catch (e) {
    await engine.exec('DROP TABLE IF EXISTS features').catch(() => undefined);
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
    issues.push({ level: 'error', code: 'feature_sql_failed', message: `The feature SQL failed: ${message}`, hint: 'Remove or fix the feature it names; the data is unchanged.' });
    return { sql, columns: [], issues, rows: 0, futureRows, seconds: (performance.now() - t0) / 1000, spec: used };
  }
  issues.push(...(await runFeatureChecks(engine, [...compiled.checks, ...promoChecks(used, columns)])));
  const n = (await rows<{ n: number }>(engine, 'SELECT count(*)::DOUBLE AS n FROM features'))[0].n;
  return { sql, columns: compiled.columns, issues, rows: n, futureRows, seconds: (performance.now() - t0) / 1000, spec: used };
}

const where = (r: CustomFeatureCheck) => (!r.ok && r.line ? ` (line ${r.line}${r.column ? `, column ${r.column}` : ''})` : '');

/** Validates a custom feature against `sales` (see `validateCustomFeature`); never throws for bad SQL. */
export function checkCustom(engine: SqlEngine, feature: CustomFeature): Promise<CustomFeatureCheck> {
  return validateCustomFeature(engine, feature);
}

/** The `features` table as Arrow IPC stream bytes (ordered by unique_id, ds) and its series ids in order. */
export async function featureIpc(engine: SqlEngine): Promise<{ ipc: Uint8Array; ids: string[] }> {
  const ipc = tableToIpc(await engine.query('SELECT * FROM features ORDER BY unique_id, ds'));
  const ids = (await rows<{ unique_id: string }>(engine, 'SELECT DISTINCT unique_id FROM features ORDER BY unique_id')).map((r) => r.unique_id);
  return { ipc, ids };
}

/** The first `limit` rows of `features`. */
export function featurePreview(engine: SqlEngine, limit = 50): Promise<FeaturePreview> {
  return plainRows(engine, featurePreviewSql({ limit: Math.max(1, Math.min(1000, limit)) }));
}

/** Missing share, min, max and mean of each feature column. */
export async function featureSummary(engine: SqlEngine, columns: Array<Pick<FeatureColumn, 'name'>>): Promise<FeatureSummaryRow[]> {
  return rows<FeatureSummaryRow>(engine, featureSummarySql(columns));
}
