import type { StepForecast } from '../baselines/fallback';
import { zFor } from '../baselines/intervals';

/** The interval level requested from augurs; its bounds are turned back into a normal sd. */
export const AUGURS_LEVEL = 95;

/** augurs' `Forecast` shape (ets and mstl share it). */
interface AugursForecast {
  point: number[];
  intervals?: { level: number; lower: number[]; upper: number[] };
}

/**
 * Converts an augurs forecast made at AUGURS_LEVEL to mean and sd per step, so that any level can be
 * derived; the sd is never below `minSd` (used to widen intervals that are narrower than the in-sample
 * residuals).
 */
export function fromAugurs(f: AugursForecast, minSd = 0): StepForecast {
  if (!f.intervals) throw new Error('augurs returned no intervals');
  const z = zFor(AUGURS_LEVEL);
  const mean = Float64Array.from(f.point);
  const sd = Float64Array.from(f.intervals.upper, (u, i) => Math.max(minSd, (u - f.intervals!.lower[i]) / (2 * z)));
  return { mean, sd };
}
