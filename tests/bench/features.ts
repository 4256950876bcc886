/**
 * Group 8 (issue 3): the studio's clean step (`prepareSales` with the guessed mapping and the default
 * cleaning) and its default feature set (`compileFeatures(defaultFeatureSpec(…))`) on the 1M-row file —
 * in DuckDB-WASM under Node, in the browser (the bench page replays the same SQL; the studio's worker
 * when it has `buildFeatures`), and in native DuckDB — with rows/s.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_CLEANING } from '../../src/lib/data/cleaning';
import type { SqlEngine as DataEngine } from '../../src/lib/data/engine';
import { guessMapping, loadRaw, prepareSales } from '../../src/lib/data/prepare';
import { compileFeatures } from '../../src/lib/features';
import { defaultFeatureSpec, tableColumns } from '../../src/lib/pipeline';
import { openNodeEngine } from '../../src/lib/pipeline/nodeEngine';
import type { BenchContext } from './context';
import { readVariants } from './data';
import { openNativeDb } from './nativeDb';
import { fmt, timeMs } from './table';

const G = '8 feature SQL (issue 3)';
const H = 28;

interface Steps {
  prepareMs: number;
  salesRows: number;
  featuresMs: number[];
  featureRows: number;
  featureCount: number;
  /** Every statement prepareSales sent, in order, and the feature SQL (replayed on the bench page). */
  log: string[];
  featureSql: string;
}

/** Loads the CSV the studio's way, then times prepareSales and the feature build (`repeats` times). */
async function runSteps(engine: DataEngine, csvPath: string, repeats: number): Promise<Steps> {
  const raw = await loadRaw(engine, csvPath, 'csv', 'retail.csv');
  if (!raw.rows) throw new Error(`load failed: ${raw.issues.map((i) => i.message).join('; ')}`);
  const guess = await guessMapping(engine, raw.columns);
  const log: string[] = [];
  const logged: DataEngine = {
    exec: (sql) => (log.push(sql), engine.exec(sql)),
    query: (sql) => (log.push(sql), engine.query(sql)),
  };
  let prepared = { rows: 0 } as Awaited<ReturnType<typeof prepareSales>>;
  const prepareMs = await timeMs(async () => {
    prepared = await prepareSales(logged, guess.mapping, guess.statics, raw.columns, DEFAULT_CLEANING);
  });
  const errs = prepared.issues.filter((i) => i.level === 'error');
  if (errs.length) throw new Error(`prepare failed: ${errs.map((i) => i.message).join('; ')}`);
  const pipelineEngine = engine as unknown as Parameters<typeof tableColumns>[0];
  const columns = await tableColumns(pipelineEngine, 'sales');
  const seriesColumns = Object.keys(await tableColumns(pipelineEngine, 'series')).filter((c) => c !== 'unique_id');
  const longest = Number((await engine.query('SELECT max(n)::DOUBLE AS n FROM (SELECT count(*) AS n FROM sales GROUP BY unique_id)')).getChild('n')!.toArray()[0]);
  const m = guess.mapping;
  const spec = defaultFeatureSpec({ freq: m.freq, h: H, covariates: m.covariates, statics: seriesColumns, historyLength: longest });
  const compiled = compileFeatures(spec, { columns, covariates: m.covariates, seriesColumns, freq: m.freq, h: H, strategy: 'direct' });
  const featuresMs: number[] = [];
  for (let i = 0; i < repeats; i++) featuresMs.push(await timeMs(() => engine.exec(compiled.sql)));
  const featureRows = Number((await engine.query('SELECT count(*)::DOUBLE AS n FROM features')).getChild('n')!.toArray()[0]);
  return { prepareMs, salesRows: prepared.rows, featuresMs, featureRows, featureCount: compiled.columns.length, log, featureSql: compiled.sql };
}

type Bench = { run(sql: string): Promise<{ ms: number }>; open(k: string): Promise<number>; registerBuffer(n: string, u: string): Promise<unknown>; close(): Promise<void> };

