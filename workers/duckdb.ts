/** DuckDB-WASM (eh bundle) started lazily inside the db worker, behind the SqlEngine interface. */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { ArrowLikeTable, SqlEngine } from '../src/lib/data/engine';
import type { SqlTokens } from '../src/lib/security/sqlTokens';
import { lockDownEngine } from '../src/lib/security/engineLockdown';

export { UPLOAD_DIR, uploadPath } from '../src/lib/security/engineLockdown';

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
    // No extension downloads, no file outside /uploads/ (so no URL), configuration locked: see engineLockdown.ts.
    await lockDownEngine((sql) => conn.query(sql));
    const engine: SqlEngine & { tokenize(sql: string): Promise<SqlTokens> } = {
      tokenize: (sql) => db.tokenize(sql),
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
