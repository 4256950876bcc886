/**
 * The forecast CLI as a function: fits on all of the data and writes the forecast beyond it under the
 * baseline plan or the user's `--plan`, with quantiles calibrated on a rolling-origin backtest (the same
 * `backtestSales` as `npm run backtest`, which also chooses `auto`). Exit codes: 0 ok, 1 failure,
 * 2 bad flags, missing columns, a wrong plan or a bad quantile.
 */
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { literal } from '../lib/features/featureColumn';
import {
  calibrateQuantiles, calibratedCoverage, candidateRows, createBaselinePlan, ensembleMethod, fitForecaster, forecastFromPlan, forecastSetCsv, validatePlan, writeForecasts,
} from '../lib/forecast';
import { getModel } from '../lib/models';
import { backtestSales, loadTrainData, withZeroWhen } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { FORECAST_USAGE, parseForecastArgs } from './forecastArgs';
import { cliPrologue, loadCliData, readCliFile, unknownModels, reportIssues, type CliIo } from './cliPrologue';
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
      await engine.exec(`CREATE OR REPLACE TABLE plan_input AS SELECT row_number() OVER () + 1 AS _line, * FROM read_csv(${literal(resolve(o.plan))}, all_varchar = true)`);
      const checked = await validatePlan(engine, { input: 'plan_input', baseline: plan.table, covariates, fill: o.planFill === 'baseline' });
      for (const i of checked.issues) io.stderr(`${i.level === 'error' ? 'error' : i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
      if (!checked.table) return 2;
      table = checked.table;
      planName = basename(o.plan).replace(/\.csv$/i, '');
    }
    const res = await backtestSales(engine, {
      freq: o.freq, h: o.h, windows: 1, selectionWindows: Math.max(0, o.windows - 1), covariates,
      statics: o.statics, models: names.map(getModel), fallback: getModel('snaive'), zeroWhen, onProgress: (p) => log(`backtest: ${p.message}`),
    });
    reportIssues(io, res.issues);
    if (res.issues.some((i) => i.level === 'error') || !res.backtest || !res.score) {
      io.stderr('error: the backtest that calibrates the quantiles produced no forecasts (is the history long enough for --h and --windows?)');
      return 1;
    }
    const chosen = o.model === 'auto' ? res.score.selected : o.model;
    const rows = candidateRows(res.backtest, res.score, chosen);
    const train = await loadTrainData(engine, { freq: o.freq, knownFuture: covariates.filter((c) => c.timing === 'known_future').map((c) => c.name), pastOnly: o.pastOnly, statics: o.statics });
    const zero = zeroWhen ? { column: zeroWhen.column, value: Number(zeroWhen.value) } : undefined;
    const closed = new Set<string>();
    if (zero) for (const s of train.series) s.x?.[zero.column]?.forEach((v, i) => v === zero.value && closed.add(`${s.id}|${s.ds[i]}`));
    const knownZero = zero ? (id: string, ds: number) => closed.has(`${id}|${ds}`) : undefined;
    const windows = [...new Set(rows.map((r) => r.window))].sort((a, b) => a - b);
    if (windows.length > 1) {
      const cov = calibratedCoverage(rows, o.h, { calibrationWindows: windows.slice(0, -1), evalWindows: windows.slice(-1), knownZero, floor: 0 });
      io.stderr(`backtest: ${chosen}'s 80 % band, calibrated on the earlier window(s), covers ${(100 * cov.share).toFixed(1)} % of ${cov.n} outcomes of the last window (backtest wape ${res.score.models.find((m) => m.model === (o.model === 'auto' ? 'auto' : o.model))?.wape?.toFixed(4) ?? '–'})`);
    }
    const calibration = calibrateQuantiles(rows, { h: o.h, knownZero });
    const ens = res.score.ensembles.find((e) => e.name === chosen);
    const memberNames = ens ? ens.members : [chosen];
    const models = memberNames.map((n) => (zero ? withZeroWhen(getModel(n), zero) : getModel(n)));
    log(`fitting ${memberNames.join(', ')} on all of the data`);
    const fitted = await fitForecaster(engine, train, {
      freq: o.freq, h: o.h, models, covariates, statics: o.statics, fallback: getModel('snaive'), plan: plan.table,
      ...(ens ? { ensemble: { name: ens.name, method: ensembleMethod(ens.name), members: ens.members, weights: ens.weights } } : {}),
      ...(zeroWhen ? { exclude: zeroWhen } : {}), ...(zero ? { zeroWhen: zero } : {}),
    });
    const set = await forecastFromPlan(fitted, { table, name: planName, levels: o.quantiles, calibration });
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
