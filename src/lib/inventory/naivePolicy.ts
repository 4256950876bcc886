/**
 * The naive benchmark: order up to (L + R) · mean + z · σ · √(L + R), with the mean and σ of the demand
 * of the trailing `window` periods before each review — no forecast model at all.
 */
import type { ResolvedInputs } from './inputs';
import { normalLoss, normalQuantile } from './normal';
import { simulate, type SimMetrics, type SimTrace } from './simulate';

/** Options of {@link naivePolicy}. */
export interface NaivePolicyOptions {
  /** Demand before the replay (at least `window` periods) followed by the replayed periods. */
  history: ArrayLike<number>;
  /** Periods replayed at the end of `history`. */
  periods: number;
  inputs: ResolvedInputs;
  /** Trailing periods the mean and σ are taken over (default 56). */
  window?: number;
  onHand?: number;
  periodsPerYear?: number;
}

/** z for a fill-rate target under normal demand: G(z) = (1 − β) · E[D_R] / (σ √(L + R)). */
export function zForFillRate(beta: number, meanReview: number, sdProtection: number): number {
  if (!(sdProtection > 0)) return 0;
  const g = ((1 - beta) * meanReview) / sdProtection;
  let lo = -4;
  let hi = 6;
  for (let i = 0; i < 60; i++) {
    const m = (lo + hi) / 2;
    if (normalLoss(m) > g) lo = m;
    else hi = m;
  }
  return hi;
}

/** Simulates the naive order-up-to policy over the last `periods` of `history`. */
export function naivePolicy(o: NaivePolicyOptions): { metrics: SimMetrics; trace: SimTrace; levels: Float64Array } {
  const x = o.inputs;
  const w = o.window ?? 56;
  const start = o.history.length - o.periods;
  if (start < 2) throw new Error(`naivePolicy: need history before the ${o.periods} replayed periods`);
  const R = Math.max(1, x.review);
  const n = Math.round(x.leadTime) + R;
  const levels = new Float64Array(o.periods);
  for (let t = 0; t < o.periods; t++) {
    const from = Math.max(0, start + t - w);
    let s = 0;
    let s2 = 0;
    const m = start + t - from;
    for (let i = from; i < start + t; i++) {
      s += o.history[i];
      s2 += o.history[i] ** 2;
    }
    const mean = s / m;
    const sd = Math.sqrt(Math.max(0, s2 / m - mean * mean));
    const z = x.serviceKind === 'csl' ? normalQuantile(x.service) : zForFillRate(x.service, mean * R, sd * Math.sqrt(n));
    levels[t] = n * mean + z * sd * Math.sqrt(n);
  }
  const demand = Array.from({ length: o.periods }, (_, t) => o.history[start + t]);
  const res = simulate({
    demand, rule: (t, ip) => levels[t] - ip, leadTime: x.leadTime, review: x.review, onHand: o.onHand ?? (x.onHand > 0 ? x.onHand : levels[0]),
    openOrders: x.openOrders, moq: x.moq, batch: x.batch, holdingCost: x.holdingCost, orderingCost: x.orderingCost, stockoutCost: x.stockoutCost, periodsPerYear: o.periodsPerYear,
  });
  return { ...res, levels };
}