/** Replays the Node run's SQL on the bench page's DuckDB-WASM (eh): prepare, then the feature build. */
async function browserReplay(ctx: BenchContext, page: Page, steps: Steps, columns: Record<string, string>): Promise<{ prepareMs: number; featuresMs: number[] }> {
  await page.goto(`${ctx.baseUrl}__bench/bench.html`);
  await page.waitForFunction(() => '__bench' in window);
  return page.evaluate(
    async ({ url, load, log, featureSql, repeats }) => {
      const bench = (window as unknown as { __bench: Bench }).__bench;
      await bench.open('eh');
      await bench.registerBuffer('retail.csv', url);
      await bench.run(load);
      const t0 = performance.now();
      for (const sql of log) await bench.run(sql);
      const prepareMs = performance.now() - t0;
      const featuresMs: number[] = [];
      for (let i = 0; i < repeats; i++) featuresMs.push((await bench.run(featureSql)).ms);
      await bench.close();
      return { prepareMs, featuresMs };
    },
    { url: ctx.csvUrl, load: readVariants('retail.csv', columns).studio, log: steps.log, featureSql: steps.featureSql, repeats: steps.featuresMs.length },
  );
}

type StudioFeatures = {
  db(): {
    ingestUrl(u: string, n: string): Promise<{ ok: boolean; guess: { mapping: unknown; statics: string[] } | null }>;
    prepare(m: unknown, s: string[], c: unknown): Promise<{ rows: number }>;
    buildFeatures?(spec: null, o: { h: number; strategy: 'direct'; future: boolean }): Promise<{ rows: number; seconds: number; columns: unknown[]; issues: { level: string; message: string }[] }>;
  };
};

/** The studio's own worker: `db().prepare`, then `db().buildFeatures` when the build has it (default spec, h = 28, no future rows). */
async function studioFeatures(ctx: BenchContext, page: Page): Promise<{ prepareMs: number; build: { seconds: number; rows: number; features: number } | null }> {
  await page.goto(ctx.baseUrl);
  await page.waitForFunction(() => '__studio' in window);
  return page.evaluate(
    async ({ url, cleaning, h }) => {
      const s = (window as unknown as { __studio: StudioFeatures }).__studio;
      const ing = await s.db().ingestUrl(url, 'retail.csv');
      if (!ing.ok || !ing.guess) throw new Error('ingest failed');
      const t0 = performance.now();
      await s.db().prepare(ing.guess.mapping, ing.guess.statics, cleaning);
      const prepareMs = performance.now() - t0;
      let r;
      try {
        r = await s.db().buildFeatures!(null, { h, strategy: 'direct', future: false });
      } catch (e) {
        if (/buildFeatures|not a function/i.test(String(e))) return { prepareMs, build: null };
        throw e;
      }
      const errs = r.issues.filter((i) => i.level === 'error');
      if (errs.length) throw new Error(errs.map((i) => i.message).join('; '));
      return { prepareMs, build: { seconds: r.seconds, rows: r.rows, features: r.columns.length } };
    },
    { url: ctx.csvUrl, cleaning: DEFAULT_CLEANING, h: H },
  );
}

