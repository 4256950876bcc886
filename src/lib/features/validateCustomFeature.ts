/**
 * Tries a custom feature on DuckDB without computing it (LIMIT 0) and turns DuckDB's error text into a
 * message with the line and column inside the user's expression.
 */
import { checkCustomFeature } from './customFeatures';
import type { CustomFeature } from './spec';

/** Anything that runs SQL: the Node test db or the worker's connection (sync or async). */
export interface SqlRunner {
  query(sql: string): unknown;
}

export type CustomFeatureCheck = { ok: true } | { ok: false; message: string; line?: number; column?: number };

/** Line (1-based within the expression) and column of a DuckDB "LINE n:" error, when present. */
export function errorPosition(message: string, exprLines: string[], firstLine: number): { line?: number; column?: number } {
  const m = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return {};
  const line = Number(m[1]) - firstLine + 1;
  if (line < 1 || line > exprLines.length) return {};
  const shown = m[2].replace(/^\.\.\./, '');
  const caret = m[3].length - `LINE ${m[1]}: `.length - (m[2].length - shown.length);
  const at = exprLines[line - 1].indexOf(shown);
  return at < 0 ? { line } : { line, column: at + caret + 1 };
}

/**
 * Validates `feature` statically, then asks DuckDB to plan it over `sales`. Never throws for a bad
 * expression: the result carries DuckDB's message (without the "LINE" excerpt) and the position.
 */
export async function validateCustomFeature(db: SqlRunner, feature: CustomFeature): Promise<CustomFeatureCheck> {
  const why = checkCustomFeature(feature);
  if (why) return { ok: false, message: why };
  const lines = feature.sql.split('\n');
  const sql = `SELECT unique_id, ds,\n${feature.sql}\nAS _custom FROM sales LIMIT 0`;
  try {
    await db.query(sql);
    return { ok: true };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const message = text.split('\n\nLINE')[0].replace(/^Error: /, '').trim();
    return { ok: false, message: `"${feature.name}": ${message}`, ...errorPosition(text, lines, 2) };
  }
}
