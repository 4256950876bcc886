import { addPeriods } from '../data/contract';
import type { FutureCovariates, SeriesHistory, TrainData } from '../models/protocol';

/** Options of {@link splitAt}. */
export interface SplitOptions {
  h: number;
  /** Series with fewer training points than this are left out and reported (default 1). */
  minLength?: number;
}

/** A series left out of a split, with why. */
export interface ExcludedSeries {
  id: string;
  reason: 'starts_after_cutoff' | 'too_short';
  /** Training points it had at the cutoff. */
  length: number;
}

/** The training view at one cutoff and what it is scored against. */
export interface Split {
  cutoff: number;
  /** Each series truncated to ds ≤ cutoff (copies, so nothing after the cutoff is reachable); no `features`. */
  train: TrainData;
  /** Held-out actuals in (cutoff, cutoff + h] per included series. */
  actuals: Record<string, { ds: Int32Array; y: Float64Array }>;
  /** The h days cutoff + 1 … cutoff + h. */
  days: Int32Array;
  /** Held-out values of known-future covariates only (h long, NaN where absent); never past-only ones. */
  future: Record<string, FutureCovariates>;
  excluded: ExcludedSeries[];
}

/** Number of leading entries of ascending `ds` that are ≤ `day`. */
function countUpTo(ds: Int32Array, day: number): number {
  let lo = 0;
  let hi = ds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ds[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Names allowed into `future`: declared known-future and not also declared past-only. */
export function futureNames(train: TrainData): string[] {
  const past = new Set(train.pastOnly ?? []);
  return (train.knownFuture ?? []).filter((n) => !past.has(n));
}

/**
 * Splits `train` at `cutoff`: the training view (ds ≤ cutoff), the actuals of (cutoff, cutoff + h] and the
 * future known covariates for that window taken from the held-out part of `x`. Series starting after the
 * cutoff or shorter than `minLength` are excluded and reported. `features` is dropped: a frame built over
 * the whole history would peek past the cutoff (the backtest asks `featuresAt(cutoff)` for a rebuilt one).
 */
export function splitAt(train: TrainData, cutoff: number, options: SplitOptions): Split {
  const { h } = options;
  const minLength = Math.max(1, options.minLength ?? 1);
  const days = Int32Array.from({ length: h }, (_, j) => addPeriods(cutoff, j + 1, train.freq));
  const names = futureNames(train);
  const series: SeriesHistory[] = [];
  const actuals: Split['actuals'] = {};
  const future: Split['future'] = {};
  const excluded: ExcludedSeries[] = [];
  for (const s of train.series) {
    const k = countUpTo(s.ds, cutoff);
    if (k === 0) {
      excluded.push({ id: s.id, reason: 'starts_after_cutoff', length: 0 });
      continue;
    }
    if (k < minLength) {
      excluded.push({ id: s.id, reason: 'too_short', length: k });
      continue;
    }
    const x = s.x ? Object.fromEntries(Object.entries(s.x).map(([n, col]) => [n, col.slice(0, k)])) : undefined;
    series.push({ id: s.id, ds: s.ds.slice(0, k), y: s.y.slice(0, k), ...(x ? { x } : {}), ...(s.statics ? { statics: { ...s.statics } } : {}) });
    const end = countUpTo(s.ds, days[h - 1]);
    actuals[s.id] = { ds: s.ds.slice(k, end), y: s.y.slice(k, end) };
    const fut: FutureCovariates = {};
    for (const n of names) {
      const col = s.x?.[n];
      if (!col) continue;
      const out = new Float64Array(h).fill(NaN);
      for (let i = k, j = 0; i < end && j < h; i++) {
        while (j < h && days[j] < s.ds[i]) j++;
        if (j < h && days[j] === s.ds[i]) out[j] = col[i];
      }
      fut[n] = out;
    }
    if (names.length) future[s.id] = fut;
  }
  const { features: _dropped, ...rest } = train;
  void _dropped;
  return { cutoff, train: { ...rest, series }, actuals, days, future, excluded };
}
