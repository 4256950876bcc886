/**
 * The promo CLI as a function: fits a model that reads price and promotion once on all of the data
 * (`fitForecaster`), forecasts the baseline plan and the scenario's edited plan without refitting
 * (`forecastFromPlan`), and writes the uplift decomposition with money (`decomposeUplift`). Quantile bands
 * are calibrated on one rolling-origin backtest window of the same model.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dayToIso, type CovariateMeta } from '../lib/data/contract';
import { ident } from '../lib/features/featureColumn';
import { calibrateQuantiles, candidateRows, createBaselinePlan, fitForecaster, forecastFromPlan, quantileLevels, quantileOf, type ForecastSet } from '../lib/forecast';
import { getModel, hasModel, listModels } from '../lib/models';
import { backtestPipeline, loadCsv, loadTrainData, mapSales, missingColumns, flagCovariates, strings, numbers, tableColumns, type SqlEngine } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { applyScenario, decomposeUplift, estimateElasticities, parseScenario, promoCovariates, regressionUplift, type PriceSeries, type Scenario, type UpliftRow } from '../lib/promo';
import { parsePromoArgs, PROMO_USAGE } from './promoArgs';
import type { CliIo } from './runCli';
import type { Freq } from '../lib/data/contract';

/** Runs `npm run promo` with `argv` (without node and script). */
export async function runPromo(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(PROMO_USAGE);
    return 0;
  }
  const o = parsePromoArgs(argv);
  if ('error' in o) {
    io.stderr(`error: ${o.error}\n${PROMO_USAGE}`);
    return 2;
  }
  if (!hasModel(o.model)) {
    io.stderr(`error: unknown model ${o.model}; one of: ${listModels().map((m) => m.name).join(', ')}`);
    return 2;
  }
  for (const [flag, f] of [['--data', o.data], ['--scenario', o.scenario]] as const)
    if (!existsSync(resolve(f))) {
      io.stderr(`error: ${flag} file not found: ${resolve(f)}`);
      return 2;
    }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(o.scenario), 'utf8'));
  } catch (e) {
    io.stderr(`error: --scenario is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const parsed = parseScenario(json);
  if (!parsed.scenario) {
    for (const i of parsed.issues) io.stderr(`error: ${i.message} ${i.hint ?? ''}`);
    return 2;
  }
  const scenario = parsed.scenario;
  const t0 = performance.now();
  const log = (m: string) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const engine = await openNodeEngine();
  try {
    await loadCsv(engine, { path: resolve(o.data) });
    const rawCols = await tableColumns(engine, 'raw');
    const covariates = flagCovariates(rawCols, { knownFuture: o.knownFuture, pastOnly: o.pastOnly });
    const mapping = { id: o.id, date: o.date, target: o.target, freq: o.freq, covariates, statics: o.statics };
    const group = scenario.group ?? defaultGroup(o.id, rawCols);
    const missing = [...missingColumns(rawCols, mapping), ...group.filter((g) => !(g in rawCols)).map((g) => ({ message: `Column "${g}" (scenario "group") is not in the file.`, hint: `The file has: ${Object.keys(rawCols).join(', ')}.` }))];
    if (missing.length) {
      for (const i of missing) io.stderr(`error: ${i.message} ${i.hint ?? ''}`);
      return 2;
    }
    const mapped = await mapSales(engine, mapping);
    if (mapped.issues.some((i) => i.level === 'error')) {
      for (const i of mapped.issues) io.stderr(`${i.level}: ${i.message}`);
      return 1;
    }
    const plan = await createBaselinePlan(engine, { freq: o.freq, h: o.h, covariates });
    const columns = scenario.columns ?? promoColumns(covariates);
    const applied = await applyScenario(engine, scenario, { baseline: plan.table, columns });
    for (const i of applied.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    if (!applied.table) return 2;
    for (const x of applied.extrapolations) io.stderr(`warning: promotions[${x.promotion}] is an extrapolation: ${x.reason}`);
    const unitCost = scenario.money.unitCostColumn;
    if (unitCost && !o.knownFuture.includes(unitCost)) {
      io.stderr(`error: the unit cost column "${unitCost}" must be passed with --known-future so the plan carries it.`);
      return 2;
    }
    log(`scenario "${scenario.name}": ${applied.windows.length} promoted series window(s); calibrating bands on one backtest window of ${o.model}`);
    const res = await backtestPipeline(engine, {
      id: o.id, date: o.date, target: o.target, freq: o.freq, h: o.h, windows: 1, selectionWindows: 0,
      knownFuture: o.knownFuture, pastOnly: o.pastOnly, statics: o.statics, models: [getModel(o.model)], fallback: getModel('snaive'),
    });
    if (!res.backtest || !res.score) {
      for (const i of res.issues) io.stderr(`${i.level}: ${i.message}`);
      io.stderr('error: the calibration backtest produced no forecasts (is the history long enough for --h?)');
      return 1;
    }
    const calibration = calibrateQuantiles(candidateRows(res.backtest, res.score, o.model), { h: o.h });
    const train = await loadTrainData(engine, { freq: o.freq, knownFuture: o.knownFuture, pastOnly: o.pastOnly, statics: o.statics });
    log(`fitting ${o.model} on all of the data`);
    const fitted = await fitForecaster(engine, train, { freq: o.freq, h: o.h, models: [getModel(o.model)], covariates, statics: o.statics, fallback: getModel('snaive'), plan: plan.table });
    const levels = quantileLevels([0.1, 0.9]);
    const t1 = performance.now();
    const base = await forecastFromPlan(fitted, { levels, calibration });
    const scen = await forecastFromPlan(fitted, { table: applied.table, name: scenario.name, levels, calibration });
    log(`baseline and scenario forecast in ${(performance.now() - t1).toFixed(0)} ms (no refit)`);
    const rows = await upliftRows(engine, base, scen, { baseline: plan.table, scenario: applied.table, price: columns.price, unitCost });
    const groups = await groupsOf(engine, o.id, group);
    const result = decomposeUplift({ rows, promoted: applied.windows, groupOf: (id) => groups.get(id) ?? id, dipPeriods: scenario.dipPeriods, ...scenario.money });
    const periods = bandRows(base, scen, rows);
    const estimates = columns.price ? await priceEstimates(engine, { ...columns, price: columns.price }, groups, o.freq, new Set(applied.windows.map((w) => w.unique_id))) : [];
    const typeOf = new Map(scenario.promotions.flatMap((p) => p.series.map((id) => [`${id}|${p.from}`, promoCovariates(p, { regularPrice: 1 }).typeCode] as const)));
    const checks = regressionUplift(rows, applied.windows, estimates, (w) => typeOf.get(`${w.unique_id}|${w.from}`) ?? 'tpr');
    for (const c of checks)
      if (c.gap !== null && c.gap > 0.25) io.stderr(`warning: ${c.unique_id}: the model's incremental (${c.modelIncremental.toFixed(1)}) and the price regression's (${c.regressionIncremental!.toFixed(1)}, elasticity ${c.elasticity?.toFixed(2) ?? '–'}) differ by ${(100 * c.gap).toFixed(0)} %`);
    const round = (v: number) => Math.round(v * 1000) / 1000;
    const money = (m: { revenue: number; grossMargin: number; vendorFunding: number; profit: number }) => ({ revenue: round(m.revenue), gross_margin: round(m.grossMargin), vendor_funding: round(m.vendorFunding), profit: round(m.profit) });
    const effects = (s: typeof result.total) => ({
      incremental: round(s.incremental), dip: round(s.dip), cannibalisation: round(s.cannibalisation), halo: round(s.halo), other: round(s.other), net: round(s.net),
      baseline_units: round(s.baselineUnits), scenario_units: round(s.scenarioUnits), fees: round(s.fees),
      revenue: round(s.delta.revenue), gross_margin: round(s.delta.grossMargin), vendor_funding: round(s.delta.vendorFunding), profit: round(s.delta.profit),
      baseline_money: money(s.baselineMoney), scenario_money: money(s.scenarioMoney),
    });
    const out = {
      scenario: scenario.name, model: fitted.model, cutoff: dayToIso(fitted.cutoff), horizon: { from: periods[0]?.ds, to: periods.at(-1)?.ds, periods: o.h },
      money_settings: { margin_pct: scenario.money.marginPct ?? (unitCost ? null : 0.3), unit_cost_column: unitCost ?? null, promo_fee: scenario.money.promoFee ?? 0, vendor_share: scenario.money.vendorShare ?? 0 },
      group_columns: group,
      extrapolations: applied.extrapolations,
      warnings: applied.issues.filter((i) => i.level !== 'error').map((i) => i.message),
      total: effects(result.total),
      response_check: checks.map((c) => ({
        unique_id: c.unique_id, model_incremental: round(c.modelIncremental), regression_incremental: c.regressionIncremental === null ? null : round(c.regressionIncremental),
        elasticity: c.elasticity === null ? null : round(c.elasticity), elasticity_se: c.se === null ? null : round(c.se), method: c.method, gap: c.gap === null ? null : round(c.gap), ...(c.note ? { note: c.note } : {}),
      })),
      series: result.series.filter((s) => s.role !== 'other' || Math.abs(s.net) > 1e-9).map((s) => ({ unique_id: s.unique_id, role: s.role, ...effects(s) })),
      periods,
    };
    writeFileSync(resolve(o.out), JSON.stringify(out, null, 2) + '\n');
    const t = result.total;
    io.stdout(`scenario "${scenario.name}" (${fitted.model}): incremental ${t.incremental.toFixed(1)}, dip ${t.dip.toFixed(1)}, cannibalisation ${t.cannibalisation.toFixed(1)}, halo ${t.halo.toFixed(1)}, net ${t.net.toFixed(1)} units; Δrevenue ${t.delta.revenue.toFixed(2)}, Δprofit ${t.delta.profit.toFixed(2)} → ${o.out}`);
    log('done');
    return 0;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await engine.close?.();
  }
}

/** Siblings share the id columns but the last (e.g. the store) and the category column when the file has one. */
function defaultGroup(id: string[], rawCols: Record<string, string>): string[] {
  return [...id.slice(0, -1), ...('category' in rawCols && !id.includes('category') ? ['category'] : [])];
}

/** The plan columns a promotion writes: the price, the numeric promotion flag and the text promotion type. */
export function promoColumns(covariates: CovariateMeta[]): Scenario['columns'] & object {
  const known = covariates.filter((c) => c.timing === 'known_future');
  return {
    price: known.find((c) => c.role === 'price')?.name,
    promo: known.find((c) => c.role === 'promo' && c.type === 'numeric')?.name,
    type: known.find((c) => c.role === 'promo' && c.type === 'categorical')?.name,
  };
}

async function groupsOf(engine: SqlEngine, id: string[], group: string[]): Promise<Map<string, string>> {
  const idSql = id.length === 1 ? `CAST(${ident(id[0])} AS VARCHAR)` : `concat_ws('/', ${id.map((c) => `CAST(${ident(c)} AS VARCHAR)`).join(', ')})`;
  const g = group.length ? `concat_ws('|', ${group.map((c) => `CAST(${ident(c)} AS VARCHAR)`).join(', ')})` : `'all'`;
  const t = await engine.query(`SELECT ${idSql} AS unique_id, any_value(${g}) AS g FROM raw GROUP BY 1`);
  const ids = strings(t, 'unique_id');
  const gs = strings(t, 'g');
  return new Map(ids.map((x, i) => [x, gs[i]]));
}

/** Price-response estimates of the promoted series (their groups' series too, for the shrinkage). */
async function priceEstimates(engine: SqlEngine, c: { price: string; promo?: string; type?: string }, groups: Map<string, string>, freq: Freq, promoted: Set<string>) {
  const want = new Set([...promoted].map((id) => groups.get(id)));
  const t = await engine.query(`SELECT unique_id, (epoch(ds) / 86400)::DOUBLE AS d, y, TRY_CAST(${ident(c.price)} AS DOUBLE) AS p,
    ${c.promo ? `TRY_CAST(${ident(c.promo)} AS DOUBLE)` : '0::DOUBLE'} AS f, ${c.type ? `CAST(${ident(c.type)} AS VARCHAR)` : `'promo'`} AS k
    FROM sales WHERE y IS NOT NULL ORDER BY unique_id, ds`);
  const ids = strings(t, 'unique_id');
  const [d, y, p, f] = ['d', 'y', 'p', 'f'].map((x) => numbers(t, x));
  const k = strings(t, 'k');
  const series: PriceSeries[] = [];
  for (let a = 0; a < ids.length; ) {
    let b = a + 1;
    while (b < ids.length && ids[b] === ids[a]) b++;
    if (want.has(groups.get(ids[a]))) {
      series.push({
        unique_id: ids[a], group: groups.get(ids[a]) ?? 'all', t: Array.from(d.subarray(a, b), Math.round), y: y.subarray(a, b), price: p.subarray(a, b),
        ...(c.promo ? { promo: f.subarray(a, b), promoType: k.slice(a, b) } : {}),
      });
    }
    a = b;
  }
  return estimateElasticities(series, { freq });
}

/** Baseline and scenario means joined with the plans' prices (and unit costs) per series and period. */
async function upliftRows(engine: SqlEngine, base: ForecastSet, scen: ForecastSet, o: { baseline: string; scenario: string; price?: string; unitCost?: string }): Promise<UpliftRow[]> {
  const price = new Map<string, [number, number, number]>();
  if (o.price) {
    const t = await engine.query(`SELECT b.unique_id, (epoch(b.ds) / 86400)::DOUBLE AS d, TRY_CAST(b.${ident(o.price)} AS DOUBLE) AS bp, TRY_CAST(s.${ident(o.price)} AS DOUBLE) AS sp,
      ${o.unitCost ? `TRY_CAST(b.${ident(o.unitCost)} AS DOUBLE)` : 'NULL::DOUBLE'} AS uc
      FROM ${ident(o.baseline)} b JOIN ${ident(o.scenario)} s USING (unique_id, ds)`);
    const ids = strings(t, 'unique_id');
    const [d, bp, sp, uc] = ['d', 'bp', 'sp', 'uc'].map((c) => numbers(t, c));
    ids.forEach((id, i) => price.set(`${id}|${Math.round(d[i])}`, [bp[i], sp[i], uc[i]]));
  }
  const scenBy = new Map(scen.series.map((s) => [s.id, s]));
  const rows: UpliftRow[] = [];
  for (const b of base.series) {
    const s = scenBy.get(b.id)!;
    b.ds.forEach((day, j) => {
      const [bp, sp, uc] = price.get(`${b.id}|${day}`) ?? [1, 1, NaN];
      rows.push({ unique_id: b.id, ds: dayToIso(day), baseline: b.mean[j], scenario: s.mean[j], basePrice: bp, scenarioPrice: sp, ...(Number.isFinite(uc) ? { unitCost: uc } : {}) });
    });
  }
  return rows;
}

/** Per series and period: baseline and scenario means with their 80 % bands and prices. */
function bandRows(base: ForecastSet, scen: ForecastSet, rows: UpliftRow[]) {
  const scenBy = new Map(scen.series.map((s) => [s.id, s]));
  const priceOf = new Map(rows.map((r) => [`${r.unique_id}|${r.ds}`, r]));
  const r3 = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1000) / 1000);
  return base.series.flatMap((b) => {
    const s = scenBy.get(b.id)!;
    return Array.from(b.ds, (day, j) => {
      const ds = dayToIso(day);
      const p = priceOf.get(`${b.id}|${ds}`);
      return {
        unique_id: b.id, ds, baseline: r3(b.mean[j]), baseline_lo: r3(quantileOf(base, b, 0.1)?.[j]), baseline_hi: r3(quantileOf(base, b, 0.9)?.[j]),
        scenario: r3(s.mean[j]), scenario_lo: r3(quantileOf(scen, s, 0.1)?.[j]), scenario_hi: r3(quantileOf(scen, s, 0.9)?.[j]),
        base_price: r3(p?.basePrice), scenario_price: r3(p?.scenarioPrice),
      };
    });
  });
}
