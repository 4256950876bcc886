/**
 * The backtest CLI as a function: flags in, exit code out (0 ok, 1 failure, 2 bad flags or missing
 * columns). Progress and problems go to `io.stderr`; `--list-models` and the summary go to `io.stdout`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CANDIDATES, getModel, hasModel, listModels } from '../lib/models';
import { backtestPipeline, loadCsv } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { forecastsCsv } from './forecastsCsv';
import { parseArgs, USAGE, type CliOptions } from './parseArgs';

/** Where the CLI writes. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** The default candidate set ({@link DEFAULT_CANDIDATES}, shared with the studio's Backtest step). */
export function defaultModels(_freq: CliOptions['freq']): string[] {
  return [...DEFAULT_CANDIDATES];
}

/** TF.js on its wasm backend in Node (about 3× the default pure-JS `cpu`); says which backend runs. */
async function useWasmBackend(): Promise<string> {
  const tf = await import('@tensorflow/tfjs');
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) await tf.ready();
  } catch {
    // keep the default backend
  }
  return tf.getBackend();
}

/** Runs the CLI with `argv` (without node and script). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    io.stderr(`error: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.listModels) {
    for (const m of listModels()) io.stdout(m.name);
    return 0;
  }
  const o = parsed;
  const names = o.models.length ? o.models : defaultModels(o.freq);
  const unknown = names.filter((n) => !hasModel(n));
  if (unknown.length) {
    io.stderr(`error: unknown model(s) ${unknown.join(', ')}; known: ${listModels().map((m) => m.name).join(', ')}`);
    return 2;
  }
  const path = resolve(o.data);
  if (!existsSync(path)) {
    io.stderr(`error: --data file not found: ${path}`);
    return 2;
  }
  const t0 = performance.now();
  const log = (m: string) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  if (names.some((n) => getModel(n).kind === 'neural')) log(`TF.js backend: ${await useWasmBackend()}`);
  const engine = await openNodeEngine();
  try {
    await loadCsv(engine, { path });
    log(`loaded ${path}`);
    const res = await backtestPipeline(engine, {
      id: o.id, date: o.date, target: o.target, freq: o.freq, h: o.h, windows: o.windows, selectionWindows: o.selectionWindows,
      knownFuture: o.knownFuture, pastOnly: o.pastOnly, statics: o.statics, models: names.map(getModel), fallback: getModel('snaive'),
      zeroWhen: o.zeroWhen, completeOnly: o.completeOnly, metric: o.metric, timeBudget: o.timeBudget || undefined, onProgress: (p) => log(p.message),
    });
    for (const i of res.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    if (res.issues.some((i) => i.code === 'missing_column')) return 2;
    if (!res.score) {
      io.stderr('error: the backtest produced no forecasts');
      return 1;
    }
    const json = { models: res.score.models, selected: res.score.selected };
    if (o.out) writeFileSync(o.out, JSON.stringify(json, null, 2) + '\n');
    if (o.forecastOut) writeFileSync(o.forecastOut, forecastsCsv(res.score.rows, res.backtest?.levels ?? [80, 95]));
    const fmt = (v: number | null, d = 4) => (v === null ? '–' : v.toFixed(d));
    io.stdout(`model            wape     mase    cov80  cov95  fit_s`);
    for (const m of res.score.models) io.stdout(`${m.model.padEnd(16)} ${fmt(m.wape)}  ${fmt(m.mase)}  ${fmt(m.coverage_80, 3)}  ${fmt(m.coverage_95, 3)}  ${m.fit_seconds.toFixed(1)}`);
    io.stdout(`selected: ${res.score.selected}`);
    const sel = Object.entries(res.score.selectionScores).filter(([, v]) => v !== null).sort((a, b) => a[1]! - b[1]!);
    io.stderr(`selection windows (${o.metric}): ${sel.map(([m, v]) => `${m} ${v!.toFixed(3)}`).join(', ')}`);
    for (const [m, why] of Object.entries(res.score.ruledOut)) io.stderr(`ruled out: ${m} ${why}`);
    log('done');
    return 0;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await engine.close?.();
  }
}
