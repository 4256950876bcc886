/** Ranking of metric values, shared by model choice (`pipeline/selectAndScore`) and the leaderboard. */
import { getMetric } from '../metrics';

/** Ranking key of a metric value: smaller is better; null last. */
export function rankKey(metric: string, v: number | null): number {
  if (v === null) return Infinity;
  const spec = getMetric(metric);
  return spec.target !== undefined ? Math.abs(v - spec.target) : spec.better === 'higher' ? -v : v;
}
