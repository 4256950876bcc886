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
import { backtestPipeline } from '../pipeline';
import type { SqlEngine } from '../pipeline';
import { INVENTORY_DEFAULTS, checkInputs, resolveInputs, type InventoryRow, type ResolvedInputs, type ServiceKind } from './inputs';
import { candidateRows } from '../forecast/calibratedCoverage';
import { replaySeries, poolMetrics, type SeriesReplay } from './historyReplay';
import { calibrationsByCutoff, demandLevels, periodsOfSet, residualDispersion } from './calibratedDemand';
import { isIntermittent as isIntermittentHistory } from './countDistribution';
import { calibratedEndForecast } from './endForecast';
import { computePolicies } from './policies';
import { recommendOrders } from './recommendOrders';
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
  const orders = await nextOrders(train, series, inputsOf, byId, o, bt.score.selected, bt.score.models.map((m) => m.model), bt.backtest!.rows, levels, knownZero);
  const reviewSearch = poolReviewSearch(series);
  return {
    ...(reviewSearch ? { reviewSearch } : {}),
    policy: poolMetrics(series.map((r) => r.policy.metrics)),
    naive: poolMetrics(series.map((r) => r.naive.metrics)),
    snaive: series.every((r) => r.snaive) ? poolMetrics(series.map((r) => r.snaive!.metrics)) : undefined,
    search: grid, best, series, orders, model: 'auto', selected: bt.score.selected, issues,
  };
}

/**
 * Next orders from a forecast made at the end of the history: the chosen model when it is per-series,
 * else the best per-series model of the backtest (a global model would need the future covariates).
 */
async function nextOrders(
  train: TrainData, series: SeriesReplay[], inputsOf: Map<string, ResolvedInputs>, stock: Map<string, InventoryRow>,
  o: ReplenishOptions, selected: string, ranked: string[], btRows: BacktestRow[], levels: QuantileLevel[], knownZero?: (id: string, ds: number) => boolean,
): Promise<OrderOut[]> {
  const locals = o.models.filter((m) => m.scope === 'local');
  const model = locals.find((m) => m.name === selected) ?? ranked.map((n) => locals.find((m) => m.name === n)).find(Boolean) ?? o.fallback;
  const ids = new Set(series.map((s) => s.id));
  const part: TrainData = { ...train, features: undefined, series: train.series.filter((s) => ids.has(s.id)) };
  const span = Math.round(o.leadTime) + Math.max(1, o.review);
  const { set, calibration } = await calibratedEndForecast({ model, train: part, h: o.h, rows: btRows.filter((r) => r.model === model.name), levels, span, knownZero });
  const out: OrderOut[] = [];
  for (const f of set.series) {
    const x0 = inputsOf.get(f.id);
    const rep = series.find((s) => s.id === f.id);
    if (!x0 || !rep) continue;
    const fromFile = stock.get(f.id)?.onHand !== undefined;
    const onHand = fromFile ? x0.onHand : rep.policy.trace.onHand[rep.policy.trace.onHand.length - 1];
    const x = { ...x0, onHand };
    const s = part.series.find((v) => v.id === f.id)!;
    const shape = isIntermittentHistory(s.y) ? { intermittent: true, dispersion: residualDispersion(btRows.filter((r) => r.model === model.name && r.id === f.id)) } : undefined;
    const periods = periodsOfSet(set, f.id, shape)!;
    const pol = computePolicies({ periods, inputs: x, samples: 1000, seed: o.seed, correlation: calibration.correlation });
    const lines = recommendOrders({ policy: 'RS', policies: pol, inputs: x, means: periods.map((p) => p.mean), maxOrders: 1 });
    for (const l of lines)
      out.push({
        unique_id: f.id, order_date: dayToIso(addPeriods(f.ds[0], l.orderIn, o.freq)), quantity: l.quantity,
        arrival_date: dayToIso(addPeriods(f.ds[0], l.arrivesIn, o.freq)), position: round2(l.position), order_up_to: round2(pol.orderUpTo.value),
        on_hand: round2(onHand), on_hand_source: fromFile ? 'stock file' : 'end of simulation', model: model.name, reason: l.reason,
      });
  }
  return out;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
