/**
 * The studio's replenishment study for a few series held in memory (the worker's path): a rolling-origin
 * backtest of one per-series model and seasonal naive (`runBacktest`), the replay of each series, a
 * forecast from the end of the history and the policies and next orders computed from it.
 */
import { runBacktest } from '../backtest';
import type { DataIssue } from '../data/contract';
import type { ModelSpec, TrainData } from '../models/protocol';
import { replaySeries, type SeriesReplay } from './historyReplay';
import { checkInputs, resolveInputs, type InventoryRow, type ResolvedInputs } from './inputs';
import { computePolicies, type Explained } from './policies';
import { calibrationsByCutoff, demandLevels, periodsOfSet, residualDispersion } from './calibratedDemand';
import { isIntermittent } from './countDistribution';
import { calibratedEndForecast } from './endForecast';
import { recommendOrders, type OrderLine, type PolicyKind } from './recommendOrders';
import { searchSS, type SearchSSResult } from './searchSS';
import { orderPlan, type OrderPlan, type PlannedPromotion, type PlanSeries } from './orderPlan';
import type { ForecastSet } from '../forecast/contract';
import type { HighsSolver } from '../promo/optimisePromotions';
import { averagePeriod, learnOrderPolicy, type LearnedPolicy } from './learnPolicy';
import { formatAmount as fa } from './formatAmount';

