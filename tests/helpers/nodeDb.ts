/**
 * DuckDB-WASM's blocking Node bindings for unit tests: the same engine and SQL as the browser worker.
 * `query(sql)` returns plain row objects (BigInt converted to number) — fine for tiny test tables.
 */
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import type { ArrowLikeTable, SqlEngine } from '../../src/lib/data/engine';
import { lockDownEngine } from '../../src/lib/security/engineLockdown';
import type { SqlTokens } from '../../src/lib/security/sqlTokens';

const require = createRequire(import.meta.url);

export interface TestDb {
  query<T = Record<string, unknown>>(sql: string): T[];
  exec(sql: string): void;
  /** Registers a file's bytes under `name` so `read_csv('name')` finds it. */
  registerBuffer(name: string, bytes: Uint8Array): void;
  close(): void;
  /** The same connection behind the engine interface the studio's data code uses. */
  engine: SqlEngine & { tokenize(sql: string): Promise<SqlTokens> };
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

/** Options of {@link openTestDb}. */
export interface TestDbOptions {
  /** Apply the studio's engine lock-down (engineLockdown.ts): files only under /uploads/, no extensions, config locked. */
  lockDown?: boolean;
}

export async function openTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const bundles = {
    mvp: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  // Extensions (json, parquet…) would be fetched from a server: the studio never does that.
  conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
  if (options.lockDown) await lockDownEngine((sql) => conn.query(sql));
  return {
    query<T>(sql: string): T[] {
      const table = conn.query(sql);
      const names = table.schema.fields.map((f) => f.name);
      const out: T[] = [];
      for (let i = 0; i < table.numRows; i++) {
        const row: Record<string, unknown> = {};
        for (const n of names) {
          const col = table.getChild(n)!;
          const t = String(table.schema.fields.find((f) => f.name === n)!.type);
          let v = col.get(i);
          if (v != null && t.startsWith('Date')) v = new Date(Number(v)).toISOString().slice(0, 10);
          row[n] = plain(v);
        }
        out.push(row as T);
      }
      return out;
    },
    exec(sql: string) {
      conn.query(sql);
    },
    registerBuffer(name: string, bytes: Uint8Array) {
      db.registerFileBuffer(name, bytes);
    },
    close() {
      conn.close();
    },
    engine: {
      async tokenize(sql: string) {
        return db.tokenize(sql);
      },
      async exec(sql: string) {
        conn.query(sql);
      },
      async query(sql: string) {
        return conn.query(sql) as unknown as ArrowLikeTable;
      },
      async insertIpc(table: string, ipc: Uint8Array) {
        conn.query(`DROP TABLE IF EXISTS "${table}"`);
        conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
      },
    },
  };
}
