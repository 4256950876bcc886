/**
 * One series replayed three ways over its last P periods: the policy on the chosen model's rolling-origin
 * forecasts (calibrated quantiles, see `calibratedDemand`), the same policy on seasonal-naive forecasts,
 * and the naive order-up-to benchmark — plus searches by simulation over the service quantile and over
 * the review period R. Pure: takes backtest rows, their calibrations and a history.
 */
import type { BacktestRow } from '../backtest';
import type { QuantileLevel } from '../forecast/quantiles';
import { calibratedLookup, type DemandCalibration, type PeriodShape } from './calibratedDemand';
import { eoq } from './formulas';
import type { ResolvedInputs } from './inputs';
import { naivePolicy } from './naivePolicy';
import { prepareReplay, runReplay, type PreparedReplay } from './replay';
import type { SimMetrics, SimTrace } from './simulate';

/** Options of {@link replaySeries}. */
export interface ReplaySeriesOptions {
  ds: Int32Array;
  y: Float64Array;
  /** Periods replayed at the end of the history. */
  periods: number;
  inputs: ResolvedInputs;
  /** The chosen model: this series' rows (rolling origins covering the replay) and the model's calibration per origin. */
  model: ModelRows;
  /** Seasonal naive the same way (optional comparison). */
  snaive?: ModelRows;
  /** Quantile levels of the calibrated forecasts ({@link demandLevels}). */
  levels: QuantileLevel[];
  /** Seasonal period of the data. */
  season: number;
  /** Known zeros (closed days). */
  knownZero?: (id: string, ds: number) => boolean;
  /** Count distribution for this series (intermittent demand) and its dispersion. */
  shape?: PeriodShape;
  samples?: number;
  seed?: number;
  periodsPerYear: number;
  /** Trailing periods of the naive policy's mean and σ. */
  naiveWindow?: number;
  /** Service quantiles tried by the search (default 0.5 … 0.995). */
  searchGrid?: number[];
  /** Review periods tried by the R search (default 1 … 7 within what the forecasts cover; [] = no search). */
  reviewGrid?: number[];
}

/** One model's rows of a series with the model's calibrations (per origin). */
export interface ModelRows {
  rows: BacktestRow[];
  calibrations: Map<number, DemandCalibration>;
}

/** A point of the review-period search: (R, S) with S at the target for that R. */
export interface ReviewPoint {
  review: number;
  metrics: SimMetrics;
}

/** One replayed policy. */
export interface ReplayOutcome {
  metrics: SimMetrics;
  trace: SimTrace;
  levels: Float64Array;
}

/** A point of the parameter search. */
export interface SearchPoint {
  service: number;
  metrics: SimMetrics;
}

/** Result for one series. */
export interface SeriesReplay {
  id: string;
  days: Int32Array;
  policy: ReplayOutcome;
  naive: ReplayOutcome;
  snaive?: ReplayOutcome;
  search: SearchPoint[];
  /** Review-period search (R, S at the target) and the formula's R = EOQ / mean demand (economic order interval). */
  reviewSearch?: { formula: number; points: ReviewPoint[]; best: ReviewPoint };
}

export const DEFAULT_SEARCH_GRID = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995];

