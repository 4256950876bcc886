/**
 * The forecast CLI as a function: fits on all of the data and writes the forecast beyond it under the
 * baseline plan or the user's `--plan`, with quantiles calibrated on a rolling-origin backtest (`forecastSales`:
 * the same `backtestSales` as `npm run backtest`, which also chooses `auto`; the studio's Forecast step runs it too). Exit codes: 0 ok, 1 failure,
 * 2 bad flags, missing columns, a wrong plan or a bad quantile.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createBaselinePlan, forecastSales, forecastSetCsv, validatePlan, writeForecasts } from '../lib/forecast';
import { getModel } from '../lib/models';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { FORECAST_USAGE, parseForecastArgs } from './forecastArgs';
import { cliPrologue, loadCliData, loadCliPlan, readCliFile, unknownModels, reportIssues, type CliIo } from './cliPrologue';
import { defaultModels } from './runCli';

/** Runs `npm run forecast` with `argv` (without node and script). */
export async function runForecast(argv: string[], io: CliIo): Promise<number> {
  const o = cliPrologue(argv, io, {
    usage: FORECAST_USAGE,
    parse: parseForecastArgs,
    check: (o) => unknownModels(io, o.model === 'auto' ? defaultModels(o.freq) : [o.model], (u) => `unknown model ${u}; use auto or one of:`),
    files: (o) => [['--data', o.data], ['--plan', o.plan]],
  });
  if (typeof o === 'number') return o;
  const names = o.model === 'auto' ? defaultModels(o.freq) : [o.model];
  const t0 = performance.now();
  const log = (m: string) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const file = readCliFile(io, o.data);
  if (typeof file === 'number') return file;
  const engine = await openNodeEngine();
  try {
    const zeroWhen = o.zeroWhen ? { column: o.zeroWhen.column, value: o.zeroWhen.value } : undefined;
    // The plan is checked before any model runs: a wrong plan fails fast.
    const data = await loadCliData(engine, io, file, o, log);
    if (data.exitCode) return data.exitCode;
    const covariates = data.covariates;
    const plan = await createBaselinePlan(engine, { freq: o.freq, h: o.h, covariates });
    log(`baseline plan: ${plan.rows} rows (${plan.fromFile} from the file's own future rows, the rest by the default rule)`);
    let table = plan.table;
    let planName = 'baseline';
    if (o.plan) {
      const loaded = await loadCliPlan(engine, io, o.plan);
      if (loaded !== true) return loaded;
      const checked = await validatePlan(engine, { input: 'plan_input', baseline: plan.table, covariates, fill: o.planFill === 'baseline' });
      for (const i of checked.issues) io.stderr(`${i.level === 'error' ? 'error' : i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
      if (!checked.table) return 2;
      table = checked.table;
      planName = basename(o.plan).replace(/\.csv$/i, '');
    }
    // The forecast contract (src/lib/forecast/forecastSales.ts, the studio's Forecast step runs it too).
    const res = await forecastSales(engine, {
      freq: o.freq, h: o.h, model: o.model, candidates: names, levels: o.quantiles, windows: o.windows, covariates, statics: o.statics,
      baselinePlan: plan.table, plan: table, planName, zeroWhen, fallback: getModel('snaive'), onProgress: (p) => log(`backtest: ${p.message}`),
    });
    reportIssues(io, res.issues);
    if (res.issues.some((i) => i.code === 'missing_column')) return 2;
    if (!res.set || !res.chosen) {
      io.stderr('error: the backtest that calibrates the quantiles produced no forecasts (is the history long enough for --h and --windows?)');
      return 1;
    }
    const { set, chosen } = res;
    if (res.coverage) io.stderr(`backtest: ${chosen}'s 80 % band, calibrated on the earlier window(s), covers ${(100 * res.coverage.share).toFixed(1)} % of ${res.coverage.n} outcomes of the last window (backtest wape ${res.wape?.toFixed(4) ?? '–'})`);
    await writeForecasts(engine, set);
    writeFileSync(o.out, forecastSetCsv(set));
    const fell = set.series.filter((s) => s.fallback).length;
    if (fell) io.stderr(`warning: ${fell} series used the fallback (seasonal naive)`);
    io.stdout(`model: ${set.model}; plan: ${set.plan}; ${set.series.length} series × ${o.h} periods → ${o.out}`);
    log('done');
    return 0;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await engine.close?.();
  }
}
