/**
 * An order plan over the forecast horizon for several series: at each review the order-up-to level is
 * sized on the forecast of the next L + R periods from that review (so a planned promotion's uplift
 * raises the orders placed before it starts, one lead time ahead), the position is projected with the
 * mean forecast, and the orders of a period share a budget or capacity when one is set (integer program,
 * {@link allocateOrders}).
 */
import type { DataIssue } from '../data/contract';
import type { ForecastSet } from '../forecast/contract';
import type { HighsSolver } from '../promo/optimisePromotions';
import { allocateOrders } from './allocateOrders';
import type { ResolvedInputs } from './inputs';
import { leadTimeDemand } from './leadTimeDemand';
import { lostSalesLevel } from './lostSalesLevel';
import type { PeriodForecast } from './quantileFunction';
import { roundOrder } from './roundOrder';

/** A planned promotion of one series: periods `start` … `end` (indices from the first forecast period, inclusive), demand × `uplift`. */
export interface PlannedPromotion {
  id: string;
  start: number;
  end: number;
  /** Demand multiplier during the promotion (1.5 = +50 %). */
  uplift: number;
}

/** One series of the plan. */
export interface PlanSeries {
  inputs: ResolvedInputs;
  /** Forecast from the next period on (a forecast made under a plan with promotions already includes them). */
  periods: PeriodForecast[];
}

/** Options of {@link orderPlan}. */
export interface OrderPlanOptions {
  series: PlanSeries[];
  /** Promotions not in the forecast yet (their uplift is applied to it). */
  promotions?: PlannedPromotion[];
  /** Most money per order period across series (Σ unit cost × quantity). */
  budget?: number;
  /** Most units per order period across series. */
  capacity?: number;
  highs?: HighsSolver;
  samples?: number;
  seed?: number;
}

/** One planned order. */
export interface PlannedOrder {
  id: string;
  orderIn: number;
  arrivesIn: number;
  quantity: number;
  /** What the policy wanted before a budget / capacity cut. */
  wanted: number;
  position: number;
  /** Order-up-to level of this review. */
  level: number;
  reason: string;
}

/** The plan: orders, per-period totals and the issues met. */
export interface OrderPlan {
  orders: PlannedOrder[];
  periods: { t: number; spend: number; units: number; status: string }[];
  issues: DataIssue[];
}

/** Scales each period's mean and quantiles by the uplift of the promotions covering it. */
export function applyPromotions(periods: PeriodForecast[], promotions: Omit<PlannedPromotion, 'id'>[]): PeriodForecast[] {
  return periods.map((p, t) => {
    const f = promotions.filter((q) => t >= q.start && t <= q.end).reduce((m, q) => m * q.uplift, 1);
    return f === 1 ? p : { mean: p.mean * f, quantiles: Object.fromEntries(Object.entries(p.quantiles).map(([k, v]) => [k, v * f])) };
  });
}

/** One series of a forecast set (the forecast contract of `src/lib/forecast`) as per-period forecasts. */
export function periodsFromForecastSet(set: ForecastSet, id: string): PeriodForecast[] | undefined {
  const f = set.series.find((s) => s.id === id);
  if (!f) return undefined;
  return Array.from(f.mean, (m, j) => ({ mean: Math.max(0, m), quantiles: Object.fromEntries(set.levels.map((l, k) => [l.p, f.q[k][j]])) }));
}

