/// <reference lib="webworker" />
/**
 * The training worker: statistical, tree and neural models run here, never on the page. One job at a
 * time; a new job cancels the running one (the latest request wins).
 */
import './networkGuard'; // first: no request beyond this site's origin from this worker
import './lifeline'; // the page's supervisor learns at once when this worker ends (src/clients/supervise.ts)
import { expose, transfer, wrap } from 'comlink';
import type { SqlEngine } from '../src/lib/data/engine';
import { remoteEngine, type EngineEndpoint } from '../src/lib/data/remoteEngine';
import { getModel, modelCard, modelCatalog, validateOptions } from '../src/lib/models';
import type { Fitted, SeriesForecast } from '../src/lib/models/protocol';
import type { FeatureColumn, FeatureSpec } from '../src/lib/features';
import { loadModel, saveModel } from '../src/lib/models/global/persist';
import { readFile, saveFile } from './opfs';
import type { BenchmarkRow, ForecastRequest, GlobalTrainResult, ModelForecast, Progress, TrainApi } from './train.api';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { forecastStep, forecastsCsvText, forecastsParquet, planCsvText, type ParquetWriter } from '../src/lib/forecast';
import { ipcToTable } from '../src/lib/data/arrowIpc';
import { frameTrainData } from '../src/lib/pipeline/frameTrainData';
import { availableBackends, exhaustMemory, info, loadTf, memoryBudget, rebuildBackend, useBackend } from './tfBackend';
import { isMemoryError, memoryAdvice, trainingBytes } from '../src/lib/models/neural/memoryFit';
import { cancelledError } from '../src/lib/models/baselines/localModel';
import { lstmBenchmark, microBenchmark } from '../src/lib/models/neural/backend';

let current: { cancelled: boolean } | null = null;
/** The db worker's engine, reached over a port (see `connectEngine`). */
let engine: SqlEngine | null = null;
let switching: Promise<unknown> = Promise.resolve();
/** The last trained (or loaded) global model, kept for saving and for forecasting again. */
let last: { fitted: Fitted; columns: FeatureColumn[]; h: number; savedAt: string; spec: FeatureSpec | null } | null = null;

function disposeFitted(f: Fitted | undefined) {
  const st = f?.state as { model?: { net?: { dispose(): void } }; net?: { net?: { dispose(): void } } } | null;
  st?.model?.net?.dispose?.();
  st?.net?.net?.dispose?.();
}

/** `spec` whose predict first lets a cancel message in and stops when it came (the decomposition predicts once per group). */
function cancellable<S extends { predict: (...a: never[]) => Promise<unknown> }>(spec: S, signal: { cancelled: boolean }): S {
  return { ...spec, predict: async (...a: Parameters<S['predict']>) => {
    await new Promise((r) => setTimeout(r, 0));
    if (signal.cancelled) throw cancelledError();
    return spec.predict(...a);
  } };
}

/** Rebuilds the TF.js backend after a failure; a TF.js model kept from before is lost with it. */
async function recoverBackend(name: string) {
  if (last && getModel(last.fitted.model).kind === 'neural') last = null;
  await rebuildBackend(name).catch(() => undefined);
}

/** What size of network would have fit (from the failed options). */
function memoryHint(options: Record<string, unknown>, inputs: number, backend: string): string {
  const hidden = Array.isArray(options.hidden) ? (options.hidden as number[]) : typeof options.hidden === 'number' ? [options.hidden] : [64];
  const batchSize = typeof options.batchSize === 'number' ? options.batchSize : 256;
  return memoryAdvice({ inputs, hidden, outputs: 3, batchSize }, memoryBudget(backend));
}

function toModelForecast(model: string, label: string, f: SeriesForecast, seconds: number, fallback?: string): ModelForecast {
  return { model, label, ds: f.ds, mean: f.mean, lo80: f.lo[80], hi80: f.hi[80], lo95: f.lo[95], hi95: f.hi[95], fallback: f.fallback ?? fallback, seconds };
}

function buffersOf(fs: ModelForecast[]): ArrayBuffer[] {
  return [...new Set(fs.flatMap((f) => [f.ds, f.mean, f.lo80, f.hi80, f.lo95, f.hi95].map((a) => a.buffer as ArrayBuffer)))];
}

function newJob() {
  if (current) current.cancelled = true;
  current = { cancelled: false };
  return current;
}

