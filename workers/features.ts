/**
 * The studio's feature step, engine-agnostic so it runs the same in the db worker and in vitest: the
 * `features` table is the pipeline's own feature frame (`makeFeaturesAtSql`, the builder the CLI's
 * backtests and forecasts use) as of the last target date, its future rows read from the baseline `plan`
 * table (`createBaselinePlan`); then the data checks run and the table is handed over as Arrow IPC bytes.
 * Bad input comes back as issues, never as a throw.
 */
import { tableToIpc } from '../src/lib/data/arrowIpc';
import type { ColumnMapping, DataIssue } from '../src/lib/data/contract';
import { plainRows, rows, type PlainRows, type SqlEngine } from '../src/lib/data/engine';
import {
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
import { addPeriods, dayToIso } from '../src/lib/data/contract';
import { ident } from '../src/lib/data/engine';
import { createBaselinePlan } from '../src/lib/forecast/plan';
import { tableColumns, tableExists } from '../src/lib/pipeline/loadCsv';
import { makeFeaturesAtSql } from '../src/lib/pipeline/featuresAt';
// Straight from its file: the pipeline index also pulls the models, which the db worker must not bundle.
import { defaultFeatureSpec } from '../src/lib/pipeline/defaultFeatureSpec';

/** Options of {@link buildFeatures}. */
export interface BuildFeaturesOptions {
  /** Forecast horizon in periods. */
  h: number;
  strategy: 'direct' | 'recursive';
  /** Add the `h` future rows per series of the baseline plan (y NULL) so the table also holds the rows to forecast. */
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
  /** Future rows added: the rows of the baseline `plan` table (h per series when `future`). */
  futureRows: number;
  seconds: number;
  /** True when the table of the previous build was reused (same spec, options and sales rows). */
  reused?: boolean;
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

const TEXT = /CHAR|TEXT|STRING/i;

/**
 * The spec used when the page gives none: the pipeline's default spec (the one the CLI's backtests and
 * forecasts use), for the series attributes and the longest history of this data.
 */
export async function studioDefaultSpec(engine: SqlEngine, mapping: ColumnMapping, h: number, strategy: 'direct' | 'recursive' = 'direct'): Promise<FeatureSpec> {
  const seriesColumns = (await tableExists(engine, 'series')) ? Object.keys(await tableColumns(engine, 'series')).filter((c) => c !== 'unique_id') : [];
  const longest = await rows<{ n: number }>(engine, 'SELECT coalesce(max(n), 0)::DOUBLE AS n FROM (SELECT count(*) AS n FROM sales GROUP BY unique_id)');
  return defaultFeatureSpec({ freq: mapping.freq, h, covariates: mapping.covariates, statics: seriesColumns, historyLength: longest[0]?.n ?? 0, strategy });
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
 * What a build depends on: the mapping, the spec, the options and the sales rows (their count and a hash
 * of every row: well under a second on a million rows, where the build takes many). Two builds with the same key make the same
 * table, so the worker reuses the last one instead of running the feature SQL again (each Train, Tune or
 * backtest start asks for the features; on the sample a build costs seconds).
 */
export async function featureBuildKey(engine: SqlEngine, mapping: ColumnMapping, spec: FeatureSpec | null, options: BuildFeaturesOptions): Promise<string | null> {
  if (!(await tableExists(engine, 'sales'))) return null;
  const [fp] = await rows<{ n: number; h: string | null }>(engine, 'SELECT count(*)::DOUBLE AS n, CAST(sum(hash(s)::HUGEINT) AS VARCHAR) AS h FROM sales s');
  return JSON.stringify({ mapping, spec, options, n: fp.n, h: fp.h });
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
  const used: FeatureSpec = spec ? structuredClone(spec) : await studioDefaultSpec(engine, mapping, h, options.strategy);
  const kept: CustomFeature[] = [];
  for (const f of used.custom ?? []) {
    const r = await checkCustom(engine, f);
    if (r.ok) kept.push(f);
    else issues.push({ level: 'error', code: 'custom_feature_rejected', message: r.message + where(r), hint: 'It was left out; fix it in the custom feature editor.', where: f.name });
  }
  used.custom = kept;
  const columns = await tableColumns(engine, 'sales');
  const last = (await rows<{ d: number | null; a: string }>(engine, `SELECT CAST(max(ds) FILTER (WHERE y IS NOT NULL) - DATE '1970-01-01' AS INTEGER) AS d, CAST(min(ds) AS VARCHAR) AS a FROM sales`))[0];
  if (last.d == null) return fail({ level: 'error', code: 'no_target', message: 'The sales table has no target value to build features from.', hint: 'Check the target column of the mapping.' });
  const cutoff = Number(last.d);
  // The future comes from the plan (the file's own future rows, else the baseline rule), read by the same
  // feature builder as the CLI's backtests and forecasts (`makeFeaturesAtSql`).
  let plan: string | undefined;
  let futureRows = 0;
  if (options.future) {
    const p = await createBaselinePlan(engine, { freq: mapping.freq, h, covariates: mapping.covariates });
    plan = p.table;
    futureRows = p.rows;
  }
  const end = dayToIso(addPeriods(cutoff, h, mapping.freq));
  let holidays: HolidayCalendar | undefined;
  if (used.holidays && used.holidays.country?.trim()) {
    const { country, region, types } = used.holidays;
    try {
      holidays = await loadHolidayCalendar({ country, region: region?.trim() || undefined, types }, { start: last.a, end });
    } catch (e) {
      holidays = { dates: [], issues: [{ level: 'error', code: 'holidays_failed', message: `The holiday calendar could not be loaded: ${e instanceof Error ? e.message : String(e)}`, where: 'holidays.country' }] };
    }
  } else if (used.holidays) used.holidays = { ...used.holidays, country: undefined };
  const sqlAt = await makeFeaturesAtSql(engine, { freq: mapping.freq, h, spec: used, covariates: mapping.covariates, strategy: options.strategy, ...(plan ? { plan } : {}), ...(holidays ? { holidays } : {}) });
  const { select, compiled } = await sqlAt(cutoff);
  issues.push(...compiled.issues);
  const sql = `CREATE OR REPLACE TABLE features AS\n${select}`;
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
