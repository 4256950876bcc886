/** The few things the data code needs from DuckDB, so it runs the same in the worker and in Node tests. */
export interface ArrowLikeTable {
  numRows: number;
  schema: { fields: { name: string; type: unknown }[] };
  getChild(name: string): { get(i: number): unknown; toArray(): ArrayLike<unknown> } | null;
}

export interface SqlEngine {
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<ArrowLikeTable>;
  /** Creates (or replaces) `table` from Arrow IPC stream bytes. */
  insertIpc?(table: string, ipc: Uint8Array): Promise<void>;
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

/** DuckDB's message without its internal prefix, for showing to the user. */
export function engineMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^(Invalid Input|Conversion|Parser|Binder|Catalog|IO|Not implemented|Parameter Not Allowed) Error: /, '').split('\n')[0].slice(0, 300);
}
