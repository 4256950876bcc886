/**
 * A policy replayed on history with the forecasts that were available at each review: the demand
 * distribution over L + R is sampled once per review (`prepareReplay`), then any service target or
 * policy family is simulated on it cheaply (`runReplay`) — which makes a parameter search affordable.
 */
import { eoq } from './formulas';
import type { ResolvedInputs } from './inputs';
import { leadTimeDemand, sampleQuantile, type LeadTimeDemand } from './leadTimeDemand';
import type { PeriodForecast } from './quantileFunction';
import type { PolicyKind } from './recommendOrders';
import { levelForService } from './serviceLevel';
import { lostSalesLevel } from './lostSalesLevel';
import { simulate, type SimMetrics, type SimTrace } from './simulate';

/** Options of {@link prepareReplay}. */
export interface PrepareReplayOptions {
  /** Actual demand of the replayed periods. */
  demand: ArrayLike<number>;
  /** Forecast known at the start of period t for periods t, t + 1, … (from the latest origin before t). */
  forecastAt: (t: number) => PeriodForecast[];
  inputs: ResolvedInputs;
  /** Also sample lead-time-only demand (for s of (s,S), (s,Q), batches). Default true. */
  withLead?: boolean;
  samples?: number;
  seed?: number;
  /** Correlation of a path's per-period errors: one value, or per review period (each origin's own). */
  correlation?: number | ((t: number) => number);
  dispersion?: number;
  /** Keep sample paths so that levels can be set for lost sales (default true). */
  lostSales?: boolean;
}

/** Sampled distributions per review period. */
export interface PreparedReplay {
  o: PrepareReplayOptions;
  protection: (LeadTimeDemand | undefined)[];
  lead: (LeadTimeDemand | undefined)[];
  meanDemand: number[];
}

/** Samples the demand distributions at every review of the replay. */
export function prepareReplay(o: PrepareReplayOptions): PreparedReplay {
  const x = o.inputs;
  const R = Math.max(1, x.review);
  const n = o.demand.length;
  const protection: (LeadTimeDemand | undefined)[] = new Array(n);
  const lead: (LeadTimeDemand | undefined)[] = new Array(n);
  const meanDemand: number[] = new Array(n).fill(NaN);
  for (let t = 0; t < n; t += R) {
    const periods = o.forecastAt(t);
    if (!periods.length) continue;
    const c = { periods, leadTime: x.leadTime, leadTimeSd: x.leadTimeSd, samples: o.samples ?? 1000, seed: (o.seed ?? 1) + t, correlation: typeof o.correlation === 'function' ? o.correlation(t) : o.correlation, dispersion: o.dispersion };
    protection[t] = leadTimeDemand({ ...c, review: R, keepPaths: o.lostSales !== false });
    if (o.withLead !== false) lead[t] = leadTimeDemand({ ...c, review: 0 });
    meanDemand[t] = protection[t]!.meanProtection / (Math.round(x.leadTime) + R);
  }
  return { o, protection, lead, meanDemand };
}

/** What to simulate on a prepared replay. */
export interface RunReplayOptions {
  policy: PolicyKind;
  service?: number;
  kind?: ResolvedInputs['serviceKind'];
  /** Starting on-hand (default: the first review's order-up-to level). */
  onHand?: number;
  /**
   * How the level S is set from the sampled distribution: 'lost_sales' (default when paths were kept)
   * replays each path under lost sales; 'backorder' uses the textbook backorder formulas.
   */
  levels?: 'lost_sales' | 'backorder';
  /** Simulate backorders instead of lost sales. */
  backorders?: boolean;
  periodsPerYear?: number;
}

/** Simulates one policy and target on a prepared replay. */
export function runReplay(p: PreparedReplay, r: RunReplayOptions): { metrics: SimMetrics; trace: SimTrace; levels: Float64Array } {
  const x = p.o.inputs;
  const service = r.service ?? x.service;
  const kind = r.kind ?? x.serviceKind;
  const n = p.o.demand.length;
  const mode = r.levels ?? (r.backorders ? 'backorder' : 'lost_sales');
  const levels = new Float64Array(n).fill(NaN);
  const lows = new Float64Array(n).fill(NaN);
  for (let t = 0; t < n; t++) {
    const d = p.protection[t];
    if (!d) continue;
    levels[t] = mode === 'lost_sales' && d.paths ? lostSalesLevel(d, { service, kind }) : levelForService(d, { service, kind });
    const l = p.lead[t];
    if (l) lows[t] = kind === 'csl' ? sampleQuantile(l.protection, service) : levelForService({ ...l, meanReview: l.meanProtection / Math.max(1, x.leadTime) }, { service, kind });
  }
  const q = (t: number) => eoq({ demand: p.meanDemand[t], orderingCost: x.orderingCost, holdingCost: x.holdingCost });
  const rule = (t: number, ip: number) => {
    if (Number.isNaN(levels[t])) return 0;
    if (r.policy === 'RS') return levels[t] - ip;
    if (ip > lows[t]) return 0;
    if (r.policy === 'sS') return lows[t] + q(t) - ip;
    if (r.policy === 'sQ') return Math.max(1, q(t));
    return Math.max(1, Math.ceil((lows[t] - ip) / x.batch + 1e-9)) * x.batch;
  };
  const first = levels.find((v) => !Number.isNaN(v)) ?? 0;
  const res = simulate({
    demand: p.o.demand, rule, leadTime: x.leadTime, review: x.review, onHand: r.onHand ?? (x.onHand > 0 ? x.onHand : first),
    openOrders: x.openOrders, moq: x.moq, batch: x.batch, holdingCost: x.holdingCost, orderingCost: x.orderingCost, stockoutCost: x.stockoutCost,
    backorders: r.backorders, periodsPerYear: r.periodsPerYear,
  });
  return { ...res, levels };
}
