/**
 * The forecast CLI as a function: fits on all of the data and writes the forecast beyond it under the
 * baseline plan or the user's `--plan`, with quantiles calibrated on a rolling-origin backtest (`forecastSales`:
 * the same `backtestSales` as `npm run backtest`, which also chooses `auto`; the studio's Forecast step runs it too). Exit codes: 0 ok, 1 failure,
 * 2 bad flags, missing columns, a wrong plan or a bad quantile.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { literal } from '../lib/features/featureColumn';
import { createBaselinePlan, forecastSales, forecastSetCsv, validatePlan, writeForecasts } from '../lib/forecast';
import { getModel, hasModel, listModels } from '../lib/models';
import { loadCsv, mapSales, missingColumns, flagCovariates, tableColumns } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { FORECAST_USAGE, parseForecastArgs } from './forecastArgs';
import { defaultModels, type CliIo } from './runCli';

/** Runs `npm run forecast` with `argv` (without node and script). */
export async function runForecast(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(FORECAST_USAGE);
    return 0;
  }
  const o = parseForecastArgs(argv);
  if ('error' in o) {
    io.stderr(`error: ${o.error}\n${FORECAST_USAGE}`);
    return 2;
  }
  const names = o.model === 'auto' ? defaultModels(o.freq) : [o.model];
  const unknown = names.filter((n) => !hasModel(n));
  if (unknown.length) {
    io.stderr(`error: unknown model ${unknown.join(', ')}; use auto or one of: ${listModels().map((m) => m.name).join(', ')}`);
    return 2;
  }
  for (const [flag, f] of [['--data', o.data], ['--plan', o.plan]] as const)
    if (f && !existsSync(resolve(f))) {
      io.stderr(`error: ${flag} file not found: ${resolve(f)}`);
      return 2;
    }
  const t0 = performance.now();
  const log = (m: string) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const engine = await openNodeEngine();
  try {
    await loadCsv(engine, { path: resolve(o.data) });
    log(`loaded ${resolve(o.data)}`);
    const zeroWhen = o.zeroWhen ? { column: o.zeroWhen.column, value: o.zeroWhen.value } : undefined;
    const rawCols = await tableColumns(engine, 'raw');
    const covariates = flagCovariates(rawCols, { knownFuture: o.knownFuture, pastOnly: o.pastOnly, zeroWhen });
    const mapping = { id: o.id, date: o.date, target: o.target, freq: o.freq, covariates, statics: o.statics, completeOnly: o.completeOnly };
    const missing = missingColumns(rawCols, mapping);
    if (missing.length) {
      for (const i of missing) io.stderr(`error: ${i.message} ${i.hint ?? ''}`);
      return 2;
    }
    // The plan is checked before any model runs: a wrong plan fails fast.
    const mapped = await mapSales(engine, mapping);
    for (const i of mapped.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    if (mapped.issues.some((i) => i.level === 'error')) return 1;
    const plan = await createBaselinePlan(engine, { freq: o.freq, h: o.h, covariates });
    log(`baseline plan: ${plan.rows} rows (${plan.fromFile} from the file's own future rows, the rest by the default rule)`);
    let table = plan.table;
    let planName = 'baseline';
    if (o.plan) {
      await engine.exec(`CREATE OR REPLACE TABLE plan_input AS SELECT row_number() OVER () + 1 AS _line, * FROM read_csv(${literal(resolve(o.plan))}, all_varchar = true)`);
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
    for (const i of res.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
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
