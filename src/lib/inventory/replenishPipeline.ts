/**
 * Replenishment on a loaded `raw` table, engine-agnostic (CLI in Node, db/train workers in the browser):
 * checks the inputs, runs the rolling-origin backtest (`backtestPipeline`, cutoffs every `step` periods so
 * every replayed period has a forecast made before it), replays the policy, the naive benchmark and the
 * policy on seasonal-naive forecasts, and computes the next orders from a forecast made at the end.
 */
import { addPeriods, dayToIso, seasonLength, type DataIssue, type Freq } from '../data/contract';
import type { BacktestRow } from '../backtest';
import type { QuantileLevel } from '../forecast/quantiles';
import type { ModelSpec, TrainData } from '../models/protocol';
import { backtestPipeline, flagCovariates, mapSales, missingColumns, tableColumns } from '../pipeline';
import type { HighsSolver } from '../promo/optimisePromotions';
import { numbers, strings, type SqlEngine } from '../pipeline';
import { INVENTORY_DEFAULTS, checkInputs, resolveInputs, type InventoryRow, type ResolvedInputs, type ServiceKind } from './inputs';
import { candidateRows } from '../forecast/calibratedCoverage';
import { replaySeries, poolMetrics, type SeriesReplay } from './historyReplay';
import { calibrationsByCutoff, demandLevels, periodsOfSet, residualDispersion } from './calibratedDemand';
import { isIntermittent as isIntermittentHistory } from './countDistribution';
import { nextOrders } from './nextOrders';
import { orderPlan, type OrderPlan } from './orderPlan';
import { checkUserPlan, forecastUnderPlan, type UserPlan } from './planForecast';
import { poolReviewSearch, type PooledReviewSearch } from './reviewSearch';
import type { SimMetrics } from './simulate';

/** Options of {@link replenishPipeline}. */
export interface ReplenishOptions {
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  /** Forecast horizon (must cover lead time + review). */
  h: number;
  knownFuture?: string[];
  zeroWhen?: { column: string; value: string };
  completeOnly?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  models: ModelSpec<any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fallback: ModelSpec<any>;
  leadTime: number;
  leadTimeSd?: number;
  review: number;
  service: number;
  serviceKind?: ServiceKind;
  batch?: number;
  moq?: number;
  /** Per-series rows (from the stock file); flags fill what they leave out. */
  stock?: InventoryRow[];
  /** Periods replayed at the end of the history. */
  simulate: number;
  samples?: number;
  seed?: number;
  /** Review periods the R search tries (default 1 … 7 within the horizon; [] = none). */
  reviewGrid?: number[];
  /** A plan of the future (planned promotions…): the orders come from the selected model's forecast under it. */
  plan?: UserPlan;
  /** Most money (Σ unit cost × quantity) per order period across series: the order plan is an integer program. */
  budget?: number;
  /** Most units per order period across series. */
  capacity?: number;
  /** A loaded HiGHS (the browser's); Node loads `highs` itself. */
  highs?: HighsSolver;
  onProgress?: (p: { message: string }) => void;
}

/** One recommended order in the output. */
export interface OrderOut {
  unique_id: string;
  order_date: string;
  quantity: number;
  arrival_date: string;
  position: number;
  order_up_to: number;
  on_hand: number;
  on_hand_source: 'stock file' | 'end of simulation';
  model: string;
  reason: string;
}

/** The result: pooled metrics, per series replays, the search and the orders. */
export interface ReplenishResult {
  policy?: SimMetrics;
  naive?: SimMetrics;
  snaive?: SimMetrics;
  /** Pooled metrics of each searched service quantile (cost-minimising one = `best`). */
  search?: { service: number; metrics: SimMetrics }[];
  best?: { service: number; metrics: SimMetrics };
  /** Search over the review period R by simulation, pooled over series, beside the formula's R. */
  reviewSearch?: PooledReviewSearch;
  series: SeriesReplay[];
  orders: OrderOut[];
  /** Order plan over the horizon (with `plan`, `budget` or `capacity`): orders per review, cut to the limits. */
  orderPlan?: OrderPlan;
  /** Forecast-period dates of the order plan (ISO), index = the plan's period t. */
  planDates?: string[];
  /** Model whose forecasts drove the policy (`auto` = the backtest's choice) and what it stood for. */
  model?: string;
  selected?: string;
  issues: DataIssue[];
}

const periodsPerYear = (f: Freq) => (f === 'D' ? 365 : f === 'W' ? 52 : 12);

