/**
 * Replenishment on a loaded `raw` table, engine-agnostic (CLI in Node, db/train workers in the browser):
 * checks the inputs, runs the rolling-origin backtest (`backtestPipeline`, cutoffs every `step` periods so
 * every replayed period has a forecast made before it), replays the policy, the naive benchmark and the
 * policy on seasonal-naive forecasts, and computes the next orders from a forecast made at the end.
 */
import { addPeriods, dayToIso, seasonLength, type DataIssue, type Freq } from '../data/contract';
import type { ModelSpec, TrainData } from '../models/protocol';
import { backtestPipeline } from '../pipeline';
import type { SqlEngine } from '../pipeline';
import { INVENTORY_DEFAULTS, checkInputs, resolveInputs, type InventoryRow, type ResolvedInputs, type ServiceKind } from './inputs';
import { replaySeries, poolMetrics, type SeriesReplay } from './historyReplay';
import { computePolicies } from './policies';
import { quantilesFromBands } from './quantileFunction';
import { recommendOrders } from './recommendOrders';
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
  const rowsOf = (model: string, id: string) => bt.score!.rows.filter((r) => r.model === model && r.id === id);
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
    const modelRows = rowsOf('auto', s.id);
    if (!modelRows.length) continue;
    inputsOf.set(s.id, x);
    series.push(replaySeries({
      ds: s.ds, y: s.y, periods: o.simulate, inputs: x, modelRows, snaiveRows: hasSnaive ? rowsOf('snaive', s.id) : undefined,
      samples: o.samples, seed: o.seed, periodsPerYear: ppy,
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
  const orders = await nextOrders(train, series, inputsOf, byId, o, bt.score.selected, bt.score.models.map((m) => m.model));
  return {
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
  o: ReplenishOptions, selected: string, ranked: string[],
): Promise<OrderOut[]> {
  const locals = o.models.filter((m) => m.scope === 'local');
  const model = locals.find((m) => m.name === selected) ?? ranked.map((n) => locals.find((m) => m.name === n)).find(Boolean) ?? o.fallback;
  const ids = new Set(series.map((s) => s.id));
  const part: TrainData = { ...train, features: undefined, series: train.series.filter((s) => ids.has(s.id)) };
  const fitted = await model.fit(part, model.defaults);
  const forecasts = await model.predict(fitted, part, { h: o.h, levels: [80, 95] });
  const out: OrderOut[] = [];
  for (const f of forecasts) {
    const x0 = inputsOf.get(f.id);
    const rep = series.find((s) => s.id === f.id);
    if (!x0 || !rep) continue;
    const fromFile = stock.get(f.id)?.onHand !== undefined;
    const onHand = fromFile ? x0.onHand : rep.policy.trace.onHand[rep.policy.trace.onHand.length - 1];
    const x = { ...x0, onHand };
    const periods = Array.from(f.mean, (m, i) => ({
      mean: Math.max(0, m),
      quantiles: quantilesFromBands(Object.fromEntries(Object.entries(f.lo).map(([l, a]) => [l, a[i]])), Object.fromEntries(Object.entries(f.hi).map(([l, a]) => [l, a[i]]))),
    }));
    const pol = computePolicies({ periods, inputs: x, samples: 1000, seed: o.seed });
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
