/**
 * User features: a DuckDB expression (or window expression) over `sales` columns. Checked on its tokens
 * (one scalar expression, allow-listed functions: src/lib/security) and then by DuckDB's planner.
 */
import type { Timing } from '../data/contract';
import { columnTiming, emptyOutput, fcol, type CompileContext, type FamilyOutput } from './featureColumn';
import type { CustomFeature } from './spec';
import { checkExpression } from '../security/checkExpression';
import type { SqlTokens } from '../security/sqlTokens';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const esc = (s: string) => s.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches a bare or double-quoted reference to column `c`. */
const ref = (c: string, flags = '') => new RegExp(`(^|[^\\w"])"?${esc(c)}"?(?![\\w"])`, flags);

/** Expression text with string literals blanked (so keywords inside quotes are ignored). */
function code(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''");
}

/** Why the name of `feature` is not acceptable, or null. */
function nameProblem(feature: CustomFeature): string | null {
  if (!NAME.test(feature.name))
    return `"${feature.name}" is not a valid name: use letters, digits and _ (not starting with a digit).`;
  if (feature.name.startsWith('_')) return `"${feature.name}": names starting with _ are reserved.`;
  return null;
}

/**
 * Why `feature` is refused before DuckDB plans it — a bad name, or an expression that is not one
 * allow-listed scalar expression (src/lib/security/checkExpression.ts) — with the line and column in the
 * expression; null when it may go on. `duckTokens`: DuckDB's tokens of `feature.sql`, when at hand.
 */
export function customFeatureProblem(feature: CustomFeature, duckTokens?: SqlTokens): { message: string; line?: number; column?: number } | null {
  const bad = nameProblem(feature);
  if (bad) return { message: bad };
  const p = checkExpression(feature.sql, { duckTokens });
  return p ? { ...p, message: `"${feature.name}": ${p.message}` } : null;
}

/** Returns why `feature` is not acceptable before DuckDB sees it (with its position), or null. */
export function checkCustomFeature(feature: CustomFeature): string | null {
  const p = customFeatureProblem(feature);
  return p ? p.message + (p.line ? ` (line ${p.line}, column ${p.column})` : '') : null;
}

/**
 * Timing of a custom expression: `past_only` if it reads y or a past-only covariate, with `lag` the
 * smallest k of `lag(col, k)` when every such read is wrapped that way (0 otherwise, and always with
 * `lead(`); `known_future` if it reads only known-future columns or `ds`; `static` otherwise.
 */
export function customTiming(sql: string, ctx: CompileContext): { timing: Timing; lag?: number } {
  const src = code(sql).toLowerCase();
  const cols = [...Object.keys(ctx.columns)].filter((c) => c !== 'unique_id');
  const used = cols.filter((c) => ref(c).test(src));
  const past = used.filter((c) => c === 'y' || (c !== 'ds' && columnTiming(ctx, c) === 'past_only'));
  if (past.length === 0) return { timing: used.length ? 'known_future' : 'static' };
  if (/\blead\s*\(/.test(src)) return { timing: 'past_only', lag: 0 };
  let lag = Infinity;
  for (const c of past) {
    const all = src.match(ref(c, 'g'))?.length ?? 0;
    const wrapped = [...src.matchAll(new RegExp(`\\blag\\s*\\(\\s*"?${esc(c)}"?\\s*(?:,\\s*(\\d+)\\s*)?\\)`, 'g'))];
    if (wrapped.length < all) return { timing: 'past_only', lag: 0 };
    for (const m of wrapped) lag = Math.min(lag, m[1] === undefined ? 1 : Number(m[1]));
  }
  return { timing: 'past_only', lag };
}

/** Compiles user features over the base stage (raw `sales` columns, raw `y`). */
export function customFeatures(features: CustomFeature[], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  const items: string[] = [];
  for (const f of features) {
    const why = checkCustomFeature(f);
    if (why) {
      out.issues.push({ level: 'error', code: 'custom_feature_rejected', message: why, where: f.name });
      continue;
    }
    const { timing, lag } = customTiming(f.sql, ctx);
    if (/\bover\b/i.test(code(f.sql)) && !/partition\s+by\s+"?unique_id/i.test(code(f.sql)))
      out.issues.push({
        level: 'warning',
        code: 'custom_window_across_series',
        message: `"${f.name}" uses a window without PARTITION BY unique_id, so it mixes series.`,
        where: f.name,
      });
    items.push(`TRY_CAST((${f.sql}) AS DOUBLE) AS ${fcol(f.name)}`);
    out.columns.push({
      name: f.name,
      family: 'custom',
      timing,
      categorical: false,
      ...(lag === undefined ? {} : { lag }),
      description: f.sql,
    });
  }
  out.stages = [items];
  return out;
}
