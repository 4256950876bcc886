/**
 * Group 1 (issue 2): the 1M-row CSV into a table and a lag-7 + 28-day rolling-mean window query, in the
 * browser (the studio's db worker, and a bare DuckDB-WASM on the bench page for variants), in DuckDB-WASM
 * under Node, and in native DuckDB on the same files — with the wasm/native ratios.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { generateRetail, toCsv } from '../../src/lib/data/generator';
import { readSql } from '../../src/lib/data/ingest';
import { openNodeEngine } from '../../src/lib/pipeline/nodeEngine';
import type { BenchConfig, BenchContext } from './context';
import { openNativeDb } from './nativeDb';
import { fmt, message, timeMs, type Report } from './table';

const G = '1 data (issue 2)';
const GOAL = 'wasm ≤ 1.5× native';

/** Writes the generated retail CSV (and, with native DuckDB, its Parquet copy) into `dir`. */
export async function writeDataFiles(config: BenchConfig, dir: string, report: Report): Promise<{ csv: string; parquet: string | null; columns: Record<string, string> }> {
  const t0 = performance.now();
  const data = generateRetail({ stores: config.stores, items: config.items, days: config.days, seed: 7 });
  const csvText = toCsv(data);
  const csv = join(dir, 'retail.csv');
  writeFileSync(csv, csvText);
  report.meta['data file'] = `${data.rows.toLocaleString('en-US')} rows (${config.stores} stores × ${config.items} items × ${config.days} days), ${(csvText.length / 1e6).toFixed(1)} MB CSV, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  try {
    const db = await openNativeDb();
    try {
      await db.run(`CREATE TABLE raw AS SELECT * FROM read_csv('${csv}')`);
      const parquet = join(dir, 'retail.parquet');
      await db.run(`COPY raw TO '${parquet}' (FORMAT parquet)`);
      return { csv, parquet, columns: describe(await db.engine.query('DESCRIBE raw')) };
    } finally {
      db.close();
    }
  } catch (e) {
    report.undone.push(`No Parquet copy and no native figures: ${message(e)}`);
    const engine = await openNodeEngine();
    try {
      await engine.exec(`CREATE TABLE raw AS SELECT * FROM read_csv('${csv}')`);
      return { csv, parquet: null, columns: describe(await engine.query('DESCRIBE raw')) };
    } finally {
      await engine.close?.();
    }
  }
}

function describe(t: { getChild(name: string): { toArray(): ArrayLike<unknown> } | null }): Record<string, string> {
  const names = Array.from(t.getChild('column_name')!.toArray(), String);
  const types = Array.from(t.getChild('column_type')!.toArray(), String);
  return Object.fromEntries(names.map((n, i) => [n, types[i]]));
}

/** The window query: lag 7 and the 28-day trailing mean per series, summed so only one row comes back. */
export function windowSql(table = 'raw', partition = 'store, item'): string {
  return `SELECT count(*)::DOUBLE AS n, sum(lag7)::DOUBLE AS s_lag7, sum(roll28)::DOUBLE AS s_roll28 FROM (
  SELECT lag(sales, 7) OVER w AS lag7, avg(sales) OVER (w ROWS BETWEEN 27 PRECEDING AND CURRENT ROW) AS roll28
  FROM ${table} WINDOW w AS (PARTITION BY ${partition} ORDER BY date))`;
}

/** `raw` with sales as DOUBLE (the contract's y) and an integer series key: the layout the window variants use. */
const KEYED_SQL = 'CREATE OR REPLACE TABLE keyed AS SELECT (dense_rank() OVER (ORDER BY store, item))::INTEGER AS sid, store, item, date, sales::DOUBLE AS sales FROM raw';

/** The window query as given, with DOUBLE sales, and with DOUBLE sales partitioned by an integer key. */
export const WINDOW_VARIANTS: Record<string, string> = {
  window: windowSql(),
  window_double: windowSql('keyed'),
  window_intkey: windowSql('keyed', 'sid'),
};

/** The CSV read statements compared everywhere (`path` is a file path or a registered name). */
export function readVariants(path: string, columns: Record<string, string>): Record<string, string> {
  const cols = `{${Object.entries(columns).map(([n, t]) => `'${n}': '${t}'`).join(', ')}}`;
  const ctas = (from: string) => `CREATE OR REPLACE TABLE raw AS SELECT * FROM ${from}`;
  return {
    studio: ctas(readSql(path, 'csv', {})),
    auto: ctas(`read_csv('${path}')`),
    typed: ctas(`read_csv('${path}', header=true, columns=${cols})`),
  };
}

const VARIANT_LABEL: Record<string, string> = {
  studio: "read_csv with the studio's options (null_padding, store_rejects)",
  auto: 'read_csv, plain auto-detect',
  typed: 'read_csv, column types given up front',
};

type Timings = Record<string, number>;

/** Timings in ms (plus the thread count) and the window query's result, to check every engine computed the same. */
interface Measured {
  t: Timings;
  check: string;
}

/** Best-of-`n` milliseconds for each statement, run through `run` (which returns milliseconds). */
async function suite(run: (sql: string) => Promise<number>, sqls: Record<string, string>, n: number, out: Timings): Promise<void> {
  for (const [k, sql] of Object.entries(sqls)) {
    if (n === 1) await run(sql); // one untimed warm-up when only one run is timed
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(await run(sql));
    out[k] = Math.min(...xs);
  }
}

/** Native DuckDB with `threads` threads: every read variant, Parquet and the window query. */
async function nativeTimings(ctx: BenchContext, columns: Record<string, string>, threads: number | undefined): Promise<Measured> {
  const db = await openNativeDb(threads);
  try {
    const out: Timings = { threads: Number(await db.scalar("SELECT current_setting('threads')")) };
    const run = (sql: string) => timeMs(() => db.run(sql));
    await suite(run, readVariants(ctx.csvPath, columns), ctx.config.repeats, out);
    if (ctx.parquetPath) await suite(run, { parquet: `CREATE OR REPLACE TABLE raw AS SELECT * FROM read_parquet('${ctx.parquetPath}')` }, ctx.config.repeats, out);
    await db.run(readVariants(ctx.csvPath, columns).studio);
    await db.run(KEYED_SQL);
    await suite(run, WINDOW_VARIANTS, ctx.config.repeats, out);
    const r = await db.engine.query(windowSql());
    return { t: out, check: ['n', 's_lag7', 's_roll28'].map((c) => fmt(Number(r.getChild(c)!.toArray()[0]))).join(' / ') };
  } finally {
    db.close();
  }
}

/** DuckDB-WASM's blocking Node bindings (the eh wasm, no browser): the studio read and the window query. */
async function nodeWasmTimings(ctx: BenchContext, columns: Record<string, string>): Promise<Timings> {
  const engine = await openNodeEngine();
  try {
    const out: Timings = {};
    const run = (sql: string) => timeMs(() => engine.exec(sql));
    await suite(run, { studio: readVariants(ctx.csvPath, columns).studio, typed: readVariants(ctx.csvPath, columns).typed }, ctx.config.repeats, out);
    await engine.exec(readVariants(ctx.csvPath, columns).studio);
    await engine.exec(KEYED_SQL);
    await suite(run, WINDOW_VARIANTS, ctx.config.repeats, out);
    return out;
  } finally {
    await engine.close?.();
  }
}

type BenchPage = { run(sql: string): Promise<{ ms: number; row: Record<string, unknown> | null }> };

/** The bench page's bare DuckDB-WASM (eh, or coi with `threads`): read variants, no-copy handle, Parquet, window. */
async function browserTimings(ctx: BenchContext, page: Page, kind: 'eh' | 'coi', columns: Record<string, string>, threads?: number): Promise<Measured> {
  const out: Timings = {};
  let check = '';
  out.open = await page.evaluate((k) => (window as unknown as { __bench: { open(k: string): Promise<number> } }).__bench.open(k), kind);
  if (threads) await page.evaluate((n) => (window as unknown as { __bench: BenchPage }).__bench.run(`SET threads = ${n}`), threads);
  const reg = await page.evaluate(
    (url) => (window as unknown as { __bench: { registerBuffer(n: string, u: string): Promise<{ fetchMs: number; registerMs: number }> } }).__bench.registerBuffer('retail.csv', url),
    ctx.csvUrl,
  );
  out.fetchMs = reg.fetchMs;
  out.registerMs = reg.registerMs;
  const run = (sql: string) => page.evaluate((s) => (window as unknown as { __bench: BenchPage }).__bench.run(s).then((r) => r.ms), sql);
  const variants = readVariants('retail.csv', columns);
  await suite(run, kind === 'eh' ? variants : { studio: variants.studio }, ctx.config.repeats, out);
  await run(variants.studio);
  await run(KEYED_SQL);
  await suite(run, WINDOW_VARIANTS, ctx.config.repeats, out);
  const r = await page.evaluate((s) => (window as unknown as { __bench: BenchPage }).__bench.run(s), windowSql());
  check = ['n', 's_lag7', 's_roll28'].map((c) => fmt(Number(r.row?.[c]))).join(' / ');
  if (kind === 'eh') {
    const h = await page.evaluate(
      (url) => (window as unknown as { __bench: { registerHandle(n: string, u: string): Promise<{ fetchMs: number; registerMs: number }> } }).__bench.registerHandle('retail_handle.csv', url),
      ctx.csvUrl,
    );
    await suite(run, { handle: readVariants('retail_handle.csv', columns).studio }, ctx.config.repeats, out);
    out.handleRegisterMs = h.registerMs;
    if (ctx.parquetUrl) {
      const xs: number[] = [];
      for (let i = 0; i < ctx.config.repeats; i++) {
        const p = await page.evaluate(
          (url) => (window as unknown as { __bench: { parquetTable(u: string, t: string): Promise<{ fetchMs: number; decodeMs: number; insertMs: number }> } }).__bench.parquetTable(url, 'raw'),
          ctx.parquetUrl!,
        );
        xs.push(p.decodeMs + p.insertMs);
      }
      out.parquet = Math.min(...xs);
    }
    out.opfsMs = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const root = await navigator.storage.getDirectory();
      const t0 = performance.now();
      const fh = await root.getFileHandle('bench-copy.bin', { create: true });
      const w = await fh.createWritable();
      await w.write(bytes);
      await w.close();
      const ms = performance.now() - t0;
      await root.removeEntry('bench-copy.bin');
      return ms;
    }, ctx.csvUrl);
  }
  await page.evaluate(() => (window as unknown as { __bench: { close(): Promise<void> } }).__bench.close());
  return { t: out, check };
}

/** The studio itself: `db().ingestUrl` (fetch + OPFS copy + read_csv + mapping guess + profile) and the window query via `preview`. */
async function studioTimings(ctx: BenchContext, page: Page): Promise<{ pageMs: number; workerS: number; rows: number; windowMs: number; check: string; parquetWorkerS?: number }> {
  type Studio = { db(): { ingestUrl(u: string, n: string): Promise<{ ok: boolean; rows: number; seconds: number; issues: { message: string }[] }>; preview(sql: string, limit?: number): Promise<{ columns: string[]; rows: unknown[][] }> } };
  // Start the engine first: the ingest's own clock also covers DuckDB's start on the first call.
  await page.evaluate(() => (window as unknown as { __studio: Studio }).__studio.db().preview('SELECT 1'));
  const ingests: { pageMs: number; workerS: number; rows: number }[] = [];
  for (let i = 0; i < ctx.config.repeats; i++) {
    const r = await page.evaluate(async (url) => {
      const t0 = performance.now();
      const res = await (window as unknown as { __studio: Studio }).__studio.db().ingestUrl(url, 'retail.csv');
      return { pageMs: performance.now() - t0, workerS: res.seconds, rows: res.rows, ok: res.ok, issues: res.issues.map((x) => x.message) };
    }, ctx.csvUrl);
    if (!r.ok) throw new Error(`ingestUrl failed: ${r.issues.join('; ')}`);
    ingests.push(r);
  }
  const best = ingests.reduce((a, b) => (b.workerS < a.workerS ? b : a));
  const windows: number[] = [];
  let check = '';
  for (let i = 0; i < ctx.config.repeats; i++) {
    const w = await page.evaluate(async (sql) => {
      const t0 = performance.now();
      const res = await (window as unknown as { __studio: Studio }).__studio.db().preview(sql, 1);
      return { ms: performance.now() - t0, row: res.rows[0] as number[] };
    }, windowSql());
    windows.push(w.ms);
    check = w.row.map((v) => fmt(Number(v))).join(' / ');
  }
  let parquetWorkerS: number | undefined;
  if (ctx.parquetUrl) {
    const p = await page.evaluate(async (url) => {
      const res = await (window as unknown as { __studio: Studio }).__studio.db().ingestUrl(url, 'retail.parquet');
      return { ok: res.ok, s: res.seconds, issues: res.issues.map((x) => x.message) };
    }, ctx.parquetUrl);
    if (p.ok) parquetWorkerS = p.s;
  }
  return { ...best, windowMs: Math.min(...windows), check, parquetWorkerS };
}

/** Runs group 1 and adds its figures and findings. */
export async function benchData(ctx: BenchContext, columns: Record<string, string>): Promise<void> {
  const { report: rep } = ctx;
  const best = `best of ${ctx.config.repeats}`;
  let nat: Measured | null = null;
  let nat1: Measured | null = null;
  try {
    nat = await nativeTimings(ctx, columns, undefined);
    nat1 = await nativeTimings(ctx, columns, 1);
  } catch (e) {
    rep.fail(G, 'native DuckDB timings', e);
  }
  const ref = (label: string, m: Measured | null, k: string) => (m && m.t[k] != null ? { label, value: m.t[k], unit: 'ms' } : undefined);
  const natRef = (k: string) => ref(`native, ${nat?.t.threads ?? 'all'} threads`, nat, k);
  const nat1Ref = (k: string) => ref('native, 1 thread', nat1, k);
  const add = (name: string, value: number | undefined, refv: ReturnType<typeof natRef>, note: string, goal = true) => {
    if (value == null || !Number.isFinite(value)) return;
    rep.add({ group: G, name, value, unit: 'ms', ref: refv, note, ...(goal ? { goal: GOAL, met: refv ? value / refv.value <= 1.5 : undefined } : {}) });
  };

  // The studio's own path, in its db worker.
  let studio: Awaited<ReturnType<typeof studioTimings>> | null = null;
  if (ctx.browser) {
    const page = await ctx.browser.newPage();
    try {
      await page.goto(ctx.baseUrl);
      await page.waitForFunction(() => '__studio' in window);
      studio = await studioTimings(ctx, page);
      add('(a) studio ingest: CSV → table + mapping guess + profile (db worker)', studio.workerS * 1000, natRef('studio'),
        `${studio.rows.toLocaleString('en-US')} rows; ${best}; page-side incl. fetch ${fmt(studio.pageMs)} ms; ref = native read_csv alone`);
      add('(b) window query, studio db worker (via preview)', studio.windowMs, natRef('window'), `${best}; n / Σlag7 / Σroll28 = ${studio.check}`);
      if (studio.parquetWorkerS != null) add('(a) studio ingest of the Parquet copy (parquet-wasm → Arrow → DuckDB)', studio.parquetWorkerS * 1000, natRef('parquet'), 'ref = native read_parquet');
    } catch (e) {
      rep.fail(G, 'studio ingest (browser)', e);
    } finally {
      await page.close();
    }
  }

  // The bare engine on the bench page: the same wasm as the studio, variants the studio cannot express.
  let eh: Measured | null = null;
  if (ctx.browser && ctx.benchPage) {
    const page = await ctx.browser.newPage();
    try {
      await page.goto(`${ctx.baseUrl}__bench/bench.html`);
      await page.waitForFunction(() => '__bench' in window);
      eh = await browserTimings(ctx, page, 'eh', columns);
      const t = eh.t;
      for (const k of ['studio', 'auto', 'typed'] as const) {
        add(`(a) browser DuckDB-WASM (eh), ${VARIANT_LABEL[k]}`, t[k], natRef(k), `${best}; same SQL in both engines`);
        add(`(a) browser DuckDB-WASM (eh), ${VARIANT_LABEL[k]} — vs 1 native thread`, t[k], nat1Ref(k), 'wasm eh runs on one thread');
      }
      add('(a) browser eh, file handle (BROWSER_FILEREADER, no heap copy), studio options', t.handle, natRef('studio'), `${best}; registering the Blob took ${fmt(t.handleRegisterMs ?? NaN)} ms`);
      add('(a) browser eh, Parquet via parquet-wasm → Arrow IPC → insert', t.parquet, natRef('parquet'), 'ref = native read_parquet (parquet is not built into duckdb-wasm)');
      add('(b) window query, browser eh', t.window, natRef('window'), `${best}; n / Σlag7 / Σroll28 = ${eh.check}`);
      add('(b) window query, browser eh — vs 1 native thread', t.window, nat1Ref('window'), '');
      add('(b) window query, browser eh, sales as DOUBLE', t.window_double, natRef('window_double'), `${best}; same table layout in both engines`);
      add('(b) window query, browser eh, sales as DOUBLE + integer series key', t.window_intkey, natRef('window_intkey'), `${best}; PARTITION BY sid INTEGER instead of (store, item) VARCHAR`);
      add('(b) window query, browser eh, DOUBLE + integer key — vs 1 native thread', t.window_intkey, nat1Ref('window_intkey'), '');
      add('copies: fetch → ArrayBuffer (page)', t.fetchMs, undefined, 'served by vite preview on 127.0.0.1', false);
      add('copies: registerFileBuffer (bytes into the wasm heap)', t.registerMs, undefined, '', false);
      add('copies: OPFS write of the same bytes (the studio saves every upload)', t.opfsMs, undefined, 'main-thread createWritable', false);
    } catch (e) {
      rep.fail(G, 'browser DuckDB-WASM (eh) variants', e);
    } finally {
      await page.close();
    }
    // The threaded (coi) bundle on the cross-origin-isolated copy of the bench page (COOP/COEP from preview.config.ts).
    const coiPage = await ctx.browser.newPage();
    try {
      await coiPage.goto(`${ctx.baseUrl}__bench_coi/bench.html`);
      await coiPage.waitForFunction(() => '__bench' in window);
      if (!(await coiPage.evaluate(() => self.crossOriginIsolated))) throw new Error('the coi bench page is not cross-origin isolated');
      for (const threads of [2, 1]) {
        const coi = await browserTimings(ctx, coiPage, 'coi', columns, threads);
        const r = threads === 1 ? nat1Ref : natRef;
        add(`(a) browser DuckDB-WASM coi (threaded), SET threads=${threads}, studio options`, coi.t.studio, r('studio'), `${best}; needs COOP/COEP headers; engine start ${fmt(coi.t.open)} ms`);
        add(`(b) window query, browser coi, SET threads=${threads}`, coi.t.window, r('window'), `check ${coi.check}`);
      }
    } catch (e) {
      rep.fail(G, 'browser DuckDB-WASM coi (threads)', e);
    } finally {
      await coiPage.close();
    }
  }

  // The same wasm engine in Node (no browser, no worker hop).
  let nw: Timings | null = null;
  try {
    nw = await nodeWasmTimings(ctx, columns);
    add('(a) DuckDB-WASM in Node (blocking bindings), studio options', nw.studio, natRef('studio'), best);
    add('(a) DuckDB-WASM in Node, column types given', nw.typed, natRef('typed'), best);
    add('(b) window query, DuckDB-WASM in Node', nw.window, natRef('window'), best);
    add('(b) window query, DuckDB-WASM in Node, DOUBLE + integer series key', nw.window_intkey, natRef('window_intkey'), best);
  } catch (e) {
    rep.fail(G, 'DuckDB-WASM in Node', e);
  }

  if (nat && nat1)
    for (const [k, label] of [
      ['studio', VARIANT_LABEL.studio], ['typed', VARIANT_LABEL.typed], ['parquet', 'read_parquet'], ['window', 'window query'],
      ['window_double', 'window query, sales as DOUBLE'], ['window_intkey', 'window query, DOUBLE + integer series key'],
    ] as const)
      if (nat.t[k] != null)
        rep.add({ group: G, name: `(c) native DuckDB (${nat.t.threads} threads), ${label}`, value: nat.t[k], unit: 'ms', ref: { label: '1 thread', value: nat1.t[k], unit: 'ms' }, note: `${best}; check ${nat.check}` });
  dataFindings(ctx, { nat: nat?.t ?? null, nat1: nat1?.t ?? null, eh: eh?.t ?? null, studio, nw });
}

function dataFindings(
  ctx: BenchContext,
  t: { nat: Timings | null; nat1: Timings | null; eh: Timings | null; studio: { workerS: number; windowMs: number; parquetWorkerS?: number } | null; nw: Timings | null },
): void {
  const f = ctx.report.findings;
  const r = (a?: number, b?: number) => (a != null && b != null && b > 0 ? `${fmt(a / b)}×` : 'n/a');
  const { nat, nat1, eh, studio, nw } = t;
  if (!nat) return;
  if (eh) {
    f.push(
      `CSV → table in the browser (eh bundle, one thread) vs native (${nat.threads} threads): studio options ${r(eh.studio, nat.studio)}, ` +
        `column types given ${r(eh.typed, nat.typed)}, plain auto-detect ${r(eh.auto, nat.auto)}; against one native thread ${r(eh.studio, nat1?.studio)}. ` +
        `Giving the types up front takes ${r(eh.typed, eh.studio)} of the sniffed read in wasm.`,
    );
    const rest = eh.window_intkey / (nat1?.window_intkey ?? Infinity) <= 1.5 ? " — what remains is mostly native's extra thread" : '';
    f.push(
      `Window query (lag 7 + 28-day mean) in the browser: ${r(eh.window, nat.window)} of native, ${r(eh.window, nat1?.window)} of one native thread. ` +
        `The table layout matters more in wasm than natively: sales as DOUBLE instead of BIGINT (avg over BIGINT accumulates 128-bit integers) takes ${r(eh.window_double, eh.window)} of the time, ` +
        `and an integer series key instead of two VARCHAR partition columns ${r(eh.window_intkey, eh.window)} (native: ${r(nat.window_intkey, nat.window)}); ` +
        `on that layout the browser is at ${r(eh.window_intkey, nat.window_intkey)} of native and ${r(eh.window_intkey, nat1?.window_intkey)} of one native thread${rest}.`,
    );
    f.push(
      `Copies: fetch ${fmt(eh.fetchMs ?? NaN)} ms, registerFileBuffer ${fmt(eh.registerMs ?? NaN)} ms, an OPFS copy ${fmt(eh.opfsMs ?? NaN)} ms; ` +
        `reading a File handle in place instead of a heap copy: ${r(eh.handle, eh.studio)} of the buffer read. ` +
        `Parquet via parquet-wasm → Arrow → insert: ${r(eh.parquet, eh.studio)} of the CSV read (native read_parquet: ${r(nat.parquet, nat.studio)} of native CSV).`,
    );
  }
  if (studio) {
    const share = eh ? Math.round((eh.studio / (studio.workerS * 1000)) * 100) : NaN;
    f.push(
      `The studio's ingest (db worker) takes ${fmt(studio.workerS * 1000)} ms = ${r(studio.workerS * 1000, nat.studio)} of a native read; the read_csv itself is ~${Number.isFinite(share) ? share : '?'} % of it — ` +
        `the rest is the OPFS copy, the mapping guess, the column profile and row counts.`,
    );
  }
  if (nw && eh)
    f.push(
      `DuckDB-WASM in Node: CSV read ${r(nw.studio, nat.studio)} of native, window ${r(nw.window, nat.window)}; the browser vs Node's wasm: ${r(eh.studio, nw.studio)} (read), ${r(eh.window, nw.window)} (window)` +
        (eh.studio / nw.studio < 1.3 && eh.window / nw.window < 1.3 ? ' — the gap is the wasm engine, not the browser or the worker hop.' : ' — the browser itself adds to the gap here.'),
    );
  if (nat1) f.push(`Native DuckDB, ${nat.threads} threads vs 1: CSV ${r(nat.studio, nat1.studio)}, window ${r(nat.window, nat1.window)} (2 cores shared with other jobs: native parallelism is small and noisy here).`);
}
