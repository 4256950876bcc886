/** DuckDB-WASM (eh bundle) started lazily inside the db worker, behind the SqlEngine interface. */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import type { ArrowLikeTable, SqlEngine } from '../src/lib/data/engine';
import type { SqlTokens } from '../src/lib/security/sqlTokens';
import { lockDownEngine } from '../src/lib/security/engineLockdown';
import { blockedStatement } from '../src/lib/security/statementGuard';

export { UPLOAD_DIR, uploadPath } from '../src/lib/security/engineLockdown';

export interface Duck {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
  engine: SqlEngine;
}

let started: Promise<Duck> | null = null;

/** Throws for a statement the studio never runs (statementGuard.ts). */
function guard(sql: string): void {
  const why = blockedStatement(sql);
  if (why) throw new Error(why);
}

export function duck(): Promise<Duck> {
  started ??= (async () => {
    // DuckDB's worker with the network guard loaded first (duckdbWorker.ts).
    const worker = new Worker(new URL('./duckdbWorker.ts', import.meta.url), { type: 'module', name: 'duckdb' });
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(ehWasm);
    const conn = await db.connect();
    // No extension downloads, no file outside /uploads/ (so no URL), configuration locked: see engineLockdown.ts.
    await lockDownEngine((sql) => conn.query(sql));
    const engine: SqlEngine & { tokenize(sql: string): Promise<SqlTokens> } = {
      tokenize: (sql) => db.tokenize(sql),
      async exec(sql) {
        guard(sql);
        await conn.query(sql);
      },
      async query(sql) {
        guard(sql);
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
