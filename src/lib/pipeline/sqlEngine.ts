/**
 * The one SQL surface the pipeline needs, so the same steps run over DuckDB-WASM in a browser worker and
 * over the blocking DuckDB-WASM bindings in Node (`openNodeEngine`).
 */
import type { VectorLike } from '../features';

/** An Arrow table as far as the pipeline reads it (column-wise, never row objects). */
export interface ArrowLikeTable {
  numRows: number;
  getChild(name: string): VectorLike | null;
  schema: { fields: Array<{ name: string; type: unknown }> };
}

/** A SQL engine holding the `raw`, `sales`, `series` and `features` tables. */
export interface SqlEngine {
  /** Runs a statement and discards its result. */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its result as an Arrow table. */
  query(sql: string): Promise<ArrowLikeTable>;
  /** Releases the connection (optional). */
  close?(): Promise<void>;
}

/** Numbers of column `name` of `table` (BigInt → number; NULL → NaN). */
export function numbers(table: ArrowLikeTable, name: string): Float64Array {
  const v = table.getChild(name);
  if (!v) throw new Error(`query result has no column "${name}"`);
  const values = v.toArray();
  const out = new Float64Array(v.length);
  const checkNull = (v.nullCount ?? 0) > 0 && typeof v.isValid === 'function';
  for (let i = 0; i < v.length; i++) out[i] = checkNull && !v.isValid!(i) ? NaN : Number(values[i]);
  return out;
}

/** Strings of column `name` of `table` (NULL → ''). */
export function strings(table: ArrowLikeTable, name: string): string[] {
  const v = table.getChild(name);
  if (!v) throw new Error(`query result has no column "${name}"`);
  return Array.from(v.toArray(), (x) => (x === null || x === undefined ? '' : String(x)));
}
