/**
 * The replenishment CLI as a function: flags in, exit code out (0 ok, 1 failure, 2 wrong input: flags,
 * missing columns, unusable inventory inputs or stock file, too little history). Progress and messages
 * go to `io.stderr`; the summary table to `io.stdout`; `--out` gets `{ policy, naive, orders }`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { stepDays } from '../lib/data/contract';
import { checkInputs, replenishPipeline, resolveInputs, type OrderPlan, type SimMetrics } from '../lib/inventory';
import { getModel } from '../lib/models';
import { numbers } from '../lib/pipeline';
import { openNodeEngine } from '../lib/pipeline/nodeEngine';
import { parseReplenishArgs, REPLENISH_USAGE, type ReplenishCliOptions } from './replenishArgs';
import { cliPrologue, loadCliData, loadCliPlan, loadCliStock, readCliFile, unknownModels, type CliIo } from './cliPrologue';
import { defaultModels } from './runCli';

const KEYS = ['cycle_service_level', 'fill_rate', 'avg_inventory', 'stockout_periods', 'total_cost'] as const;

/** The five figures the output file holds for a policy. */
export function metricsOut(m: SimMetrics): Record<(typeof KEYS)[number], number> {
  return Object.fromEntries(KEYS.map((k) => [k, Math.round(m[k] * 1e4) / 1e4])) as Record<(typeof KEYS)[number], number>;
}

/** The order plan in `result.json`: orders with their dates, per-period spend and units (and the solver's status). */
export function orderPlanOut(plan: OrderPlan, dates: string[], leadTime: number) {
  const at = (t: number) => dates[t] ?? `period ${t}`;
  return {
    orders: plan.orders.map((q) => ({ unique_id: q.id, order_date: at(q.orderIn), quantity: q.quantity, wanted: q.wanted, arrival_date: dates[q.arrivesIn] ?? `period ${q.orderIn + Math.round(leadTime)}`, position: Math.round(q.position * 100) / 100, order_up_to: Math.round(q.level * 100) / 100, reason: q.reason })),
    periods: plan.periods.map((p) => ({ order_date: at(p.t), spend: Math.round(p.spend * 100) / 100, units: p.units, status: p.status })),
  };
}

