/**
 * One series replayed three ways over its last P periods: the policy on the chosen model's rolling-origin
 * forecasts, the same policy on seasonal-naive forecasts, and the naive order-up-to benchmark — plus a
 * search over the service quantile by simulation. Pure: takes backtest rows and a history.
 */
import type { BacktestRow } from '../backtest';
import { forecastLookup } from './fromBacktest';
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
  /** Rows of the chosen model for this series (rolling origins covering the replay). */
  modelRows: BacktestRow[];
  /** Rows of seasonal naive for this series (optional comparison). */
  snaiveRows?: BacktestRow[];
  samples?: number;
  seed?: number;
  periodsPerYear: number;
  /** Trailing periods of the naive policy's mean and σ. */
  naiveWindow?: number;
  /** Service quantiles tried by the search (default 0.5 … 0.995). */
  searchGrid?: number[];
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
}

export const DEFAULT_SEARCH_GRID = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995];

/** Replays one series; see {@link ReplaySeriesOptions}. */
export function replaySeries(o: ReplaySeriesOptions): SeriesReplay {
  const n = o.y.length;
  const days = o.ds.slice(n - o.periods);
  const demand = o.y.slice(n - o.periods);
  const prep = (rows: BacktestRow[], seed: number): PreparedReplay =>
    prepareReplay({ demand, forecastAt: forecastLookup(rows, days), inputs: o.inputs, samples: o.samples ?? 500, seed, withLead: false });
  const common = { policy: 'RS' as const, periodsPerYear: o.periodsPerYear };
  const p = prep(o.modelRows, o.seed ?? 1);
  const policy = runReplay(p, common);
  const snaive = o.snaiveRows?.length ? runReplay(prep(o.snaiveRows, (o.seed ?? 1) + 7), common) : undefined;
  const naive = naivePolicy({ history: o.y, periods: o.periods, inputs: o.inputs, window: o.naiveWindow, periodsPerYear: o.periodsPerYear });
  const search = (o.searchGrid ?? DEFAULT_SEARCH_GRID).map((service) => ({ service, metrics: runReplay(p, { ...common, service, kind: 'csl', levels: 'backorder' }).metrics }));
  return { id: o.inputs.id, days, policy, naive, snaive, search };
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
