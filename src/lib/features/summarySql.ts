/**
 * Queries over the `features` table for the Features view: a per-feature summary and a preview.
 */
import type { FeatureColumn } from './featureColumn';
import { ident, literal } from './featureColumn';

/**
 * One query returning a row per feature: `feature`, `missing_share` (0…1), `min`, `max`, `mean`
 * (all DOUBLE), in the order of `columns`.
 */
export function featureSummarySql(columns: Array<Pick<FeatureColumn, 'name'>>, table = 'features'): string {
  if (columns.length === 0) return `SELECT NULL::VARCHAR AS feature, NULL::DOUBLE AS missing_share, NULL::DOUBLE AS min, NULL::DOUBLE AS max, NULL::DOUBLE AS mean WHERE false`;
  const parts = columns.map((c, i) => {
    const v = ident(c.name);
    return `SELECT ${i} AS _i, ${literal(c.name)} AS feature,
    CAST(avg(CASE WHEN ${v} IS NULL THEN 1 ELSE 0 END) AS DOUBLE) AS missing_share,
    CAST(min(${v}) AS DOUBLE) AS min, CAST(max(${v}) AS DOUBLE) AS max, CAST(avg(${v}) AS DOUBLE) AS mean FROM ${ident(table)}`;
  });
  return `SELECT feature, missing_share, min, max, mean FROM (\n${parts.join('\nUNION ALL\n')}\n) ORDER BY _i`;
}

/** The first `limit` rows of `table` (ordered by unique_id, ds), optionally for one series. */
export function featurePreviewSql(options: { limit?: number; uniqueId?: string; table?: string } = {}): string {
  const { limit = 50, uniqueId, table = 'features' } = options;
  const where = uniqueId === undefined ? '' : ` WHERE unique_id = ${literal(uniqueId)}`;
  return `SELECT * FROM ${ident(table)}${where} ORDER BY unique_id, ds LIMIT ${Math.max(0, Math.floor(limit))}`;
}
