/**
 * Step 4: the feature frame as of a cutoff, for backtests and the final forecast. The feature SQL reads a
 * masked `sales` (a CTE shadowing the table): y is NULL after the cutoff (and on excluded rows such as
 * closed days), past-only covariates are NULL after the cutoff, and rows stop at cutoff + h.
 */
import { addPeriods, dayToIso, type CovariateMeta, type DataIssue, type Freq } from '../data/contract';
import { compileFeatures, frameFromArrow, type CompiledFeatures, type FeatureColumn, type FeatureSpec, type HolidayCalendar } from '../features';
import { ident, literal } from '../features/featureColumn';
import type { FeatureFrame } from '../models/protocol';
import type { FrameMeta } from '../models/global';
import { tableColumns, tableExists } from './loadCsv';
import type { SqlEngine } from './sqlEngine';

/** Rows whose target is hidden from the features and the models (e.g. `{ column: 'open', value: '0' }`). */
export interface ExcludeRows {
  column: string;
  /** Compared as a number for numeric columns (`0` matches 0.0), as text otherwise. */
  value: string;
}

/** Options of {@link makeFeaturesAt}. */
export interface FeaturesAtOptions {
  freq: Freq;
  h: number;
  spec: FeatureSpec;
  covariates?: CovariateMeta[];
  /** Series order of the frame's `seriesIndex` (normally the TrainData's ids). */
  seriesIds: string[];
  /** Rows whose y is treated as missing (not trained on, not in lags). */
  exclude?: ExcludeRows;
  /** Receives the compiler's issues once (warnings about skipped features). */
  onIssues?: (issues: DataIssue[]) => void;
  /**
   * Table `plan(unique_id, ds, <known-future covariates…>)` holding the future: rows after the cutoff come
   * from it (y NULL, past-only covariates NULL) instead of from `sales`, so the feature SQL derives promotion
   * timing, discount depth and price ratios from the plan exactly as it does from the history.
   */
  plan?: string;
  /** Holiday calendar for a spec that names a country (see `loadHolidayCalendar`). */
  holidays?: HolidayCalendar;
  /** Lag strategy (default `direct`: lags at least one horizon back). */
  strategy?: 'direct' | 'recursive';
}

/** Per-call options of the function {@link makeFeaturesAt} returns. */
export interface FeaturesAtCall {
  /** Plan table for this call (overrides `FeaturesAtOptions.plan`). */
  plan?: string;
  /** Keep only this many periods of history before the cutoff (fast re-forecasts; features looking further back change). */
  history?: number;
  /** Return only the rows after the cutoff (the future rows a model predicts). */
  futureOnly?: boolean;
  /** Spec for this call (e.g. without the lag family when those columns are kept from an earlier frame). */
  spec?: FeatureSpec;
  /** Build only these series' rows (a re-forecast of the series a plan edit reaches; see `planReach`). */
  series?: string[];
}

/** A FeatureFrame carrying its column metadata and series ids (see `FrameMeta`). */
export type MetaFrame = FeatureFrame & FrameMeta;

/** The feature SQL as of a cutoff: the SELECT over the masked `sales`, and what the compiler emitted. */
export interface FeaturesAtSql {
  /** `WITH sales AS (<masked sales or plan source>), … SELECT …` ordered by unique_id, ds. */
  select: string;
  compiled: CompiledFeatures;
}

/**
 * Returns `featuresAtSql(cutoff)`: the SQL of the frame with rows up to cutoff + h and no value after the
 * cutoff (the future read from the plan when there is one). The studio's Features step creates its
 * `features` table from it, the backtests and the forecasts query it through {@link makeFeaturesAt}.
 */
