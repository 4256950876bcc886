/**
 * A last gate in front of the studio's DuckDB connection: statements that install or load extensions,
 * attach databases, copy or export to files, or change settings are never sent by the studio, so any
 * such statement reaching the engine is refused before DuckDB sees it (the lock-down in
 * engineLockdown.ts would refuse most of them too; `INSTALL` alone is otherwise a silent no-op).
 */
import { lexSql, SqlLexError } from './sqlTokens';

/** First keywords of statements the studio never runs. */
export const BLOCKED_STATEMENTS: ReadonlySet<string> = new Set(['install', 'load', 'attach', 'detach', 'copy', 'export', 'import', 'set', 'reset', 'pragma', 'call', 'use', 'checkpoint', 'force']);

/** Why `sql` must not run (the first blocked statement in it), or null. */
export function blockedStatement(sql: string): string | null {
  let tokens;
  try {
    tokens = lexSql(sql);
  } catch (e) {
    if (e instanceof SqlLexError) return `Refused: the SQL could not be read safely (${e.message}).`;
    throw e;
  }
  let first = true;
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    if (t.kind === 'op' && t.text === ';') {
      first = true;
      continue;
    }
    if (first && t.kind === 'word' && BLOCKED_STATEMENTS.has(t.text.toLowerCase()))
      return `Refused: ${t.text.toUpperCase()} statements are not run by the studio — no extension, file export, attached database or setting can be changed.`;
    if (first && !(t.kind === 'op' && t.text === '(')) first = false;
  }
  return null;
}
