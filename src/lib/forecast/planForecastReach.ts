/**
 * Which series a plan edit reaches, so that `forecastFromPlan` rebuilds only their future feature rows.
 * A series' own features (price ratios, promotion timing, calendar, holidays) read only its own plan rows;
 * the features that cross series read a group on the same date — the cross-item features (the items of a
 * category in one store, `crossItemFeatures`) and the price relative to the category's mean price — so an
 * edit of one series reaches every series that shares such a group with it. Plan rows are compared through a
 * digest per series taken from the fitted (baseline) plan.
 */
import { crossItemGroup, type FeatureSpec } from '../features';
import { ident, literal } from '../features/featureColumn';
import { tableColumns, tableExists } from '../pipeline/loadCsv';
import { strings, type SqlEngine } from '../pipeline/sqlEngine';

/** The fitted plan's fingerprint: the columns compared and a digest of each series' rows. */
export interface PlanDigest {
  columns: string[];
  bySeries: Map<string, string>;
}

/** Digest of each series' plan rows (dates and `columns`, in date order). */
async function digests(engine: SqlEngine, table: string, columns: string[]): Promise<Map<string, string>> {
  const cells = ['CAST(CAST(ds AS DATE) AS VARCHAR)', ...columns.map((c) => `coalesce(CAST(${ident(c)} AS VARCHAR), '\u2205')`)];
  const t = await engine.query(`SELECT CAST(unique_id AS VARCHAR) AS id, md5(string_agg(concat_ws('\u001f', ${cells.join(', ')}), '\u001e' ORDER BY ds)) AS d FROM ${ident(table)} GROUP BY 1`);
  const ids = strings(t, 'id');
  const ds = strings(t, 'd');
  return new Map(ids.map((id, i) => [id, ds[i]]));
}

/** Fingerprints the plan a forecaster was fitted with (every column but the keys). */
export async function planDigest(engine: SqlEngine, table: string): Promise<PlanDigest> {
  const columns = Object.keys(await tableColumns(engine, table)).filter((c) => c !== 'unique_id' && c !== 'ds').sort();
  return { columns, bySeries: await digests(engine, table, columns) };
}

/**
 * Groups of `series` attributes whose members' features read each other's plan rows under `spec`; null
 * when the reach cannot be known (a user's SQL feature may read any series).
 */
export function crossSeriesGroups(spec: FeatureSpec, seriesColumns: string[]): string[][] | null {
  if (spec.custom?.some((c) => !ownSeriesSql(c.sql))) return null;
  const groups: string[][] = [];
  if (spec.crossItem !== false) {
    const g = (spec.crossItem?.group ?? crossItemGroup(seriesColumns)).filter((c) => seriesColumns.includes(c));
    if (g.length) groups.push(g);
  }
  const cat = spec.price ? spec.price.categoryAttribute : undefined;
  if (cat && seriesColumns.includes(cat)) groups.push([cat]);
  return groups;
}

/**
 * Whether a user's SQL feature reads only its own series: no subquery, and every window partitioned by
 * `unique_id` first (a named window, or one over the whole date, may read any series).
 */
function ownSeriesSql(sql: string): boolean {
  if (/\bselect\b/i.test(sql)) return false;
  const windows = sql.match(/\bover\b/gi)?.length ?? 0;
  const own = sql.match(/\bover\s*\(\s*partition\s+by\s+"?unique_id"?(?![\w"])/gi)?.length ?? 0;
  return windows === own;
}

/**
 * The series whose future feature rows differ between the fitted plan and `table`: the series whose plan
 * rows changed and every series sharing a cross-series group with one of them. Null: rebuild every series
 * (the plan's columns or series differ from the fitted plan's, or the reach is unknown). Empty: no change.
 */
export async function planReach(engine: SqlEngine, table: string, fitted: PlanDigest, spec: FeatureSpec): Promise<string[] | null> {
  const cols = await tableColumns(engine, table);
  const have = Object.keys(cols).filter((c) => c !== 'unique_id' && c !== 'ds').sort();
  if (have.join('|') !== fitted.columns.join('|')) return null;
  const now = await digests(engine, table, fitted.columns);
  if (now.size !== fitted.bySeries.size) return null;
  const changed: string[] = [];
  for (const [id, d] of now) {
    const before = fitted.bySeries.get(id);
    if (before === undefined) return null;
    if (before !== d) changed.push(id);
  }
  if (!changed.length) return [];
  const seriesColumns = (await tableExists(engine, 'series')) ? Object.keys(await tableColumns(engine, 'series')).filter((c) => c !== 'unique_id') : [];
  const groups = crossSeriesGroups(spec, seriesColumns);
  if (!groups) return null;
  if (!groups.length) return changed.sort();
  const list = changed.map(literal).join(', ');
  const same = (g: string[]) => g.map((c) => `s.${ident(c)} IS NOT DISTINCT FROM c.${ident(c)}`).join(' AND ');
  const t = await engine.query(groups.map((g) => `SELECT CAST(s.unique_id AS VARCHAR) AS id FROM series s JOIN series c ON ${same(g)} WHERE CAST(c.unique_id AS VARCHAR) IN (${list})`).join(' UNION '));
  return [...new Set([...changed, ...strings(t, 'id')])].sort();
}
