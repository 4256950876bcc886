/**
 * Native DuckDB (`@duckdb/node-api`, the same DuckDB 1.4.3 as the wasm build) behind the pipeline's
 * `SqlEngine`, so the studio's own SQL (read_csv, prepareSales, compileFeatures) runs unchanged on the
 * reference engine.
 *
 * The package is not a project dependency (its per-platform bindings broke `npm ci` on other machines), so
 * it is loaded at run time: from the project's node_modules if present, else from `BENCH_NATIVE_DIR`
 * (default `.bench/native`, git-ignored), where the bench installs it on first use with
 * `npm install --prefix .bench/native @duckdb/node-api@1.4.3-r.3` (the registry must be reachable once).
 */
import { createRequire } from 'node:module';
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArrowLikeTable, SqlEngine } from '../../src/lib/pipeline';

/** The few parts of @duckdb/node-api the bench uses (typed here: the package may be absent at type-check time). */
interface Reader {
  columnNames(): string[];
  columnTypes(): unknown[];
  getColumnsJS(): unknown[][];
}
interface Connection {
  runAndReadAll(sql: string): Promise<Reader>;
  extractStatements(sql: string): Promise<{ count: number; prepare(i: number): Promise<{ run(): Promise<unknown> }> }>;
  closeSync(): void;
}
interface NodeApi {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<Connection>; closeSync(): void }> };
}

export interface NativeDb {
  engine: SqlEngine;
  run(sql: string): Promise<void>;
  /** First column of the first row. */
  scalar(sql: string): Promise<unknown>;
  close(): void;
}

export const NATIVE_DIR = resolve(process.env.BENCH_NATIVE_DIR ?? '.bench/native');
const NATIVE_SPEC = '@duckdb/node-api@1.4.3-r.3';

let api: NodeApi | null = null;

/** Loads @duckdb/node-api (project first, then NATIVE_DIR); throws with what to do when it is nowhere. */
export function loadNodeApi(): NodeApi {
  if (api) return api;
  for (const base of [import.meta.url, join(NATIVE_DIR, 'package.json')]) {
    try {
      api = createRequire(base)('@duckdb/node-api') as NodeApi;
      return api;
    } catch {
      /* try the next place */
    }
  }
  if (!existsSync(join(NATIVE_DIR, 'node_modules/@duckdb/node-api'))) {
    try {
      console.error(`› installing the native reference engine (${NATIVE_SPEC}) into ${NATIVE_DIR}`);
      execSync(`npm install --no-audit --no-fund --no-save --prefix "${NATIVE_DIR}" ${NATIVE_SPEC}`, { stdio: ['ignore', 'ignore', 'inherit'] });
      api = createRequire(join(NATIVE_DIR, 'package.json'))('@duckdb/node-api') as NodeApi;
      return api;
    } catch {
      /* fall through to the message */
    }
  }
  throw new Error(`native DuckDB (@duckdb/node-api) not found: install it with \`npm install --prefix ${NATIVE_DIR} ${NATIVE_SPEC}\``);
}

/** A column of plain JS values dressed as the Arrow vector the pipeline reads. */
function vector(values: unknown[]) {
  return {
    length: values.length,
    nullCount: values.reduce<number>((n, v) => n + (v == null ? 1 : 0), 0),
    toArray: () => values,
    get: (i: number) => values[i],
    isValid: (i: number) => values[i] != null,
  };
}

/** Opens an in-memory native DuckDB; `threads` defaults to DuckDB's own choice (all cores). */
export async function openNativeDb(threads?: number): Promise<NativeDb> {
  const { DuckDBInstance } = loadNodeApi();
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const conn = await instance.connect();
  const run = async (sql: string) => {
    // The studio's code sometimes sends several statements in one string.
    const extracted = await conn.extractStatements(sql);
    for (let i = 0; i < extracted.count; i++) await (await extracted.prepare(i)).run();
  };
  return {
    run,
    async scalar(sql) {
      const r = await conn.runAndReadAll(sql);
      return r.getColumnsJS()[0]?.[0];
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
    engine: {
      exec: run,
      async query(sql: string): Promise<ArrowLikeTable> {
        const r = await conn.runAndReadAll(sql);
        const names = r.columnNames();
        const cols = r.getColumnsJS();
        const types = r.columnTypes();
        return {
          numRows: cols[0]?.length ?? 0,
          schema: { fields: names.map((name, i) => ({ name, type: String(types[i]) })) },
          getChild: (name: string) => {
            const i = names.indexOf(name);
            return i < 0 ? null : vector(cols[i]);
          },
        };
      },
    },
  };
}
