/**
 * Groups 5–7: neural training throughput per TF.js backend (issue 4), the GBDT fit on Rossmann 50-store
 * features against XGBoost-hist, and the headless backtest of the default model set (issue 5).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { CovariateMeta } from '../../src/lib/data/contract';
import { fitGbdt } from '../../src/lib/models/trees';
import { defaultFeatureSpec, loadCsv, loadTrainData, makeFeaturesAt, mapSales } from '../../src/lib/pipeline';
import { openNodeEngine } from '../../src/lib/pipeline/nodeEngine';
import type { BenchContext } from './context';
import { ROOT } from './harness';
import { fmt, message } from './table';
import { measureBackend, type Throughput, type ThroughputOptions } from './tfBench';

const G5 = '5 models (issue 4)';
const G6 = '6 GBDT';
const G7 = '7 backtest (issue 5)';
const ROSSMANN = join(ROOT, '../shared/data/rossmann/sales_50stores.csv');
/** PyTorch, one CPU thread, the same MLP (quoted in issue 4). */
const TORCH = { label: 'PyTorch 1 CPU thread', value: 700_000, unit: 'samples/s', quoted: true };

function throughputOptions(ctx: BenchContext): ThroughputOptions {
  return ctx.config.quick ? { mlpSteps: 20, lstmSteps: 3 } : { mlpSteps: 100, lstmSteps: 10 };
}

/** cpu and webgl train the LSTM at tens of windows/s: a few steps are enough. */
function perBackend(o: ThroughputOptions): Record<string, ThroughputOptions> {
  const slow = { ...o, lstmSteps: Math.min(o.lstmSteps, 4) };
  return { wasm: o, cpu: slow, webgl: slow, webgpu: o };
}

const OUR_LSTM = 'LSTM 32 units, 56×4 → 14 (batch 64)';

function addThroughput(ctx: BenchContext, where: string, rows: Throughput[], lstmLabel = OUR_LSTM) {
  for (const r of rows) {
    const note = r.note ?? '';
    if (r.mlpSamplesPerSec == null && r.lstmSamplesPerSec == null) {
      ctx.report.add({ group: G5, name: `${where}, ${r.backend}`, value: null, unit: '', error: note || 'no result' });
      continue;
    }
    if (r.mlpSamplesPerSec != null)
      ctx.report.add({
        group: G5, name: `MLP 32→64→64→1 (batch 256), ${where}, ${r.backend}`, value: r.mlpSamplesPerSec, unit: 'samples/s', ref: TORCH,
        note: [`${fmt(TORCH.value / r.mlpSamplesPerSec)}× below PyTorch`, note].filter(Boolean).join('; '),
      });
    if (r.lstmSamplesPerSec != null) ctx.report.add({ group: G5, name: `${lstmLabel}, ${where}, ${r.backend}`, value: r.lstmSamplesPerSec, unit: 'windows/s', note });
  }
}

/** Group 5: Node (cpu, wasm), the bench page's worker (wasm, webgl, cpu, webgpu) and the studio's train worker if it has `benchmark`. */
export async function benchNeural(ctx: BenchContext): Promise<void> {
  const o = throughputOptions(ctx);
  try {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
    const rows: Throughput[] = [];
    for (const b of ['wasm', 'cpu']) rows.push(await measureBackend(tf, b, perBackend(o)[b]));
    addThroughput(ctx, 'Node', rows);
  } catch (e) {
    ctx.report.fail(G5, 'TF.js in Node', e);
  }
  const backends = ['wasm', 'webgl', 'cpu', 'webgpu'];
  if (ctx.browser && ctx.benchPage) {
    const page = await ctx.browser.newPage();
    try {
      await page.goto(`${ctx.baseUrl}__bench/bench.html`);
      await page.waitForFunction(() => '__bench' in window);
      const rows = await page.evaluate(
        ({ b, opts }) => (window as unknown as { __bench: { tf(b: string[], o: Record<string, ThroughputOptions>): Promise<Throughput[]> } }).__bench.tf(b, opts),
        { b: backends, opts: perBackend(o) },
      );
      addThroughput(ctx, 'browser worker (bench page)', rows);
    } catch (e) {
      ctx.report.fail(G5, 'TF.js in a browser worker (bench page)', e);
    } finally {
      await page.close();
    }
  }
  if (ctx.browser) {
    const page = await ctx.browser.newPage();
    try {
      await page.goto(ctx.baseUrl);
      await page.waitForFunction(() => '__studio' in window);
      const rows = await page.evaluate(
        ({ b, steps }) =>
          (window as unknown as { __studio: { trainer(): { benchmark(b: string[], steps?: number): Promise<Throughput[]> } } }).__studio.trainer().benchmark(b, steps),
        { b: backends, steps: 20 },
      );
      addThroughput(ctx, "studio's train worker (trainer().benchmark)", rows, "LSTM, the studio's own probe");
    } catch (e) {
      const m = message(e);
      if (/benchmark|not a function|undefined/i.test(m)) ctx.report.undone.push(`The studio's train worker has no working \`benchmark\` in the served build (${m}); its figures come from the bench page's own TF.js worker instead.`);
      else ctx.report.fail(G5, "studio's train worker (trainer().benchmark)", e);
    } finally {
      await page.close();
    }
  }
  const wasm = ctx.report.figures.filter((f) => f.group === G5 && /^MLP/.test(f.name) && /, wasm$/.test(f.name) && f.value != null);
  if (wasm.length)
    ctx.report.findings.push(
      `MLP training on TF.js wasm: ${wasm.map((f) => `${f.name.replace(/^MLP 32→64→64→1 \(batch 256\), /, '')} ${fmt(f.value!)} samples/s`).join('; ')} — ` +
        `${fmt(700_000 / Math.max(...wasm.map((f) => f.value!)))}× below PyTorch's ~700k on one CPU thread (issue 4 quotes 35–47k for wasm in a worker).`,
    );
}

