/**
 * `SqlEngine` over DuckDB-WASM's blocking Node bindings (the same engine and SQL as the browser worker).
 * Node only: import it from Node entry points (CLI, tests), never from code bundled for the browser.
 */
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import type { ArrowLikeTable, SqlEngine } from '../data/engine';

const require = createRequire(import.meta.url);

/** Opens an in-memory DuckDB-WASM database in Node (~1 s); files are read by absolute path. */
export async function openNodeEngine(): Promise<SqlEngine> {
  const bundles = {
    mvp: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  return {
    async exec(sql: string) {
      conn.query(sql);
    },
    async query(sql: string) {
      return conn.query(sql) as unknown as ArrowLikeTable;
    },
    async close() {
      conn.close();
    },
  };
}
