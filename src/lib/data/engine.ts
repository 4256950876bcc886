/**
 * The one SQL surface of the studio and the CLI: the `SqlEngine` interface (DuckDB-WASM in the db worker,
 * the blocking DuckDB-WASM bindings in Node, or a remote engine reached over a message port), the one
 * quoting module (`ident`, `literal`) and the column readers every stage uses.
 */

/** An Arrow vector as far as the pipeline reads it. */
export interface VectorLike {
  length: number;
  get?(i: number): unknown;
  toArray(): ArrayLike<unknown>;
  nullCount?: number;
  isValid?(i: number): boolean;
}

/** An Arrow table as far as the pipeline reads it (column-wise, never row objects for big tables). */
export interface ArrowLikeTable {
  numRows: number;
  schema: { fields: Array<{ name: string; type: unknown }> };
  getChild(name: string): (VectorLike & { get(i: number): unknown }) | null;
}

/** A SQL engine holding the `raw`, `sales`, `series` and `features` tables. */
export interface SqlEngine {
  /** Runs a statement and discards its result. */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its result as an Arrow table. */
  query(sql: string): Promise<ArrowLikeTable>;
  /** Creates (or replaces) `table` from Arrow IPC stream bytes (engines that load files). */
  insertIpc?(table: string, ipc: Uint8Array): Promise<void>;
  /** Releases the connection (optional). */
  close?(): Promise<void>;
}

/** Quotes an identifier for DuckDB (column names may hold anything, even quotes or HTML). */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes a string literal for DuckDB. */
export function literal(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** Plain row objects for small results (BigInt → number); never use it for large tables. */
export async function rows<T = Record<string, unknown>>(engine: SqlEngine, sql: string): Promise<T[]> {
  const t = await engine.query(sql);
  const names = t.schema.fields.map((f) => f.name);
  const cols = names.map((n) => t.getChild(n)!);
  const out: T[] = new Array(t.numRows);
  for (let i = 0; i < t.numRows; i++) {
    const r: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) {
      const v = cols[j].get(i);
      r[names[j]] = typeof v === 'bigint' ? Number(v) : v;
    }
    out[i] = r as T;
  }
  return out;
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

/** DuckDB's message without its internal prefix, for showing to the user. */
export function engineMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^(Invalid Input|Conversion|Parser|Binder|Catalog|IO|Not implemented|Parameter Not Allowed) Error: /, '').split('\n')[0].slice(0, 300);
}

/** A small result as column names and plain cells (dates as ISO strings, BigInt as number). */
export interface PlainRows {
  columns: string[];
  rows: unknown[][];
}

function cell(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (/^Date/.test(type) && typeof v === 'number') return new Date(v).toISOString().slice(0, 10);
  return v;
}

/** Small query results as {@link PlainRows} (for previews and tests; never for big tables). */
export async function plainRows(engine: SqlEngine, sql: string): Promise<PlainRows> {
  const t = await engine.query(sql);
  const names = t.schema.fields.map((f) => f.name);
  const types = t.schema.fields.map((f) => String(f.type));
  const cols = names.map((n) => t.getChild(n)!);
  const out: unknown[][] = [];
  for (let i = 0; i < t.numRows; i++) out.push(cols.map((c, j) => cell(c.get(i), types[j])));
  return { columns: names, rows: out };
}
