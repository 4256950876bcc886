/**
 * The promo CLI as a function: checks the scenario on the baseline plan, then runs the studio's own what-if
 * path (`fitScenarioModel`: one fit of a model that reads price and promotion, bands calibrated on one
 * rolling-origin backtest window; `answerScenario`: the edited plan re-forecast without refitting and the
 * uplift decomposition with money) and writes it as JSON with a price-regression check beside it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dayToIso } from '../lib/data/contract';
import { ident } from '../lib/features/featureColumn';
import { createBaselinePlan } from '../lib/forecast';
import { getModel } from '../lib/models';
import { strings, numbers, type SqlEngine } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { answerScenario, applyScenario, estimateElasticities, fitScenarioModel, parseScenario, promoColumns, promoCovariates, regressionUplift, whatIfIssues, type PriceSeries } from '../lib/promo';
import { parsePromoArgs, PROMO_USAGE } from './promoArgs';
import { cliPrologue, loadCliData, readCliFile, unknownModels, type CliIo } from './cliPrologue';
import type { Freq } from '../lib/data/contract';

/** Runs `npm run promo` with `argv` (without node and script). */
export async function runPromo(argv: string[], io: CliIo): Promise<number> {
  const o = cliPrologue(argv, io, {
    usage: PROMO_USAGE,
    parse: parsePromoArgs,
    check: (o) => unknownModels(io, [o.model], (u) => `unknown model ${u}; one of:`),
    files: (o) => [['--data', o.data], ['--scenario', o.scenario]],
  });
  if (typeof o === 'number') return o;
  let json: unknown;
  const scenarioFile = readCliFile(io, o.scenario, '--scenario');
  if (typeof scenarioFile === 'number') return scenarioFile;
  try {
    json = JSON.parse(new TextDecoder().decode(scenarioFile.bytes).replace(/^\uFEFF/, ''));
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
  const file = readCliFile(io, o.data);
  if (typeof file === 'number') return file;
  const engine = await openNodeEngine();
  try {
    const data = await loadCliData(engine, io, file, { ...o, alsoNeeded: (scenario.group ?? []).map((g) => ['scenario "group"', g]) }, log);
    if (data.exitCode) return data.exitCode;
    const { columns: rawCols, covariates } = data;
    const group = scenario.group ?? defaultGroup(o.id, rawCols);
    const model = getModel(o.model);
    const early = whatIfIssues(model, covariates);
    if (early.length) {
      for (const i of early) io.stderr(`error: ${i.message} ${i.hint ?? ''}`);
      return 2;
    }
    // Checks the scenario on the baseline plan before anything is fitted (bad input fails in seconds).
    const plan = await createBaselinePlan(engine, { freq: o.freq, h: o.h, covariates });
    const columns = scenario.columns ?? promoColumns(covariates);
    const check = await applyScenario(engine, scenario, { baseline: plan.table, columns, table: 'plan_check' });
    for (const i of check.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    if (!check.table) return 2;
    for (const x of check.extrapolations) io.stderr(`warning: promotions[${x.promotion}] is an extrapolation: ${x.reason}`);
    const unitCost = scenario.money.unitCostColumn;
    if (unitCost && !o.knownFuture.includes(unitCost)) {
      io.stderr(`error: the unit cost column "${unitCost}" must be passed with --known-future so the plan carries it.`);
      return 2;
    }
    log(`scenario "${scenario.name}": ${check.windows.length} promoted series window(s); calibrating bands on one backtest window of ${o.model}, then fitting it once`);
    // The same two calls as the studio's Promo step (workers/promo.worker.ts): fit once, answer the scenario.
    const fit = await fitScenarioModel(engine, { freq: o.freq, h: o.h, model, fallback: getModel('snaive'), covariates, statics: o.statics, plan: plan.table, onProgress: log });
    if (!fit.model) {
      for (const i of fit.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
      return 1;
    }
    // The fit's warnings (e.g. why cannibalisation will be 0) are printed as the studio shows them.
    for (const i of fit.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    const groups = await groupsOf(engine, o.id, group);
    const answer = await answerScenario(engine, fit.model, scenario, { groupOf: (id) => groups.get(id) ?? id });
    if (!answer.result || !answer.rows || !answer.periods) {
      for (const i of answer.applied.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
      return 2;
    }
    log(`scenario forecast and decomposition in ${answer.ms.toFixed(0)} ms (no refit)`);
    const { result, rows, periods, applied } = answer;
    const fitted = fit.model.fitted;
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