/**
 * The Forecast step: every series by each model through the forecast contract (`forecastStep`, which calls
 * the same `forecastSales` as `npm run forecast`), into the `forecasts` table; the selection comes back.
 */
async function forecastJob(req: ForecastRequest, onProgress?: (p: Progress) => void) {
  if (!engine) throw new Error('forecast: the data engine is not connected');
  const signal = newJob();
  const neural = req.models.some((m) => m === 'auto' || (modelCard(getModel(m)).kind === 'neural'));
  if (neural) await useBackend('auto');
  const result = await forecastStep(engine, req, { signal, onProgress: (p) => onProgress?.(p) });
  return transfer(result, [...new Set(result.forecasts.flatMap((f) => [f.ds, f.mean, ...f.q].map((a) => a.buffer as ArrayBuffer)))]);
}

const api: TrainApi = {
  async models() {
    return modelCatalog();
  },
  async forecast(req, onProgress) {
    return forecastJob(req, onProgress);
  },
  async exportForecasts(format) {
    if (!engine) throw new Error('export: the data engine is not connected');
    let bytes: Uint8Array;
    if (format === 'plan') bytes = new TextEncoder().encode(await planCsvText(engine, 'plan'));
    else if (format === 'csv') bytes = new TextEncoder().encode(await forecastsCsvText(engine));
    else {
      const pq = await import('parquet-wasm');
      await pq.default(parquetWasm);
      bytes = await forecastsParquet(engine, pq as unknown as ParquetWriter);
    }
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async connectEngine(port) {
    engine = remoteEngine(wrap<EngineEndpoint>(port));
  },
  async backtest(req, onProgress) {
    if (!engine) throw new Error('backtest: the data engine is not connected');
    const signal = newJob();
    const t0 = performance.now();
    const models = req.models.map((m) => getModel(m));
    if (models.some((m) => m.kind === 'neural')) await useBackend('auto');
    const { backtestSales } = await import('../src/lib/pipeline/backtestPipeline');
    const { summarizeBacktest } = await import('../src/lib/pipeline/backtestSummary');
    try {
      const r = await backtestSales(engine, {
        freq: req.freq, h: req.h, windows: req.windows, selectionWindows: req.selectionWindows, covariates: req.covariates, statics: req.statics,
        spec: req.spec, models, fallback: getModel('snaive'), metric: req.metric, signal, timeBudget: req.timeBudget || undefined, budgetStart: t0,
        onProgress: (p) => onProgress?.({ fraction: 'fraction' in p ? p.fraction : 0, message: p.message }),
      });
      if (!r.score || !r.backtest) throw new Error(r.issues.find((i) => i.level === 'error')?.message ?? 'the backtest produced no forecasts');
      const summary = { ...summarizeBacktest(r.backtest, r.score, { metric: req.metric }), issues: r.issues, seconds: (performance.now() - t0) / 1000, cancelled: signal.cancelled };
      const t = summary.total, res = summary.residuals;
      return transfer(summary, [t.ds, t.actual, t.predicted, t.rowCutoff, res.step, res.ds, res.residual].map((a) => a.buffer as ArrayBuffer));
    } catch (e) {
      if ((e as Error).name !== 'CancelledError') throw e;
      return { leaderboard: [], selected: '', best: '', charted: '', metric: req.metric ?? 'wape', cutoffs: [], evalWindows: [], perSeries: [], total: { ds: new Int32Array(), actual: new Float64Array(), predicted: new Float64Array(), rowCutoff: new Int32Array() }, residuals: { step: new Int32Array(), ds: new Int32Array(), residual: new Float64Array() }, bySeries: [], issues: [], seconds: 0, cancelled: true };
    }
  },
  async backend(name) {
    // Backend switches run one after another, so a slow first switch cannot undo a later one.
    const next = switching.then(() => useBackend(name));
    switching = next.catch(() => undefined);
    return next;
  },
  async benchmark(backends, steps = 20) {
    const tf = await loadTf();
    const available = await availableBackends();
    const out: BenchmarkRow[] = [];
    for (const b of backends) {
      if (!available.includes(b)) {
        out.push({ backend: b, mlpSamplesPerSec: null, lstmSamplesPerSec: null, note: 'not available in this browser' });
        continue;
      }
      try {
        const be = await useBackend(b);
        if (be.backend !== b) throw new Error(be.notes.join('; '));
        const software = be.adapter?.includes('fallback');
        const n = software ? 3 : steps;
        out.push({ backend: b, mlpSamplesPerSec: await microBenchmark(tf, { steps: n }), lstmSamplesPerSec: await lstmBenchmark(tf, { steps: Math.max(2, Math.round(n / 2)) }), note: software ? 'software (SwiftShader) adapter' : undefined });
      } catch (e) {
        out.push({ backend: b, mlpSamplesPerSec: null, lstmSamplesPerSec: null, note: e instanceof Error ? e.message : String(e) });
      }
    }
    return out;
  },
  async trainGlobal(ipc, columns, ids, req, onProgress) {
    const signal = newJob();
    const t0 = performance.now();
    const spec = getModel(req.model);
    const neural = spec.kind === 'neural';
    const tf = neural ? await loadTf() : null;
    let backend = neural ? await useBackend(req.backend) : { backend: 'js', adapter: null, available: [], notes: [] };
    onProgress?.({ fraction: 0, message: neural ? `Training on ${backend.backend}${backend.adapter ? ` (${backend.adapter})` : ''}…` : 'Training…' });
    const train = frameTrainData(ipcToTable(ipc), { columns, ids, freq: req.freq, season: req.season });
    const frameModel = Boolean(train.features) && modelCard(spec).inputs.includes('known_future');
    const options = { ...spec.defaults, ...validateOptions(req.model, req.options), ...(frameModel ? { importance: true } : { horizon: req.h }) };
    const ctx = { signal, onProgress: (p: { fraction: number }) => onProgress?.(p), seed: 1 };
    // A dense network far beyond the backend's memory is refused before anything is allocated.
    if (Array.isArray(options.hidden) && neural) {
      const size = { inputs: columns.length, hidden: options.hidden as number[], outputs: 3, batchSize: typeof options.batchSize === 'number' ? options.batchSize : 256 };
      if (trainingBytes(size) > memoryBudget(backend.backend))
        throw new Error(`${spec.label} is too big for the memory of the ${backend.backend} backend. ${memoryHint(options, columns.length, backend.backend)}`);
    }
    let fitted;
    const stopped = (): GlobalTrainResult => ({ model: req.model, backend, ids, forecasts: [], seconds: (performance.now() - t0) / 1000, cancelled: true, numTensors: tf?.memory().numTensors ?? 0, importance: [], decomposition: [] });
    try {
      fitted = await spec.fit(train, options, ctx);
    } catch (e) {
      if (signal.cancelled || (e as Error).name === 'CancelledError') return stopped();
      if (!neural) throw e;
      // A failed neural fit may leave the backend broken (a WebAssembly heap out of bounds): rebuild it so
      // the next, smaller job runs without a reload; say what size would have fit.
      await recoverBackend(backend.backend);
      if (isMemoryError(e)) throw new Error(`${spec.label} ran out of memory on ${backend.backend}. ${memoryHint(options, columns.length, backend.backend)} The ${backend.backend} backend was rebuilt, so a smaller model trains without a reload.`);
      if (['wasm', 'cpu'].includes(backend.backend)) throw e;
      // The backend broke mid-run: continue on wasm and say so.
      const reason = `${backend.backend} failed during training (${(e as Error).message}); continued on wasm`;
      backend = await useBackend('wasm');
      backend.notes.unshift(reason);
      onProgress?.({ fraction: 0, message: reason });
      fitted = await spec.fit(train, options, ctx);
    }
    // A cancel during the fit keeps the previous model and shows nothing (a partial fit is not a result).
    if (signal.cancelled) {
      disposeFitted(fitted);
      return stopped();
    }
    const fcs = await spec.predict(fitted, train, { h: req.h, levels: [80, 95] });
    const importance = (fitted.state as { importance?: GlobalTrainResult['importance'] } | null)?.importance ?? [];
    let decomposition: GlobalTrainResult['decomposition'] = [];
    if (frameModel && !signal.cancelled) {
      const groups: Record<string, number[]> = {};
      columns.forEach((c, i) => {
        if (['promo', 'price', 'holiday'].includes(c.family)) (groups[c.family] ??= []).push(i);
      });
      if (Object.keys(groups).length) {
        onProgress?.({ fraction: 1, message: 'Decomposing the forecast…' });
        const { decomposeForecast } = await import('../src/lib/models/global/decompose');
        decomposition = await decomposeForecast(cancellable(spec, signal) as never, fitted, train, { h: req.h, levels: [80] }, groups).catch((e: Error) => {
          if (e.name === 'CancelledError') return [];
          throw e;
        });
      }
    }
    if (signal.cancelled) {
      disposeFitted(fitted);
      return stopped();
    }
    // Keep this model for saving; free the previous one (tensors must not pile up run after run).
    if (last) disposeFitted(last.fitted);
    last = { fitted, columns, h: req.h, savedAt: '', spec: req.spec ?? null };
    const seconds = (performance.now() - t0) / 1000;
    const forecasts = fcs.map((f) => toModelForecast(req.model, spec.label, f, seconds));
    const result = { model: req.model, backend: tf ? info(tf, backend.available) : backend, ids: fcs.map((f) => f.id), forecasts, seconds, cancelled: signal.cancelled, numTensors: tf?.memory().numTensors ?? 0, importance, decomposition };
    if (tf) result.backend.notes = backend.notes;
    return transfer(result, buffersOf(forecasts));
  },
  async exportModel(keepInBrowser) {
    if (!last) throw new Error('Train a global model first.');
    if (!modelCard(getModel(last.fitted.model)).capabilities.save) throw new Error(`The ${getModel(last.fitted.model).label} model cannot be saved in this version; the neural networks, boosted trees, forest, tree and ridge models can.`);
    // The feature spec travels in the model file, so a loaded model rebuilds the same features.
    const text = JSON.stringify({ ...JSON.parse(await saveModel(last.fitted, last.columns, last.h)), featureSpec: last.spec });
    if (keepInBrowser && !(await saveFile('model.json', text).catch(() => false))) throw new Error('This browser does not let the studio keep files; download the model instead.');
    return text;
  },
  async importModel(text) {
    const source = text ?? (await (await readFile('model.json'))?.text());
    if (!source) throw new Error('No model is saved in this browser yet.');
    const { fitted, doc } = await loadModel(source);
    if (getModel(doc.model).kind === 'neural') await useBackend('auto');
    if (last) disposeFitted(last.fitted);
    const spec = ((JSON.parse(source) as { featureSpec?: FeatureSpec | null }).featureSpec ?? null);
    last = { fitted, columns: doc.columns, h: doc.h, savedAt: doc.savedAt, spec };
    // The lag strategy of the frame it was trained on, so the page rebuilds the same frame.
    const strategy = (fitted.state as { recursive?: boolean } | undefined)?.recursive ? ('recursive' as const) : ('direct' as const);
    return { model: doc.model, h: doc.h, savedAt: doc.savedAt, spec, strategy };
  },
  async predictLoaded(ipc, columns, ids, req) {
    if (!last) throw new Error('Load a model first.');
    const t0 = performance.now();
    const names = columns.map((c) => c.name).join('|');
    if (names !== last.columns.map((c) => c.name).join('|'))
      throw new Error('The feature table has different columns from the ones the model was trained on; build the features the same way (default features, same horizon) and try again.');
    const spec = getModel(last.fitted.model);
    const train = frameTrainData(ipcToTable(ipc), { columns, ids, freq: req.freq, season: req.season });
    const fcs = await spec.predict(last.fitted, train, { h: last.h, levels: [80, 95] });
    const seconds = (performance.now() - t0) / 1000;
    const forecasts = fcs.map((f) => toModelForecast(spec.name, spec.label, f, seconds));
    const tf = spec.kind === 'neural' ? await loadTf() : null;
    const backend = tf ? info(tf, await availableBackends()) : { backend: 'js', adapter: null, available: [], notes: [] };
    const importance = (last.fitted.state as { importance?: GlobalTrainResult['importance'] }).importance ?? [];
    return transfer({ model: spec.name, backend, ids: fcs.map((f) => f.id), forecasts, seconds, cancelled: false, numTensors: tf?.memory().numTensors ?? 0, importance, decomposition: [] }, buffersOf(forecasts));
  },
  async tune(ipc, columns, ids, req, onProgress) {
    const signal = newJob();
    const spec = getModel(req.model);
    if (spec.kind === 'neural') await useBackend('auto');
    const { successiveHalving } = await import('../src/lib/models/global/tune');
    const train = frameTrainData(ipcToTable(ipc), { columns, ids, freq: req.freq, season: req.season });
    const r = await successiveHalving(spec, train, { h: req.h, configs: req.configs, seed: 1 }, { signal, onProgress: (p) => onProgress?.(p) });
    return { trials: r.trials, best: r.best, bestWape: r.bestWape ?? NaN };
  },
  async cancel() {
    if (current) current.cancelled = true;
  },
  async exhaustMemory() {
    return exhaustMemory();
  },
};

expose(api);