/** Replays one series; see {@link ReplaySeriesOptions}. */
export function replaySeries(o: ReplaySeriesOptions): SeriesReplay {
  const n = o.y.length;
  const days = o.ds.slice(n - o.periods);
  const demand = o.y.slice(n - o.periods);
  const prep = (m: ModelRows, seed: number, inputs = o.inputs): PreparedReplay => {
    const look = calibratedLookup({ rows: m.rows, days, calibrations: m.calibrations, levels: o.levels, season: o.season, knownZero: o.knownZero, ...(o.shape ?? {}) });
    return prepareReplay({ demand, forecastAt: look.forecastAt, correlation: look.correlationAt, inputs, samples: o.samples ?? 500, seed, withLead: false });
  };
  const common = { policy: 'RS' as const, periodsPerYear: o.periodsPerYear };
  const p = prep(o.model, o.seed ?? 1);
  const policy = runReplay(p, common);
  const snaive = o.snaive?.rows.length ? runReplay(prep(o.snaive, (o.seed ?? 1) + 7), common) : undefined;
  const naive = naivePolicy({ history: o.y, periods: o.periods, inputs: o.inputs, window: o.naiveWindow, periodsPerYear: o.periodsPerYear });
  const search = (o.searchGrid ?? DEFAULT_SEARCH_GRID).map((service) => ({ service, metrics: runReplay(p, { ...common, service, kind: 'csl', levels: 'backorder' }).metrics }));
  // R is searched only where every review still has L + R periods of forecast from its origin (no padding).
  const cover = forecastCover(o.model.rows) - Math.round(o.inputs.leadTime + 2 * o.inputs.leadTimeSd);
  const grid = (o.reviewGrid ?? [1, 2, 3, 4, 5, 6, 7]).filter((R) => R >= 1 && R <= cover);
  let reviewSearch: SeriesReplay['reviewSearch'];
  if (grid.length) {
    const points = grid.map((R) => ({ review: R, metrics: R === o.inputs.review ? policy.metrics : runReplay(prep(o.model, o.seed ?? 1, { ...o.inputs, review: R }), common).metrics }));
    const best = points.reduce((a, b) => (b.metrics.total_cost < a.metrics.total_cost ? b : a));
    reviewSearch = { formula: economicReview(o.inputs, o.y.subarray(Math.max(0, n - o.periods - o.periodsPerYear), n - o.periods)), points, best };
  }
  return { id: o.inputs.id, days, policy, naive, snaive, search, ...(reviewSearch ? { reviewSearch } : {}) };
}

/**
 * Fewest forecast periods left at a review between two origins (a row's length minus the widest gap
 * between consecutive origins, less one): what L + R may span. Days after the last origin's gap are
 * short for every R alike and do not count.
 */
export function forecastCover(rows: BacktestRow[]): number {
  const cuts = [...new Set(rows.map((r) => r.cutoff))].sort((a, b) => a - b);
  const gap = cuts.slice(1).reduce((g, c, k) => Math.max(g, c - cuts[k]), 1);
  const len = Math.min(...rows.map((r) => r.ds.length));
  const period = rows[0] && rows[0].ds.length > 1 ? rows[0].ds[1] - rows[0].ds[0] : 1;
  return Number.isFinite(len) ? len - (Math.round(gap / period) - 1) : 0;
}

/** The economic order interval R = EOQ / d (whole periods ≥ 1), d the mean demand a period of `demand`. */
export function economicReview(x: Pick<ResolvedInputs, 'orderingCost' | 'holdingCost'>, demand: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < demand.length; i++) d += demand[i];
  d /= Math.max(1, demand.length);
  if (!(d > 0)) return 1;
  return Math.max(1, Math.round(eoq({ demand: d, orderingCost: x.orderingCost, holdingCost: x.holdingCost }) / d));
}

/** Pooled figures over series: fill rate and CSL weighted by demand / cycles, inventory averaged per series, counts and costs summed. */
export function poolMetrics(list: SimMetrics[]): SimMetrics {
  const sum = (f: (m: SimMetrics) => number) => list.reduce((s, m) => s + f(m), 0);
  const demand = sum((m) => m.demand);
  const cycles = sum((m) => m.cycles);
  const avg = sum((m) => m.avg_inventory) / Math.max(1, list.length);
  return {
    cycle_service_level: cycles ? sum((m) => m.cycle_service_level * m.cycles) / cycles : 1,
    fill_rate: demand > 0 ? 1 - sum((m) => m.lost_units) / demand : 1,
    avg_inventory: avg,
    stockout_periods: sum((m) => m.stockout_periods),
    total_cost: sum((m) => m.total_cost),
    turns: list.length ? sum((m) => m.turns) / list.length : 0,
    orders: sum((m) => m.orders),
    lost_units: sum((m) => m.lost_units),
    demand,
    cycles,
  };
}
