/**
 * The backtest CLI as a function: flags in, exit code out (0 ok, 1 failure, 2 bad flags or missing
 * columns). Progress and problems go to `io.stderr`; `--list-models` and the summary go to `io.stdout`.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_CANDIDATES, getModel, listModels } from '../lib/models';
import { backtestSales } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { cliPrologue, loadCliData, readCliFile, unknownModels, reportIssues, type CliIo } from './cliPrologue';
import { forecastsCsv } from './forecastsCsv';
import { parseArgs, USAGE, type CliOptions } from './parseArgs';

export type { CliIo } from './cliPrologue';

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
  let names: string[] = [];
  const o = cliPrologue(argv, io, {
    usage: USAGE,
    parse: parseArgs,
    check: (o) => {
      if (o.listModels) {
        for (const m of listModels()) io.stdout(m.name);
        return 0;
      }
      names = o.models.length ? o.models : defaultModels(o.freq);
      return unknownModels(io, names);
    },
    files: (o) => [['--data', o.data]],
  });
  if (typeof o === 'number') return o;
  const t0 = performance.now();
  const log = (m: string) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const file = readCliFile(io, o.data);
  if (typeof file === 'number') return file;
  const engine = await openNodeEngine();
  try {
    const data = await loadCliData(engine, io, file, o, log);
    if (data.exitCode) return data.exitCode;
    // After the data is read, so a bad file or a missing column fails before TF.js loads.
    if (names.some((n) => getModel(n).kind === 'neural')) log(`TF.js backend: ${await useWasmBackend()}`);
    const res = await backtestSales(engine, {
      freq: o.freq, h: o.h, windows: o.windows, selectionWindows: o.selectionWindows, covariates: data.covariates,
      statics: o.statics, models: names.map(getModel), fallback: getModel('snaive'),
      zeroWhen: o.zeroWhen, metric: o.metric, timeBudget: o.timeBudget || undefined, budgetStart: t0, onProgress: (p) => log(p.message),
    });
    reportIssues(io, res.issues);
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
