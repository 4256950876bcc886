/**
 * Replays an ordering rule against a demand series (lost sales): at the start of each period orders due
 * arrive; at each review the rule sees the inventory position (on hand + on order) and orders; then the
 * period's demand is served from stock and what cannot be served is lost.
 */
import { roundOrder } from './roundOrder';

/** The ordering rule: period index and inventory position → units wanted (before MOQ / batch rounding). */
export type OrderRule = (t: number, position: number) => number;

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Actual demand per period. */
  demand: ArrayLike<number>;
  rule: OrderRule;
  /** Lead time in periods (an order placed at t arrives at the start of t + L; 0 = at once). */
  leadTime: number;
  /** Per-order lead times drawn in turn instead of `leadTime` (lead-time variability). */
  leadTimes?: number[];
  /** Review period R (orders only at t ≡ 0 mod R). */
  review: number;
  onHand: number;
  /** Orders already on the way: quantity and period index of arrival. */
  openOrders?: { quantity: number; arrivesIn: number }[];
  moq?: number;
  batch?: number;
  holdingCost: number;
  orderingCost: number;
  stockoutCost: number;
  periodsPerYear?: number;
  /** Unserved demand waits for the next arrival instead of being lost (default false: lost sales). */
  backorders?: boolean;
}

/** The five figures of the CLI plus turns and counts. */
export interface SimMetrics {
  /** Share of review cycles with demand in which no demand was lost. */
  cycle_service_level: number;
  /** Share of demand served from stock. */
  fill_rate: number;
  /** Mean on-hand stock at the end of a period. */
  avg_inventory: number;
  /** Periods in which some demand was lost. */
  stockout_periods: number;
  /** Holding + ordering + stock-out cost over the replay. */
  total_cost: number;
  /** Annualised sales / average inventory. */
  turns: number;
  orders: number;
  lost_units: number;
  /** Total demand over the replay. */
  demand: number;
  /** Review cycles with demand (the CSL denominator). */
  cycles: number;
}

/** Per-period trace for charts. */
export interface SimTrace {
  onHand: Float64Array;
  ordered: Float64Array;
  arrived: Float64Array;
  lost: Float64Array;
  demand: Float64Array;
}

/** Runs the replay; see {@link SimulateOptions}. */
export function simulate(o: SimulateOptions): { metrics: SimMetrics; trace: SimTrace } {
  const n = o.demand.length;
  const R = Math.max(1, o.review);
  const due = new Float64Array(n + 1);
  for (const a of o.openOrders ?? []) if (a.arrivesIn < n) due[Math.max(0, a.arrivesIn)] += a.quantity;
  let pipeline = (o.openOrders ?? []).reduce((s, a) => s + (a.arrivesIn < n ? a.quantity : 0), 0);
  let onHand = o.onHand;
  const tr: SimTrace = { onHand: new Float64Array(n), ordered: new Float64Array(n), arrived: new Float64Array(n), lost: new Float64Array(n), demand: Float64Array.from(o.demand) };
  let orders = 0;
  let k = 0;
  let cycles = 0;
  let okCycles = 0;
  let cycDemand = 0;
  let cycLost = 0;
  for (let t = 0; t < n; t++) {
    const arrive = () => {
      if (due[t] > 0) {
        onHand += due[t];
        pipeline -= due[t];
        tr.arrived[t] += due[t];
        due[t] = 0;
      }
    };
    arrive();
    if (t % R === 0) {
      if (t > 0 && cycDemand > 0) {
        cycles++;
        if (cycLost <= 1e-9) okCycles++;
      }
      cycDemand = 0;
      cycLost = 0;
      const q = roundOrder(o.rule(t, onHand + pipeline), { moq: o.moq, batch: o.batch });
      if (q > 0) {
        orders++;
        tr.ordered[t] = q;
        const L = Math.max(0, Math.round(o.leadTimes?.length ? o.leadTimes[k++ % o.leadTimes.length] : o.leadTime));
        if (t + L < n) {
          due[t + L] += q;
          pipeline += q;
        }
        arrive();
      }
    }
    const d = Math.max(0, o.demand[t]);
    const sold = Math.max(0, Math.min(onHand, d));
    onHand -= o.backorders ? d : sold;
    tr.lost[t] = d - sold;
    tr.onHand[t] = Math.max(0, onHand);
    cycDemand += d;
    cycLost += d - sold;
  }
  if (cycDemand > 0) {
    cycles++;
    if (cycLost <= 1e-9) okCycles++;
  }
  const totalDemand = tr.demand.reduce((s, v) => s + v, 0);
  const lost = tr.lost.reduce((s, v) => s + v, 0);
  const avg = tr.onHand.reduce((s, v) => s + v, 0) / Math.max(1, n);
  const metrics: SimMetrics = {
    cycle_service_level: cycles ? okCycles / cycles : 1,
    fill_rate: totalDemand > 0 ? 1 - lost / totalDemand : 1,
    avg_inventory: avg,
    stockout_periods: tr.lost.reduce((s, v) => s + (v > 1e-9 ? 1 : 0), 0),
    total_cost: o.holdingCost * avg * n + o.orderingCost * orders + o.stockoutCost * lost,
    turns: avg > 0 ? ((totalDemand - lost) / avg) * ((o.periodsPerYear ?? n) / Math.max(1, n)) : 0,
    orders,
    lost_units: lost,
    demand: totalDemand,
    cycles,
  };
  return { metrics, trace: tr };
}
