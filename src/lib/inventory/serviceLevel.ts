/** Order-up-to / reorder levels that meet a cycle-service or fill-rate target on sampled demand. */
import { expectedShortage, sampleQuantile, type LeadTimeDemand } from './leadTimeDemand';
import type { ServiceKind } from './inputs';

/** Options of {@link levelForService}. */
export interface LevelOptions {
  service: number;
  kind: ServiceKind;
}

/**
 * The level S (stock position after ordering) for the target: cycle service level p → the p-quantile
 * of demand over L + R; fill rate β → the smallest S with expected shortage per cycle
 * E[(D_{L+R} − S)⁺] − E[(D_L − S)⁺] ≤ (1 − β) · E[D_R] (bisection on the samples).
 */
export function levelForService(d: LeadTimeDemand, o: LevelOptions): number {
  if (o.kind === 'csl') return sampleQuantile(d.protection, o.service);
  const allowed = (1 - o.service) * d.meanReview;
  const short = (S: number) => expectedShortage(d.protection, S) - expectedShortage(d.lead, S);
  let lo = 0;
  let hi = d.protection[d.protection.length - 1] ?? 0;
  if (short(lo) <= allowed) return 0;
  for (let i = 0; i < 50 && hi - lo > 1e-6 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (short(mid) <= allowed) hi = mid;
    else lo = mid;
  }
  return hi;
}