export async function makeFeaturesAtSql(engine: SqlEngine, options: Omit<FeaturesAtOptions, 'seriesIds' | 'onIssues'>): Promise<(cutoff: number, call?: FeaturesAtCall) => Promise<FeaturesAtSql>> {
  const columns = await tableColumns(engine, 'sales');
  const seriesColumns = (await tableExists(engine, 'series'))
    ? Object.keys(await tableColumns(engine, 'series')).filter((c) => c !== 'unique_id')
    : [];
  const past = (options.covariates ?? []).filter((c) => c.timing === 'past_only' && c.name in columns).map((c) => c.name);
  return async (cutoff: number, call: FeaturesAtCall = {}) => {
    const iso = dayToIso(cutoff);
    const plan = call.plan ?? options.plan;
    const end = dayToIso(addPeriods(cutoff, options.h, options.freq));
    const compiled = compileFeatures(call.spec ?? options.spec, {
      columns, covariates: options.covariates, seriesColumns, freq: options.freq, h: options.h, strategy: options.strategy ?? 'direct', trainEnd: iso,
      ...(options.holidays ? { holidays: options.holidays } : {}),
    });
    const after = `ds > DATE ${literal(iso)}`;
    const ex = options.exclude ? ` OR ${matches(options.exclude, columns)}` : '';
    const replace = [`CASE WHEN ${after}${ex} THEN NULL ELSE y END AS y`, ...past.map((c) => `CASE WHEN ${after} THEN NULL ELSE ${ident(c)} END AS ${ident(c)}`)];
    const only = call.series ? ` AND unique_id IN (${call.series.length ? call.series.map(literal).join(', ') : 'NULL'})` : '';
    const from = (call.history !== undefined ? ` AND ds > DATE ${literal(dayToIso(addPeriods(cutoff, -call.history, options.freq)))}` : '') + only;
    const masked = plan ? await planSource(engine, { plan, columns, replace, cutoff: iso, end, from, only }) : `sales AS (SELECT * REPLACE (${replace.join(', ')}) FROM main.sales WHERE ds <= DATE ${literal(end)}${from})`;
    if (!compiled.select.startsWith('WITH ')) throw new Error('featuresAt: unexpected feature SQL');
    const sql = `WITH ${masked}, ${compiled.select.slice(5)}`;
    return { select: call.futureOnly ? `SELECT * FROM (${sql}) WHERE ds > DATE ${literal(iso)} ORDER BY unique_id, ds` : sql, compiled };
  };
}

/** Returns `featuresAt(cutoff)`: the frame with rows up to cutoff + h and no value after the cutoff. */
export async function makeFeaturesAt(engine: SqlEngine, options: FeaturesAtOptions): Promise<(cutoff: number, call?: FeaturesAtCall) => Promise<MetaFrame>> {
  const sqlAt = await makeFeaturesAtSql(engine, options);
  let reported = false;
  return async (cutoff: number, call: FeaturesAtCall = {}) => {
    const { select, compiled } = await sqlAt(cutoff, call);
    if (!reported) (reported = true), options.onIssues?.(compiled.issues);
    const frame = frameFromArrow(await engine.query(select), compiled.columns, { seriesIds: options.seriesIds });
    return { ...frame, meta: compiled.columns, ids: options.seriesIds } satisfies MetaFrame;
  };
}

/**
 * The `sales` CTE reading the future from a plan: history rows up to the cutoff that the plan does not
 * cover, then the plan's rows up to cutoff + h with y NULL (columns the plan lacks are NULL).
 */
async function planSource(engine: SqlEngine, o: { plan: string; columns: Record<string, string>; replace: string[]; cutoff: string; end: string; from: string; only: string }): Promise<string> {
  const planCols = await tableColumns(engine, o.plan);
  const known = Object.keys(planCols).filter((c) => c !== 'unique_id' && c !== 'ds' && c !== 'y' && c in o.columns);
  const p = ident(o.plan);
  const future = [`p.unique_id`, `CAST(p.ds AS DATE) AS ds`, `CAST(NULL AS DOUBLE) AS y`, ...known.map((c) => `CAST(p.${ident(c)} AS ${o.columns[c]}) AS ${ident(c)}`)];
  return `sales AS (SELECT * REPLACE (${o.replace.join(', ')}) FROM main.sales s WHERE ds <= DATE ${literal(o.cutoff)}${o.from}
      AND NOT EXISTS (SELECT 1 FROM ${p} q WHERE q.unique_id = s.unique_id AND CAST(q.ds AS DATE) = s.ds)
    UNION ALL BY NAME
    SELECT ${future.join(', ')} FROM ${p} p WHERE CAST(p.ds AS DATE) <= DATE ${literal(o.end)}${o.only.replace('unique_id', 'p.unique_id')})`;
}

/** SQL condition "the column equals the value": numerically for numeric columns, as text otherwise. */
function matches(rule: ExcludeRows, columns: Record<string, string>): string {
  const c = ident(rule.column);
  const type = columns[rule.column];
  if (type === undefined) throw new Error(`featuresAt: sales has no column "${rule.column}"`);
  const num = Number(rule.value);
  return /CHAR|TEXT|STRING/i.test(type) || !Number.isFinite(num) ? `CAST(${c} AS VARCHAR) = ${literal(rule.value)}` : `TRY_CAST(${c} AS DOUBLE) = ${num}`;
}

/** The compiled feature columns for `options` (for reports and importance tables). */
export function featureColumns(columns: Record<string, string>, options: Omit<FeaturesAtOptions, 'seriesIds'>): FeatureColumn[] {
  return compileFeatures(options.spec, { columns, covariates: options.covariates, freq: options.freq, h: options.h, strategy: 'direct' }).columns;
}
