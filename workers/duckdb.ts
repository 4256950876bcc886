/** DuckDB-WASM (eh bundle) started lazily inside the db worker, behind the SqlEngine interface. */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { ArrowLikeTable, SqlEngine } from '../src/lib/data/engine';

export interface Duck {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
  engine: SqlEngine;
}

let started: Promise<Duck> | null = null;

export function duck(): Promise<Duck> {
  started ??= (async () => {
    const worker = new Worker(ehWorker);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(ehWasm);
    const conn = await db.connect();
    // Never fetch extensions from a server: the studio makes no request outside its own origin.
    await conn.query('SET autoload_known_extensions = false');
    await conn.query('SET autoinstall_known_extensions = false');
    const engine: SqlEngine = {
      async exec(sql) {
        await conn.query(sql);
      },
      async query(sql) {
        return (await conn.query(sql)) as unknown as ArrowLikeTable;
      },
      async insertIpc(table, ipc) {
        await conn.query(`DROP TABLE IF EXISTS "${table}"`);
        await conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
      },
    };
    return { db, conn, engine };
  })();
  return started;
}