export async function benchFeatures(ctx: BenchContext, columns: Record<string, string>): Promise<void> {
  const rep = ctx.report;
  // Each feature build over 1M rows takes seconds: two runs are enough for a best-of.
  const n = Math.min(2, ctx.config.repeats);
  const min = (xs: number[]) => Math.min(...xs);
  let nat: Steps | null = null;
  try {
    const db = await openNativeDb();
    try {
      nat = await runSteps(db.engine as unknown as DataEngine, ctx.csvPath, n);
    } finally {
      db.close();
    }
  } catch (e) {
    rep.fail(G, 'native DuckDB', e);
  }
  const natRef = (ms: number | undefined) => (ms != null ? { label: 'native DuckDB, same SQL', value: ms, unit: 'ms' } : undefined);
  const rowsPerS = (rows: number, ms: number) => `${fmt(rows / (ms / 1000))} rows/s`;
  let nodeWasm: Steps | null = null;
  try {
    const engine = await openNodeEngine();
    try {
      nodeWasm = await runSteps(engine as unknown as DataEngine, ctx.csvPath, n);
    } finally {
      await engine.close?.();
    }
    const s = nodeWasm;
    rep.add({ group: G, name: `default features (${s.featureCount} columns, h = ${H}, direct), DuckDB-WASM in Node`, value: min(s.featuresMs), unit: 'ms', ref: natRef(nat ? min(nat.featuresMs) : undefined), note: `${rowsPerS(s.featureRows, min(s.featuresMs))}; ${s.featureRows.toLocaleString('en-US')} rows; best of ${n}` });
    rep.add({ group: G, name: 'clean step (prepareSales, guessed mapping, default cleaning), DuckDB-WASM in Node', value: s.prepareMs, unit: 'ms', ref: natRef(nat?.prepareMs), note: `${rowsPerS(s.salesRows, s.prepareMs)} into sales` });
  } catch (e) {
    rep.fail(G, 'DuckDB-WASM in Node', e);
  }
  if (ctx.browser && ctx.benchPage && nodeWasm) {
    const page = await ctx.browser.newPage();
    try {
      const r = await browserReplay(ctx, page, nodeWasm, columns);
      rep.add({ group: G, name: 'default features, browser DuckDB-WASM (eh, bench page, same SQL)', value: min(r.featuresMs), unit: 'ms', ref: natRef(nat ? min(nat.featuresMs) : undefined), note: `${rowsPerS(nodeWasm.featureRows, min(r.featuresMs))}; best of ${n}` });
      rep.add({ group: G, name: 'clean step, browser DuckDB-WASM (eh, bench page, same SQL)', value: r.prepareMs, unit: 'ms', ref: natRef(nat?.prepareMs), note: rowsPerS(nodeWasm.salesRows, r.prepareMs) });
    } catch (e) {
      rep.fail(G, 'browser DuckDB-WASM (bench page)', e);
    } finally {
      await page.close();
    }
  }
  if (ctx.browser) {
    const page = await ctx.browser.newPage();
    try {
      const r = await studioFeatures(ctx, page);
      rep.add({ group: G, name: 'clean step, studio db worker (db().prepare)', value: r.prepareMs, unit: 'ms', ref: natRef(nat?.prepareMs), note: 'page-side' });
      const f = r.build;
      if (f)
        rep.add({ group: G, name: `default features, studio db worker (db().buildFeatures, ${f.features} columns)`, value: f.seconds * 1000, unit: 'ms', ref: natRef(nat ? min(nat.featuresMs) : undefined), note: `${rowsPerS(f.rows, f.seconds * 1000)}; the worker's own spec and options` });
      else rep.undone.push('The served build has no `db().buildFeatures`: feature SQL in the studio worker itself was not timed (the bench page ran the same SQL on the same engine).');
    } catch (e) {
      rep.fail(G, 'studio db worker', e);
    } finally {
      await page.close();
    }
  }
  if (nat) {
    rep.add({ group: G, name: 'default features, native DuckDB', value: min(nat.featuresMs), unit: 'ms', note: `${rowsPerS(nat.featureRows, min(nat.featuresMs))}; best of ${n}` });
    rep.add({ group: G, name: 'clean step, native DuckDB', value: nat.prepareMs, unit: 'ms', note: rowsPerS(nat.salesRows, nat.prepareMs) });
  }
  if (nat && nodeWasm)
    rep.findings.push(
      `Feature SQL (issue 3): the default set (${nodeWasm.featureCount} columns over ${nodeWasm.featureRows.toLocaleString('en-US')} rows) takes ${fmt(min(nodeWasm.featuresMs))} ms in DuckDB-WASM (Node) vs ${fmt(min(nat.featuresMs))} ms native ` +
        `(${fmt(min(nodeWasm.featuresMs) / min(nat.featuresMs))}×); the clean step ${fmt(nodeWasm.prepareMs)} vs ${fmt(nat.prepareMs)} ms (${fmt(nodeWasm.prepareMs / nat.prepareMs)}×).`,
    );
}

