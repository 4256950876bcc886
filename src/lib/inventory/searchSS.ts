/**
 * A search over the parameters of a static (s, S) policy by simulation: every candidate pair is replayed
 * on the same demand (a history, or several sampled scenarios) with the simulator's lost sales, MOQ and
 * batch rounding, and the pair of least total cost is kept — shown beside the formula's s and S.
 * A coarse grid around the formula values is refined around its best point.
 */
import { poolMetrics } from './historyReplay';
import type { ResolvedInputs } from './inputs';
import { simulate, type SimMetrics } from './simulate';

/** Options of {@link searchSS}. */
export interface SearchSSOptions {
  /** Demand to replay on: one series, or several scenarios (costs are summed over them). */
  demand: ArrayLike<number> | ArrayLike<number>[];
  inputs: ResolvedInputs;
  /** The formula's s and S (always evaluated, and the centre of the default grid). */
  formula: { s: number; S: number };
  /** Candidate reorder points (default: 0 … 2·S of the formula in ~24 steps, then refined). */
  sGrid?: number[];
  /** Candidate order-up-to levels (default: like `sGrid`, only S > s are tried). */
  SGrid?: number[];
  /** Starting on-hand of every candidate (default: the inputs' on hand when > 0, else the candidate's own S). */
  onHand?: number;
  periodsPerYear?: number;
  /** Refine the default grid around its best point (default true; ignored with explicit grids). */
  refine?: boolean;
}

/** One evaluated (s, S). */
export interface SSPoint {
  s: number;
  S: number;
  metrics: SimMetrics;
}

/** The cheapest (s, S) found, the formula's pair simulated the same way, and how many pairs were tried. */
export interface SearchSSResult {
  best: SSPoint;
  formula: SSPoint;
  evaluated: number;
}

/** Replays the static (s, S) rule on every scenario and pools the figures. */
export function simulateSS(o: Pick<SearchSSOptions, 'demand' | 'inputs' | 'onHand' | 'periodsPerYear'>, s: number, S: number): SimMetrics {
  const x = o.inputs;
  const scenarios = isMany(o.demand) ? o.demand : [o.demand];
  const start = o.onHand ?? (x.onHand > 0 ? x.onHand : S);
  return poolMetrics(scenarios.map((demand) => simulate({
    demand, rule: (_t, ip) => (ip <= s ? S - ip : 0), leadTime: x.leadTime, review: x.review, onHand: start, openOrders: x.openOrders,
    moq: x.moq, batch: x.batch, holdingCost: x.holdingCost, orderingCost: x.orderingCost, stockoutCost: x.stockoutCost, periodsPerYear: o.periodsPerYear,
  }).metrics));
}

function isMany(d: SearchSSOptions['demand']): d is ArrayLike<number>[] {
  return d.length > 0 && typeof (d as ArrayLike<unknown>)[0] !== 'number';
}

/** Integer grid from lo to hi with about n points (always including both ends). */
function grid(lo: number, hi: number, n: number): number[] {
  const a = Math.max(0, Math.floor(lo));
  const b = Math.max(a, Math.ceil(hi));
  const step = Math.max(1, Math.round((b - a) / n));
  const out: number[] = [];
  for (let v = a; v < b; v += step) out.push(v);
  out.push(b);
  return out;
}

/** Finds the cost-minimising static (s, S); see {@link SearchSSOptions}. */
export function searchSS(o: SearchSSOptions): SearchSSResult {
  let evaluated = 0;
  const run = (s: number, S: number): SSPoint => {
    evaluated++;
    return { s, S, metrics: simulateSS(o, s, S) };
  };
  const formula = run(o.formula.s, o.formula.S);
  let best = formula;
  const tryAll = (ss: number[], SS: number[]) => {
    for (const s of ss)
      for (const S of SS) {
        if (!(S > s)) continue;
        const p = run(s, S);
        if (p.metrics.total_cost < best.metrics.total_cost - 1e-9) best = p;
      }
  };
  const top = Math.max(2, 2 * o.formula.S, 2 * o.formula.s + 2);
  const coarseS = o.sGrid ?? grid(0, top, 24);
  const coarseBig = o.SGrid ?? grid(1, top * 1.5, 24);
  tryAll(coarseS, coarseBig);
  if (!o.sGrid && !o.SGrid && o.refine !== false) {
    const ds = Math.max(1, Math.round(top / 24));
    const dS = Math.max(1, Math.round((top * 1.5) / 24));
    tryAll(grid(best.s - ds, best.s + ds, Math.min(40, 2 * ds)), grid(best.S - dS, best.S + dS, Math.min(40, 2 * dS)));
  }
  return { best, formula, evaluated };
}