/** Runs `npm run replenish` with `argv` (without node and script). */
export async function runReplenish(argv: string[], io: CliIo): Promise<number> {
  let names: string[] = [];
  const o = cliPrologue(argv, io, {
    usage: REPLENISH_USAGE,
    parse: parseReplenishArgs,
    check: (o) => {
      names = o.models.length ? o.models : defaultModels(o.freq);
      if (!names.includes('snaive')) names.push('snaive');
      return unknownModels(io, names);
    },
    files: (o) => [['--data', o.data], ['--stock', o.stock]],
  });
  if (typeof o === 'number') return o;
  const flagIssues = checkFlags(o);
  if (flagIssues.length) {
    for (const i of flagIssues) io.stderr(`error: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    return 2;
  }
  const t0 = performance.now();
  const log = (m: string) => io.stderr(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const file = readCliFile(io, o.data);
  if (typeof file === 'number') return file;
  const engine = await openNodeEngine();
  try {
    const data = await loadCliData(engine, io, file, { ...o, map: false }, log);
    if (data.exitCode) return data.exitCode;
    let stock;
    if (o.stock) {
      const cols = o.date.replace(/"/g, '""');
      const last = numbers(await engine.query(`SELECT (max(TRY_CAST("${cols}" AS DATE)) - DATE '1970-01-01')::DOUBLE AS d FROM raw`), 'd')[0];
      const read = await loadCliStock(engine, io, o.stock, { id: o.id, asOf: last + stepDays(o.freq), periodDays: stepDays(o.freq) });
      if (typeof read === 'number') return read;
      stock = read;
    }
    let plan;
    if (o.plan) {
      if (!existsSync(resolve(o.plan))) {
        io.stderr(`error: --plan file not found: ${resolve(o.plan)}`);
        return 2;
      }
      const loaded = await loadCliPlan(engine, io, o.plan);
      if (loaded !== true) return loaded;
      plan = { input: 'plan_input', name: basename(o.plan).replace(/\.csv$/i, ''), fill: o.planFill };
    }
    const res = await replenishPipeline(engine, {
      plan, budget: o.budget, capacity: o.capacity,
      id: o.id, date: o.date, target: o.target, freq: o.freq, h: o.h, knownFuture: o.knownFuture, zeroWhen: o.zeroWhen, completeOnly: o.completeOnly,
      models: names.map(getModel), fallback: getModel('snaive'), leadTime: o.leadTime, leadTimeSd: o.leadTimeSd, review: o.review, service: o.service,
      serviceKind: o.serviceKind, batch: o.batch, moq: o.moq, stock, simulate: o.simulate, samples: o.samples, seed: o.seed, onProgress: (p) => log(p.message),
    });
    for (const i of res.issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    if (res.issues.some((i) => i.level === 'error')) return 2;
    if (!res.policy || !res.naive) return 1;
    const json = {
      policy: metricsOut(res.policy), naive: metricsOut(res.naive), orders: res.orders,
      // Extra keys (beyond the issue's three): the searches by simulation beside the formula values.
      search: {
        ...(res.best ? { service: { target: o.service, best: res.best.service, best_metrics: metricsOut(res.best.metrics) } } : {}),
        ...(res.reviewSearch ? { review: { given: o.review, formula: res.reviewSearch.formula, best: res.reviewSearch.best.review, points: res.reviewSearch.points.map((p) => ({ review: p.review, ...metricsOut(p.metrics) })) } } : {}),
      },
      ...(res.snaive ? { snaive: metricsOut(res.snaive) } : {}),
      ...(res.orderPlan ? { order_plan: orderPlanOut(res.orderPlan, res.planDates ?? [], o.leadTime) } : {}),
    };
    if (o.out) writeFileSync(o.out, JSON.stringify(json, null, 2) + '\n');
    const row = (name: string, m: SimMetrics) =>
      `${name.padEnd(22)} ${m.cycle_service_level.toFixed(3)}  ${m.fill_rate.toFixed(3)}  ${m.avg_inventory.toFixed(1).padStart(9)}  ${String(m.stockout_periods).padStart(6)}  ${m.total_cost.toFixed(0).padStart(10)}`;
    io.stdout(`policy                 csl    fill   avg_inv    stockouts  total_cost   (${res.series.length} series, ${o.simulate} periods, auto = ${res.selected})`);
    io.stdout(row('policy (auto)', res.policy));
    if (res.snaive) io.stdout(row('policy (snaive)', res.snaive));
    io.stdout(row('naive mean + zσ', res.naive));
    if (res.best) io.stdout(row(`search: p = ${res.best.service}`, res.best.metrics));
    if (res.reviewSearch) {
      for (const p of res.reviewSearch.points) io.stdout(row(`search: R = ${p.review}${p.review === o.review ? ' (given)' : ''}`, p.metrics));
      io.stdout(`review period: formula (EOQ / d, median over series) R = ${res.reviewSearch.formula}; cheapest by simulation R = ${res.reviewSearch.best.review}`);
    }
    if (res.orderPlan) {
      const cut = res.orderPlan.orders.filter((q) => q.quantity < q.wanted).length;
      const top = Math.max(0, ...res.orderPlan.periods.map((p) => p.spend));
      io.stdout(`order plan: ${res.orderPlan.orders.filter((q) => q.quantity > 0).length} orders over ${o.h} periods${o.plan ? ` under the plan ${o.plan}` : ''}; ${cut} cut by the limits; most spent in one period ${top.toFixed(0)}${o.budget !== undefined ? ` (budget ${o.budget})` : ''}`);
    }
    log('done');
    return 0;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await engine.close?.();
  }
}

/** The flag-wide inventory inputs checked before any data is read (lead time, horizon, service). */
function checkFlags(o: ReplenishCliOptions) {
  const ppy = o.freq === 'D' ? 365 : o.freq === 'W' ? 52 : 12;
  const x = resolveInputs({ id: 'all series', leadTime: o.leadTime, leadTimeSd: o.leadTimeSd, review: o.review, service: o.service, batch: o.batch, moq: o.moq }, { periodsPerYear: ppy });
  const issues = checkInputs(x, { horizon: o.h, periodsPerYear: ppy, canExtend: true }).filter((i) => i.level === 'error');
  for (const i of issues) if (i.code === 'lead_time_beyond_horizon') i.hint = `Run again with --h ${Math.round(o.leadTime + 2 * (o.leadTimeSd ?? 0)) + o.review} or more (a longer forecast), or shorten --lead-time / --review.`;
  return issues;
}
