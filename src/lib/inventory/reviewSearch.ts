/**
 * The review-period search pooled over series: each series replayed with (R, S) at its target for every
 * R of the grid (see `replaySeries`), the figures pooled per R, the cheapest R kept beside the formula's
 * (economic order interval EOQ / d, the median over series).
 */
import { poolMetrics, type ReviewPoint, type SeriesReplay } from './historyReplay';

/** Pooled review search: every R tried, the cheapest, and the formula's R. */
export interface PooledReviewSearch {
  /** Median over series of R = EOQ / mean demand. */
  formula: number;
  points: ReviewPoint[];
  best: ReviewPoint;
}

/** Pools the per-series review searches (only the R every series tried); undefined when none searched. */
export function poolReviewSearch(series: SeriesReplay[]): PooledReviewSearch | undefined {
  const searched = series.filter((s) => s.reviewSearch);
  if (!searched.length || searched.length < series.length) return undefined;
  const common = searched[0].reviewSearch!.points.map((p) => p.review).filter((R) => searched.every((s) => s.reviewSearch!.points.some((p) => p.review === R)));
  if (!common.length) return undefined;
  const points = common.map((R) => ({ review: R, metrics: poolMetrics(searched.map((s) => s.reviewSearch!.points.find((p) => p.review === R)!.metrics)) }));
  const best = points.reduce((a, b) => (b.metrics.total_cost < a.metrics.total_cost ? b : a));
  const f = searched.map((s) => s.reviewSearch!.formula).sort((a, b) => a - b);
  return { formula: f[f.length >> 1], points, best };
}