/** Rossmann covariates as the CLI maps them (`open` drives the closure features). */
const ROSSMANN_COVS: CovariateMeta[] = [
  { name: 'promo', source: 'promo', timing: 'known_future', role: 'promo', type: 'numeric' },
  { name: 'open', source: 'open', timing: 'known_future', role: 'open', type: 'numeric' },
  { name: 'state_holiday', source: 'state_holiday', timing: 'known_future', role: 'holiday', type: 'categorical' },
  { name: 'school_holiday', source: 'school_holiday', timing: 'known_future', role: 'holiday', type: 'numeric' },
];

/** Group 6: fitGbdt on the default direct features (h = 42) of the 50 Rossmann stores, XGBoost-like depth 8. */
export async function benchGbdt(ctx: BenchContext): Promise<void> {
  if (!existsSync(ROSSMANN)) throw new Error(`missing ${ROSSMANN}`);
  const h = 42;
  const engine = await openNodeEngine();
  try {
    await loadCsv(engine, { path: ROSSMANN });
    await mapSales(engine, { id: ['store'], date: 'date', target: 'sales', freq: 'D', covariates: ROSSMANN_COVS });
    const train = await loadTrainData(engine, { freq: 'D', knownFuture: ROSSMANN_COVS.map((c) => c.name) });
    const longest = Math.max(...train.series.map((s) => s.y.length));
    const last = Math.max(...train.series.map((s) => s.ds[s.ds.length - 1]));
    const spec = defaultFeatureSpec({ freq: 'D', h, covariates: ROSSMANN_COVS, historyLength: longest });
    const featuresAt = await makeFeaturesAt(engine, { freq: 'D', h, covariates: ROSSMANN_COVS, seriesIds: train.series.map((s) => s.id), spec });
    const t0 = performance.now();
    const frame = await featuresAt(last - h);
    const frameMs = performance.now() - t0;
    const keep = frame.y.reduce((n, v) => n + (Number.isFinite(v) ? 1 : 0), 0);
    const idx = new Int32Array(keep);
    for (let r = 0, k = 0; r < frame.y.length; r++) if (Number.isFinite(frame.y[r])) idx[k++] = r;
    const data = { columns: frame.columns.map((c) => Float32Array.from(idx, (r) => c[r])), y: Float32Array.from(idx, (r) => frame.y[r]) };
    const rounds = ctx.config.quick ? 20 : 200;
    const F = data.columns.length;
    const t1 = performance.now();
    const model = fitGbdt(data, { numRounds: rounds, maxDepth: 8, numLeaves: 256, learningRate: 0.1, maxBins: 256, minDataInLeaf: 1, minSumHessian: 1, lambda: 1, categorical: frame.categorical });
    const s = (performance.now() - t1) / 1000;
    // XGBoost-hist: ~3.5 s for 45k rows × 22 features × 200 rounds (depth 8); compare per row·feature·round.
    const refS = (3.5 / (45_000 * 22 * 200)) * keep * F * rounds;
    ctx.report.add({
      group: G6, name: `fitGbdt, Rossmann 50 stores, h = ${h} direct features (${keep.toLocaleString('en-US')} rows × ${F} features × ${rounds} rounds, depth 8 / 256 leaves)`,
      value: s, unit: 's', ref: { label: 'XGBoost-hist 3.5 s @ 45k×22×200, scaled to these sizes', value: refS, unit: 's', quoted: true },
      note: `${model.trees.length} trees; ${fmt((keep * F * rounds) / s / 1e6)} M row·feature·rounds/s; feature frame built in ${fmt(frameMs)} ms (DuckDB-WASM, Node)`,
    });
  } finally {
    await engine.close?.();
  }
}

/** Group 7: the backtest CLI as a user runs it (README flags), one evaluation window. */
export async function benchBacktest(ctx: BenchContext): Promise<void> {
  const out = join(ctx.tmp, 'backtest.json');
  const args = [
    'tsx', 'src/cli/backtest.ts', '--data', ROSSMANN, '--id', 'store', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '42', '--windows', '1',
    '--known-future', 'promo,open,state_holiday,school_holiday', '--zero-when', 'open=0', '--complete-only', '--out', out,
    ...(ctx.config.quick ? ['--models', 'snaive,linear', '--selection-windows', '0'] : []),
  ];
  const t0 = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const p = spawn('npx', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  const s = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`backtest CLI exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}`);
  const res = JSON.parse(readFileSync(out, 'utf8')) as { models: { model: string; wape: number; fit_seconds: number }[]; selected: string };
  const auto = res.models.find((m) => m.model === 'auto');
  const snaive = res.models.find((m) => m.model === 'snaive');
  const series = /sales: (\d+) series/.exec(stderr)?.[1];
  ctx.report.add({
    group: G7, name: `backtest wall time, Rossmann 50 stores (${series ?? '?'} complete), h = 42, 1 window + ${ctx.config.quick ? 0 : 1} selection window`, value: s, unit: 's',
    note: `models ${res.models.filter((m) => m.model !== 'auto').map((m) => `${m.model} (fit ${fmt(m.fit_seconds)} s)`).join(', ')}; includes tsx start-up`,
  });
  if (auto)
    ctx.report.add({
      group: G7, name: `WAPE of auto (= ${res.selected})`, value: auto.wape, unit: '', ref: snaive ? { label: 'seasonal naive, same run', value: snaive.wape, unit: '' } : undefined,
      note: res.models.filter((m) => m.model !== 'auto').map((m) => `${m.model} ${fmt(m.wape)}`).join(', ') + '; README: 0.082 on 84 stores',
    });
}