/** Options of {@link studyItems}. */
export interface StudyOptions {
  train: TrainData;
  rows: InventoryRow[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: ModelSpec<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  snaive: ModelSpec<any>;
  h: number;
  simulate: number;
  policy?: PolicyKind;
  samples?: number;
  seed?: number;
  onProgress?: (p: { fraction: number; message: string }) => void;
  /** Order plan over the horizon: planned promotions (uplift on the forecast) and a budget / capacity per period. */
  plan?: { promotions?: PlannedPromotion[]; budget?: number; capacity?: number };
  /** A loaded HiGHS (the worker's); Node loads `highs` itself. */
  highs?: HighsSolver;
  /** Learning mode: a Q-learning order policy per series, compared with the computed (R, S). */
  learn?: boolean;
}

/** One series' study. */
export interface ItemStudy {
  id: string;
  inputs: ResolvedInputs;
  explained: { name: string; value: number; formula: string; values: Record<string, number>; worked?: string }[];
  orders: OrderLine[];
  replay?: SeriesReplay;
  /** Cost-minimising static (s, S) by simulation on the replayed history, beside the formula's (s, S). */
  ssSearch?: SearchSSResult;
  /** Learning mode's result (when asked). */
  learned?: LearnedPolicy;
}

/** Runs the study; bad inputs come back as issues and the series is left out. */
export async function studyItems(o: StudyOptions): Promise<{ items: ItemStudy[]; issues: DataIssue[]; plan?: OrderPlan }> {
  const ppy = o.train.freq === 'D' ? 365 : o.train.freq === 'W' ? 52 : 12;
  const issues: DataIssue[] = [];
  const ok: { row: InventoryRow; x: ResolvedInputs }[] = [];
  for (const row of o.rows) {
    const s = o.train.series.find((v) => v.id === row.id);
    if (!s) continue;
    const x = resolveInputs(row, { periodsPerYear: ppy });
    const recent = s.y.slice(-ppy);
    const own = checkInputs(x, { horizon: o.h, periodsPerYear: ppy, meanDemand: recent.reduce((a, v) => a + v, 0) / Math.max(1, recent.length), canExtend: true });
    issues.push(...own);
    if (!own.some((i) => i.level === 'error')) ok.push({ row, x });
  }
  if (!ok.length) return { items: [], issues };
  const part: TrainData = { ...o.train, series: o.train.series.filter((s) => ok.some((v) => v.row.id === s.id)) };
  const L = Math.max(...ok.map((v) => Math.round(v.x.leadTime + 2 * v.x.leadTimeSd) + v.x.review));
  const step = Math.max(1, Math.min(o.train.season, o.h - L + 1));
  const windows = Math.max(1, Math.ceil((o.simulate - o.h) / step) + 1);
  const shortest = Math.min(...part.series.map((s) => s.y.length));
  const need = o.simulate + o.h + 2 * o.train.season;
  let replayed = true;
  if (shortest < need) {
    issues.push({ level: 'warning', code: 'too_short_for_replay', message: `The shortest chosen series has ${shortest} periods; replaying ${o.simulate} periods needs about ${need}.`, hint: 'Replay fewer periods; recommendations are still computed.' });
    replayed = false;
  }
  // The backtest gives the replay its forecasts and every forecast its calibrated quantiles (the forecast
  // contract); too short a history for the replay still gets 3 origins to calibrate on.
  o.onProgress?.({ fraction: 0.05, message: replayed ? `Backtest: ${windows} origins every ${step} periods` : 'Backtest: 3 origins to calibrate the quantiles' });
  let rows: Awaited<ReturnType<typeof runBacktest>>['rows'] = [];
  try {
    const bt = await runBacktest({ train: part, models: [o.model, ...(o.model.name === 'snaive' ? [] : [o.snaive])], h: o.h, windows: replayed ? windows : 3, ...(replayed ? { step } : {}), fallback: o.snaive, onProgress: (p) => o.onProgress?.({ fraction: 0.05 + 0.7 * p.fraction, message: p.message }) });
    issues.push(...bt.issues);
    rows = bt.rows;
  } catch (e) {
    if (replayed) throw e;
  }
  const modelRows = rows.filter((r) => r.model === o.model.name);
  if (!modelRows.length) {
    issues.push({ level: 'error', code: 'too_short_to_calibrate', message: `The chosen series are too short for a backtest of ${o.h} periods, so the forecast's quantiles cannot be calibrated.`, hint: 'Shorten the horizon (it must still cover lead time + review), or choose series with a longer history.' });
    return { items: [], issues };
  }
  o.onProgress?.({ fraction: 0.8, message: 'Forecast from the end of the history and policies' });
  const span = Math.max(...ok.map((v) => Math.round(v.x.leadTime) + Math.max(1, v.x.review)));
  const levels = demandLevels(ok.map((v) => v.x.service));
  const { set, calibration } = await calibratedEndForecast({ model: o.model, train: part, h: o.h, rows: modelRows, levels, span });
  const calOpts = { h: o.h, span };
  const modelCal = replayed ? calibrationsByCutoff(modelRows, calOpts) : undefined;
  const snaiveRows = o.model.name === 'snaive' ? [] : rows.filter((r) => r.model === 'snaive');
  const snaiveCal = replayed && snaiveRows.length ? calibrationsByCutoff(snaiveRows, calOpts) : undefined;
  const items: ItemStudy[] = [];
  const planSeries: PlanSeries[] = [];
  for (const { x } of ok) {
    const s = part.series.find((v) => v.id === x.id)!;
    const own = modelRows.filter((r) => r.id === x.id);
    const shape = (y: Float64Array) => (isIntermittent(y) ? { intermittent: true, dispersion: residualDispersion(own) } : undefined);
    const periods = periodsOfSet(set, x.id, shape(s.y));
    if (!periods) continue;
    const replay = modelCal && own.length ? replaySeries({
      ds: s.ds, y: s.y, periods: o.simulate, inputs: x, model: { rows: own, calibrations: modelCal },
      snaive: snaiveCal ? { rows: snaiveRows.filter((r) => r.id === x.id), calibrations: snaiveCal } : undefined,
      levels, season: o.train.season, shape: shape(s.y.subarray(0, s.y.length - o.simulate)), samples: o.samples ?? 400, seed: o.seed, periodsPerYear: ppy,
    }) : undefined;
    const p = computePolicies({ periods, inputs: x, samples: 2000, seed: o.seed, correlation: calibration.correlation });
    const ex = (name: string, e: Explained) => ({ name, value: e.value, formula: e.formula, values: e.values, worked: e.worked });
    const explained = [
      ex('order-up-to S (R,S)', p.orderUpTo), ex('safety stock', p.safetyStock), ex('safety stock, normal formula', p.normalSafetyStock),
      ex('reorder point s', p.reorderPoint), ex('EOQ', p.eoq), ex('(s,S): S', { value: p.sS.S, formula: 'S = s + EOQ', values: { s: p.sS.s, EOQ: p.eoq.value }, worked: `S = ${fa(p.sS.s)} + ${fa(p.eoq.value)} = ${fa(p.sS.S)}` }),
      ex('newsvendor quantity', p.newsvendor),
      calibratedExplained(set, x.id, x.service, calibration.residuals, calibration.correlation),
    ];
    const orders = recommendOrders({ policy: o.policy ?? 'RS', policies: p, inputs: x, means: periods.map((q) => q.mean), maxOrders: 3 });
    const ssSearch = replay ? searchSS({ demand: s.y.slice(-o.simulate), inputs: { ...x, onHand: 0, openOrders: [] }, formula: p.sS, periodsPerYear: ppy }) : undefined;
    const LR = Math.round(x.leadTime) + Math.max(1, x.review);
    if (o.learn) o.onProgress?.({ fraction: 0.85, message: `Learning mode: Q-learning an order policy for ${x.id}` });
    const learned = o.learn ? learnOrderPolicy({ inputs: { ...x, onHand: 0, openOrders: [] }, period: averagePeriod(periods.slice(0, LR)), computedLevel: p.orderUpTo.value, seed: o.seed }) : undefined;
    items.push({ id: x.id, inputs: x, explained, orders, replay, ssSearch, learned });
    planSeries.push({ inputs: x, periods });
  }
  o.onProgress?.({ fraction: 0.95, message: 'Order plan over the horizon' });
  const plan = planSeries.length ? await orderPlan({ series: planSeries, promotions: o.plan?.promotions, budget: o.plan?.budget, capacity: o.plan?.capacity, highs: o.highs, seed: o.seed }) : undefined;
  if (plan) issues.push(...plan.issues);
  return { items, issues, plan };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** How the forecast's quantiles were made: the service quantile of the first period, the residuals and the correlation. */
function calibratedExplained(set: ForecastSet, id: string, service: number, residuals: number, correlation: number) {
  const f = set.series.find((s) => s.id === id)!;
  const k = set.levels.findIndex((l) => Math.abs(l.p - service) < 1e-9);
  const q = k >= 0 ? f.q[k][0] : NaN;
  return {
    name: `forecast quantile ${service} (period 1)`, value: q,
    formula: 'q_p = mean + r_p(step) · scale: r_p the conformal p-quantile of the backtest residuals at that horizon step, scaled by the series\' seasonal-naive MAE; periods of L + R tied by ρ',
    values: { mean: round2(f.mean[0]), residuals, rho: round2(correlation) },
    worked: `q_${service} = ${fa(q)} (mean ${fa(f.mean[0])}; ${residuals} residuals; ρ = ${fa(correlation)})`,
  };
}
