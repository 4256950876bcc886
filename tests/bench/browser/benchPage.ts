/**
 * The bench page (built by tests/bench/bundle.ts, never part of the studio): a bare DuckDB-WASM — the
 * same eh bundle the studio's db worker starts, or the threaded coi bundle on a cross-origin-isolated
 * copy of the page — and a TF.js worker, driven from Playwright through `window.__bench`.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthread from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { parquetToIpc } from '../../../src/lib/data/fileToArrow';
import type { Throughput, ThroughputOptions } from '../tfBench';

let db: duckdb.AsyncDuckDB | null = null;
let conn: duckdb.AsyncDuckDBConnection | null = null;
let worker: Worker | null = null;

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

async function close() {
  await conn?.close().catch(() => undefined);
  await db?.terminate().catch(() => undefined);
  worker?.terminate();
  db = conn = worker = null;
}

const bench = {
  crossOriginIsolated: () => self.crossOriginIsolated,
  /** Starts a fresh DuckDB-WASM; returns milliseconds to a usable connection. */
  async open(kind: 'eh' | 'coi'): Promise<number> {
    await close();
    const t0 = performance.now();
    worker = new Worker(kind === 'eh' ? ehWorker : coiWorker);
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(kind === 'eh' ? ehWasm : coiWasm, kind === 'eh' ? null : coiPthread);
    conn = await db.connect();
    await conn.query('SET autoload_known_extensions = false');
    await conn.query('SET autoinstall_known_extensions = false');
    return performance.now() - t0;
  },
  close,
  /** Runs `sql`; returns its milliseconds and the first row of the result. */
  async run(sql: string): Promise<{ ms: number; row: Record<string, unknown> | null }> {
    const t0 = performance.now();
    const t = await conn!.query(sql);
    const ms = performance.now() - t0;
    const first = t.numRows ? (t.get(0)?.toJSON() as Record<string, unknown>) : null;
    return { ms, row: first ? Object.fromEntries(Object.entries(first).map(([k, v]) => [k, plain(v)])) : null };
  },
  /** fetch → bytes → `registerFileBuffer` (the studio's path: the bytes are copied into the wasm heap). */
  async registerBuffer(name: string, url: string): Promise<{ fetchMs: number; registerMs: number; bytes: number }> {
    const t0 = performance.now();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const t1 = performance.now();
    await db!.registerFileBuffer(name, bytes);
    return { fetchMs: t1 - t0, registerMs: performance.now() - t1, bytes: bytes.length };
  },
  /** fetch → Blob → `registerFileHandle` (DuckDB reads the Blob in place with FileReaderSync: no heap copy). */
  async registerHandle(name: string, url: string): Promise<{ fetchMs: number; registerMs: number }> {
    const t0 = performance.now();
    const blob = await (await fetch(url)).blob();
    const file = new File([blob], name);
    const t1 = performance.now();
    await db!.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    return { fetchMs: t1 - t0, registerMs: performance.now() - t1 };
  },
  /** The studio's Parquet path: parquet-wasm → Arrow IPC → `insertArrowFromIPCStream`. */
  async parquetTable(url: string, table: string): Promise<{ fetchMs: number; decodeMs: number; insertMs: number }> {
    const t0 = performance.now();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const t1 = performance.now();
    const r = await parquetToIpc(bytes, table, async (m) => {
      await m.default(parquetWasm);
    });
    if (!r.ipc) throw new Error(r.issues.map((i) => i.message).join('; '));
    const t2 = performance.now();
    await conn!.query(`DROP TABLE IF EXISTS "${table}"`);
    await conn!.insertArrowFromIPCStream(r.ipc, { name: table, create: true });
    return { fetchMs: t1 - t0, decodeMs: t2 - t1, insertMs: performance.now() - t2 };
  },
  /** MLP/LSTM training throughput per TF.js backend, in a module worker of this page. */
  tf(backends: string[], options: Record<string, ThroughputOptions>): Promise<Throughput[]> {
    const w = new Worker(new URL('./tfWorker.ts', import.meta.url), { type: 'module' });
    return new Promise<Throughput[]>((resolve, reject) => {
      w.onmessage = (e) => (w.terminate(), resolve(e.data as Throughput[]));
      w.onerror = (e) => (w.terminate(), reject(new Error(e.message || 'tf worker failed')));
      w.postMessage({ backends, options });
    });
  },
};

(globalThis as unknown as { __bench: typeof bench }).__bench = bench;