/** Builds the plan; see {@link OrderPlanOptions}. */
export async function orderPlan(o: OrderPlanOptions): Promise<OrderPlan> {
  const issues: DataIssue[] = [];
  const ser = o.series.map((s) => {
    const promos = (o.promotions ?? []).filter((p) => p.id === s.inputs.id);
    return { x: s.inputs, periods: applyPromotions(s.periods, promos), promos, ip: s.inputs.onHand + s.inputs.openOrders.reduce((a, v) => a + v.quantity, 0) };
  });
  for (const p of o.promotions ?? []) {
    if (!ser.some((s) => s.x.id === p.id)) issues.push({ level: 'warning', code: 'promotion_unknown_series', message: `A planned promotion names ${p.id}, which is not in the plan.`, hint: 'Check the series id.' });
    else if (!(p.uplift > 0) || !(p.end >= p.start) || p.start < 0) issues.push({ level: 'error', code: 'bad_promotion', message: `${p.id}: a promotion needs start ≤ end (periods from now) and an uplift > 0.`, hint: 'E.g. start 5, end 8, uplift 1.5 for +50 %.' });
  }
  const H = Math.max(0, ...ser.map((s) => s.periods.length));
  const orders: PlannedOrder[] = [];
  const periods: OrderPlan['periods'] = [];
  for (let t = 0; t < H; t++) {
    const want: { k: number; level: number; need: number; wanted: number; demand: Float64Array; mean: number }[] = [];
    ser.forEach((s, k) => {
      const L = Math.round(s.x.leadTime);
      const R = Math.max(1, s.x.review);
      if (t % R !== 0 || t + L + R > s.periods.length) return;
      const d = leadTimeDemand({ periods: s.periods.slice(t), leadTime: s.x.leadTime, leadTimeSd: s.x.leadTimeSd, review: R, samples: o.samples ?? 1000, seed: (o.seed ?? 1) + 31 * t + k, keepPaths: true });
      const level = lostSalesLevel(d, { service: s.x.service, kind: s.x.serviceKind });
      const wanted = roundOrder(level - s.ip, { moq: s.x.moq, batch: s.x.batch });
      if (wanted > 0) want.push({ k, level, need: level - s.ip, wanted, demand: d.protection, mean: d.meanProtection });
    });
    let qs = want.map((w) => w.wanted);
    let status = 'unconstrained';
    if (want.length && (o.budget !== undefined || o.capacity !== undefined)) {
      const a = await allocateOrders({
        items: want.map((w) => {
          const x = ser[w.k].x;
          return { id: x.id, position: ser[w.k].ip, wanted: w.wanted, demand: w.demand, unitCost: x.unitCost, holdingCost: x.holdingCost * Math.max(1, x.review), stockoutCost: x.stockoutCost, moq: x.moq, batch: x.batch };
        }),
        budget: o.budget, capacity: o.capacity, highs: o.highs,
      });
      qs = a.quantities;
      status = a.status;
      if (a.status === 'time_limit') issues.push({ level: 'warning', code: 'not_proven_optimal', message: `Period ${t}: the allocation hit its time limit; the best found is used.`, hint: 'Plan fewer series at once.' });
    }
    let spend = 0;
    let units = 0;
    want.forEach((w, j) => {
      const s = ser[w.k];
      const q = qs[j];
      const L = Math.round(s.x.leadTime);
      const R = Math.max(1, s.x.review);
      const promo = s.promos.filter((p) => p.end >= t && p.start <= t + L + R - 1);
      const why = `review at period ${t}: position ${s.ip.toFixed(1)} < S ${w.level.toFixed(1)} (demand over L + R = ${L + R} periods from here, mean ${w.mean.toFixed(1)}${promo.length ? `, with the promotion${promo.length > 1 ? 's' : ''} in period${promo.map((p) => ` ${p.start}–${p.end} ×${p.uplift}`).join(',')}` : ''})`;
      const cut = q < w.wanted ? `; cut from ${w.wanted} to ${q} by the ${o.budget !== undefined && o.capacity !== undefined ? 'budget / capacity' : o.budget !== undefined ? 'budget' : 'capacity'}` : '';
      if (q > 0 || w.wanted > 0) orders.push({ id: s.x.id, orderIn: t, arrivesIn: t + L, quantity: q, wanted: w.wanted, position: s.ip, level: w.level, reason: why + cut });
      s.ip += q;
      spend += q * s.x.unitCost;
      units += q;
    });
    periods.push({ t, spend, units, status });
    for (const s of ser) s.ip -= s.periods[t]?.mean ?? 0;
  }
  return { orders, periods, issues };
}
