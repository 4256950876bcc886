/**
 * `SqlEngine` over DuckDB-WASM's blocking Node bindings (the same engine and SQL as the browser worker).
 * Node only: import it from Node entry points (CLI, tests), never from code bundled for the browser.
 */
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import type { ArrowLikeTable, SqlEngine } from '../data/engine';

const require = createRequire(import.meta.url);

/** The Node engine: also takes Arrow IPC (JSON / Parquet uploads) and registers a file's bytes under a name. */
export interface NodeEngine extends SqlEngine {
  insertIpc(table: string, ipc: Uint8Array): Promise<void>;
  /** Registers `bytes` so `read_csv(path)` finds them (as the browser worker registers an upload). */
  registerFile(path: string, bytes: Uint8Array): Promise<void>;
}

/** Opens an in-memory DuckDB-WASM database in Node (~1 s); files are read by absolute path or registered. */
export async function openNodeEngine(): Promise<NodeEngine> {
  const bundles = {
    mvp: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  // As in the studio's worker: no extension is fetched from DuckDB's server on first use (a request
  // off the machine, and a hang offline). JSON and Parquet go through apache-arrow / parquet-wasm.
  conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
  return {
    async exec(sql: string) {
      conn.query(sql);
    },
    async query(sql: string) {
      return conn.query(sql) as unknown as ArrowLikeTable;
    },
    async insertIpc(table: string, ipc: Uint8Array) {
      conn.query(`DROP TABLE IF EXISTS "${table.replace(/"/g, '""')}"`);
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async registerFile(path: string, bytes: Uint8Array) {
      db.registerFileBuffer(path, bytes);
    },
    async close() {
      conn.close();
    },
  };
}
