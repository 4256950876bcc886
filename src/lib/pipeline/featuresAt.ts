/**
 * Step 4: the feature frame as of a cutoff, for backtests and the final forecast. The feature SQL reads a
 * masked `sales` (a CTE shadowing the table): y is NULL after the cutoff (and on excluded rows such as
 * closed days), past-only covariates are NULL after the cutoff, and rows stop at cutoff + h.
 */
import { addPeriods, dayToIso, type CovariateMeta, type DataIssue, type Freq } from '../data/contract';
import { compileFeatures, frameFromArrow, type FeatureColumn, type FeatureSpec } from '../features';
import { ident, literal } from '../features/featureColumn';
import type { FeatureFrame } from '../models/protocol';
import type { FrameMeta } from '../models/global';
import { tableColumns } from './loadCsv';
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
}

/** A FeatureFrame carrying its column metadata and series ids (see `FrameMeta`). */
export type MetaFrame = FeatureFrame & FrameMeta;

/** Returns `featuresAt(cutoff)`: the frame with rows up to cutoff + h and no value after the cutoff. */
export async function makeFeaturesAt(engine: SqlEngine, options: FeaturesAtOptions): Promise<(cutoff: number) => Promise<MetaFrame>> {
  const columns = await tableColumns(engine, 'sales');
  const seriesColumns = (await engine.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'series'`).then((t) => Number(t.getChild('n')!.toArray()[0]))) > 0
    ? Object.keys(await tableColumns(engine, 'series')).filter((c) => c !== 'unique_id')
    : [];
  const past = (options.covariates ?? []).filter((c) => c.timing === 'past_only' && c.name in columns).map((c) => c.name);
  let reported = false;
  return async (cutoff: number) => {
    const iso = dayToIso(cutoff);
    const end = dayToIso(addPeriods(cutoff, options.h, options.freq));
    const compiled = compileFeatures(options.spec, {
      columns, covariates: options.covariates, seriesColumns, freq: options.freq, h: options.h, strategy: 'direct', trainEnd: iso,
    });
    if (!reported) (reported = true), options.onIssues?.(compiled.issues);
    const after = `ds > DATE ${literal(iso)}`;
    const ex = options.exclude ? ` OR ${matches(options.exclude, columns)}` : '';
    const replace = [`CASE WHEN ${after}${ex} THEN NULL ELSE y END AS y`, ...past.map((c) => `CASE WHEN ${after} THEN NULL ELSE ${ident(c)} END AS ${ident(c)}`)];
    const masked = `sales AS (SELECT * REPLACE (${replace.join(', ')}) FROM main.sales WHERE ds <= DATE ${literal(end)})`;
    if (!compiled.select.startsWith('WITH ')) throw new Error('featuresAt: unexpected feature SQL');
    const table = await engine.query(`WITH ${masked}, ${compiled.select.slice(5)}`);
    const frame = frameFromArrow(table, compiled.columns, { seriesIds: options.seriesIds });
    return { ...frame, meta: compiled.columns, ids: options.seriesIds } satisfies MetaFrame;
  };
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
