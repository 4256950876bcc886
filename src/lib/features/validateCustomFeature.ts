/**
 * Checks a custom feature (tokens, then DuckDB's plan; nothing is computed) and turns DuckDB's error text into a
 * message with the line and column inside the user's expression.
 */
import { customFeatureProblem } from './customFeatures';
import { planProblem } from '../security/checkPlan';
import type { SqlTokens } from '../security/sqlTokens';
import type { CustomFeature } from './spec';

/** Anything that runs SQL: the Node test db or the worker's connection (sync or async); `tokenize` where DuckDB's tokenizer is at hand. */
export interface SqlRunner {
  query(sql: string): unknown;
  tokenize?(sql: string): unknown;
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
 * Validates `feature` on its tokens (customFeatureProblem: one allow-listed scalar expression, read the
 * same way by DuckDB's tokenizer when `db.tokenize` exists), then has DuckDB plan it over `sales`
 * (EXPLAIN: nothing runs) and refuses a plan that reads anything but the sales rows. Never throws for a
 * bad expression: the result carries the message and the position within the user's expression.
 */
export async function validateCustomFeature(db: SqlRunner, feature: CustomFeature): Promise<CustomFeatureCheck> {
  const duckTokens = db.tokenize ? ((await db.tokenize(feature.sql)) as SqlTokens) : undefined;
  const why = customFeatureProblem(feature, duckTokens);
  if (why) return { ok: false, ...why };
  const lines = feature.sql.split('\n');
  const sql = `SELECT unique_id, ds,\n${feature.sql}\nAS _custom FROM sales`;
  try {
    const bad = await planProblem(db, sql, 'sales');
    return bad ? { ok: false, message: `"${feature.name}": ${bad}` } : { ok: true };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const message = text.split('\n\nLINE')[0].replace(/^Error: /, '').trim();
    // EXPLAIN adds its own prefix on line 1 only; the expression starts on line 2 as before.
    return { ok: false, message: `"${feature.name}": ${message}`, ...errorPosition(text, lines, 2) };
  }
}