/** Runs the replenishment study; problems in the data or inputs come back in `issues` (level error = stop). */
export async function replenishPipeline(engine: SqlEngine, o: ReplenishOptions): Promise<ReplenishResult> {
  const ppy = periodsPerYear(o.freq);
  const flags: InventoryRow = { id: '*', leadTime: o.leadTime, leadTimeSd: o.leadTimeSd, review: o.review, service: o.service, serviceKind: o.serviceKind, batch: o.batch, moq: o.moq };
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const flagInputs = resolveInputs({ ...defined, id: 'all series' } as InventoryRow, { periodsPerYear: ppy });
  const issues = checkInputs(flagInputs, { horizon: o.h, periodsPerYear: ppy, canExtend: true }).filter((i) => i.code !== 'cost_defaults');
  for (const i of issues) if (i.code === 'lead_time_beyond_horizon') i.hint = `Run again with --h ${Math.round(o.leadTime + 2 * (o.leadTimeSd ?? 0)) + o.review} or more (a longer forecast), or shorten --lead-time / --review.`;
  if (issues.some((i) => i.level === 'error')) return { series: [], orders: [], issues };
  const L = Math.round(o.leadTime + 2 * (o.leadTimeSd ?? 0));
  const step = Math.max(1, Math.min(seasonLength(o.freq), o.h - L - o.review + 1));
  const windows = Math.max(1, Math.ceil((o.simulate - o.h) / step) + 1);
  o.onProgress?.({ message: `backtest: ${windows} origins every ${step} periods, h = ${o.h}` });
  const hasSnaive = o.models.some((m) => m.name === 'snaive');
  const rawCols = await tableColumns(engine, 'raw');
  const covariates = flagCovariates(rawCols, o);
  // Stock-file rows are checked before the backtest (negative stock, lead time 0, service 100 %…).
  for (const r of o.stock ?? []) {
    const x = resolveInputs({ ...defined, ...r } as InventoryRow, { periodsPerYear: ppy });
    issues.push(...checkInputs(x, { horizon: o.h, periodsPerYear: ppy, canExtend: true }).filter((i) => i.level === 'error'));
  }
  let userPlan: { table: string; baseline: string } | undefined;
  const moqs = o.moq !== undefined || (o.stock ?? []).some((r) => r.moq !== undefined);
  if (!o.plan && !moqs && issues.some((i) => i.level === 'error')) return { series: [], orders: [], issues };
  if (o.plan || moqs) {
    // Checked before the backtest so that a wrong plan or an impossible MOQ fails fast.
    const mapping = { id: o.id, date: o.date, target: o.target, freq: o.freq, covariates, completeOnly: o.completeOnly };
    const missing = missingColumns(rawCols, mapping);
    if (missing.length) return { series: [], orders: [], issues: [...issues, ...missing] };
    const mapped = await mapSales(engine, mapping);
    if (mapped.issues.some((i) => i.level === 'error')) return { series: [], orders: [], issues: [...issues, ...mapped.issues] };
    if (moqs) issues.push(...(await moqAboveYear(engine, o, ppy)));
    if (issues.some((i) => i.level === 'error')) return { series: [], orders: [], issues };
    if (o.plan) {
      const checked = await checkUserPlan(engine, o.plan, { freq: o.freq, h: o.h, covariates });
      issues.push(...checked.issues.map((i) => ({ ...i, message: `--plan ${o.plan!.name}: ${i.message}` })));
      if (!checked.table) return { series: [], orders: [], issues };
      userPlan = { table: checked.table, baseline: checked.baseline };
    }
  }
  const bt = await backtestPipeline(engine, {
    id: o.id, date: o.date, target: o.target, freq: o.freq, h: o.h, windows, selectionWindows: 1, step, knownFuture: o.knownFuture,
    models: o.models, fallback: o.fallback, zeroWhen: o.zeroWhen, completeOnly: o.completeOnly, onProgress: (p) => o.onProgress?.({ message: p.message }),
  });
  issues.push(...bt.issues.map((i) => (i.code === 'backtest_too_long' ? { ...i, message: `Too little history to replay ${o.simulate} periods: ${i.message}`, hint: `Replay fewer periods (--simulate) or shorten --h. ${i.hint ?? ''}`.trim() } : i)));
  if (!bt.score || !bt.train) return { series: [], orders: [], issues };
  const train = bt.train;
  const byId = new Map((o.stock ?? []).map((r) => [r.id, r]));
  const unknown = (o.stock ?? []).filter((r) => !train.series.some((s) => s.id === r.id)).map((r) => r.id);
  if (unknown.length) issues.push({ level: 'warning', code: 'stock_unknown_series', message: `${unknown.length} stock rows match no series: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}.`, hint: 'Check that unique_id is the id columns joined with "/".' });
  const L0 = Math.round(o.leadTime);
  const span = L0 + Math.max(1, o.review);
  const zero = o.zeroWhen ? { column: o.zeroWhen.column, value: Number(o.zeroWhen.value) } : undefined;
  const closed = new Set<string>();
  if (zero) for (const s of train.series) s.x?.[zero.column]?.forEach((v, i) => v === zero.value && closed.add(`${s.id}|${s.ds[i]}`));
  const knownZero = zero ? (id: string, ds: number) => closed.has(`${id}|${ds}`) : undefined;
  const levels = demandLevels([o.service, ...(o.stock ?? []).map((r) => r.service ?? NaN)]);
  // The policy's forecasts: the selected candidate's rows over every origin (selection window included), calibrated per origin.
  const modelAll = candidateRows(bt.backtest!, bt.score, bt.score.selected);
  const snaiveAll = hasSnaive ? bt.backtest!.rows.filter((r) => r.model === 'snaive') : [];
  const calOpts = { h: o.h, span, knownZero };
  const modelCal = calibrationsByCutoff(modelAll, calOpts);
  const snaiveCal = snaiveAll.length ? calibrationsByCutoff(snaiveAll, calOpts) : undefined;
  const byIdRows = (rows: typeof modelAll) => {
    const m = new Map<string, typeof modelAll>();
    for (const r of rows) m.set(r.id, [...(m.get(r.id) ?? []), r]);
    return m;
  };
  const modelById = byIdRows(modelAll);
  const snaiveById = byIdRows(snaiveAll);
  const series: SeriesReplay[] = [];
  const inputsOf = new Map<string, ResolvedInputs>();
  const minHistory = o.simulate + 2 * seasonLength(o.freq);
  for (const s of train.series) {
    const x = resolveInputs({ ...defined, ...(byId.get(s.id) ?? {}), id: s.id } as InventoryRow, { periodsPerYear: ppy });
    const recent = s.y.slice(-Math.min(s.y.length, ppy));
    const mean = recent.reduce((a, v) => a + v, 0) / Math.max(1, recent.length);
    const own = checkInputs(x, { horizon: o.h, periodsPerYear: ppy, meanDemand: mean, canExtend: true }).filter((i) => i.code !== 'cost_defaults');
    issues.push(...own.filter((i) => byId.has(s.id) || i.level !== 'error'));
    if (own.some((i) => i.level === 'error')) continue;
    if (s.y.length < minHistory) {
      issues.push({ level: 'warning', code: 'too_short_for_replay', message: `${s.id}: ${s.y.length} periods of history, the replay needs ${minHistory} (${o.simulate} replayed + ${minHistory - o.simulate} before for the naive policy).`, where: s.id, hint: 'Replay fewer periods or leave this series out.' });
      continue;
    }
    const rows = modelById.get(s.id) ?? [];
    if (!rows.length) continue;
    inputsOf.set(s.id, x);
    const history = s.y.subarray(0, s.y.length - o.simulate);
    const shape = isIntermittentHistory(history) ? { intermittent: true, dispersion: residualDispersion(rows) } : undefined;
    series.push(replaySeries({
      ds: s.ds, y: s.y, periods: o.simulate, inputs: x, model: { rows, calibrations: modelCal },
      snaive: snaiveCal ? { rows: snaiveById.get(s.id) ?? [], calibrations: snaiveCal } : undefined,
      levels, season: train.season, knownZero, shape, samples: o.samples, seed: o.seed, periodsPerYear: ppy, reviewGrid: o.reviewGrid,
    }));
  }
  const costKeys = ['holdingCost', 'orderingCost', 'stockoutCost'];
  const defaultedCosts = [...inputsOf.values()].filter((x) => x.defaulted.some((k) => costKeys.includes(k)));
  if (defaultedCosts.length) {
    const which = costKeys.filter((k) => defaultedCosts.some((x) => x.defaulted.includes(k)));
    const d = INVENTORY_DEFAULTS;
    issues.push({
      level: 'info', code: 'cost_defaults',
      message: `Costs not given for ${defaultedCosts.length} of ${inputsOf.size} series (${which.join(', ')}): the assortment defaults are used and marked as such — holding ${d.holdingRate * 100} % a year of a unit cost of ${d.unitCost}, ordering cost ${d.orderingCost}, stock-out cost ${d.stockoutCost} per unit short.`,
      hint: 'Give unit_cost, holding_rate or holding_cost, ordering_cost and stockout_cost in --stock to use your own.',
    });
  }
  if (!series.length) {
    issues.push({ level: 'error', code: 'nothing_replayed', message: 'No series could be replayed.', hint: 'See the messages above.' });
    return { series, orders: [], issues };
  }
  o.onProgress?.({ message: `replayed ${series.length} series` });
  const cost = (input: SimMetrics) => input.total_cost;
  const grid = series[0].search.map((p, k) => ({ service: p.service, metrics: poolMetrics(series.map((r) => r.search[k].metrics)) }));
  const best = grid.reduce((a, b) => (cost(b.metrics) < cost(a.metrics) ? b : a));
  let underPlan: Parameters<typeof nextOrders>[10];
  if (userPlan) {
    o.onProgress?.({ message: `fitting ${bt.score.selected} on all of the data to forecast under the plan ${o.plan!.name}` });
    const set = await forecastUnderPlan(engine, {
      train, freq: o.freq, h: o.h, covariates, backtest: bt.backtest!, score: bt.score, models: o.models, fallback: o.fallback,
      table: userPlan.table, baseline: userPlan.baseline, name: o.plan!.name, levels, zeroWhen: o.zeroWhen, knownZero,
    });
    underPlan = { set, rows: modelAll, correlation: modelCal.size ? [...modelCal.values()].pop()!.correlation : 0 };
  }
  const next = await nextOrders(train, series, inputsOf, byId, o, bt.score.selected, bt.score.models.map((m) => m.model), bt.backtest!.rows, levels, knownZero, underPlan);
  let orders = next.orders;
  let plan: OrderPlan | undefined;
  let planDates: string[] | undefined;
  if (o.plan || o.budget !== undefined || o.capacity !== undefined) {
    o.onProgress?.({ message: `order plan over ${o.h} periods${o.budget !== undefined ? `, budget ${o.budget} a period` : ''}${o.capacity !== undefined ? `, capacity ${o.capacity} units a period` : ''}` });
    plan = await orderPlan({ series: next.plan, budget: o.budget, capacity: o.capacity, highs: o.highs, seed: o.seed });
    issues.push(...plan.issues);
    const first = next.set.series[0]?.ds[0];
    planDates = first === undefined ? [] : Array.from({ length: o.h }, (_, t) => dayToIso(addPeriods(first, t, o.freq)));
    // With a limit the next orders are the plan's first-period allocation.
    if (o.budget !== undefined || o.capacity !== undefined)
      orders = orders.map((r) => {
        const p = plan!.orders.find((q) => q.id === r.unique_id && q.orderIn === 0);
        return !p || p.quantity === r.quantity ? r : { ...r, quantity: p.quantity, reason: `${r.reason}; cut from ${r.quantity} to ${p.quantity} by the ${o.budget !== undefined && o.capacity !== undefined ? 'budget / capacity' : o.budget !== undefined ? 'budget' : 'capacity'}` };
      });
  }
  const reviewSearch = poolReviewSearch(series);
  return {
    ...(reviewSearch ? { reviewSearch } : {}),
    ...(plan ? { orderPlan: plan, planDates } : {}),
    policy: poolMetrics(series.map((r) => r.policy.metrics)),
    naive: poolMetrics(series.map((r) => r.naive.metrics)),
    snaive: series.every((r) => r.snaive) ? poolMetrics(series.map((r) => r.snaive!.metrics)) : undefined,
    search: grid, best, series, orders, model: 'auto', selected: bt.score.selected, issues,
  };
}


/**
 * Series whose minimum order (flag or stock file) exceeds a year of their demand (the mean of the last
 * year of `sales`): an error for the headless run, which cannot ask the user (the studio warns instead).
 */
async function moqAboveYear(engine: SqlEngine, o: ReplenishOptions, ppy: number): Promise<DataIssue[]> {
  const t = await engine.query(`WITH last AS (SELECT unique_id, max(ds) AS m FROM sales GROUP BY unique_id)
    SELECT s.unique_id AS id, avg(s.y)::DOUBLE AS mean FROM sales s JOIN last USING (unique_id)
    WHERE s.ds > last.m - INTERVAL ${ppy === 365 ? "'365 days'" : ppy === 52 ? "'364 days'" : "'12 months'"} GROUP BY s.unique_id ORDER BY s.unique_id`);
  const ids = strings(t, 'id');
  const means = numbers(t, 'mean');
  const stock = new Map((o.stock ?? []).map((r) => [r.id, r]));
  const out: DataIssue[] = [];
  ids.forEach((id, k) => {
    const moq = stock.get(id)?.moq ?? o.moq;
    if (moq === undefined || !(moq > 0)) return;
    const year = means[k] * ppy;
    if (moq > year)
      out.push({ level: 'error', code: 'moq_above_year', where: id, message: `${id}: the minimum order (${moq}${stock.get(id)?.moq !== undefined ? ', from the stock file' : ', from --moq'}) is more than a year of demand (${Math.round(year)}).`, hint: 'Check the MOQ; if it is right, every order would last over a year — leave this series out or negotiate the MOQ.' });
  });
  return out;
}
