import { typicalStep } from './days';

/**
 * Day the forecast is made from: the last history day before the first forecast day, or, when the
 * history does not reach that far, one forecast step before it. NaN without a forecast.
 */
export function forecastOrigin(historyDs: ArrayLike<number>, forecastDs: ArrayLike<number>): number {
  if (forecastDs.length === 0) return NaN;
  const first = forecastDs[0];
  let origin = NaN;
  for (let i = 0; i < historyDs.length; i++) {
    if (historyDs[i] < first) origin = historyDs[i];
    else break;
  }
  return Number.isNaN(origin) ? first - typicalStep(forecastDs) : origin;
}

/** [min, max] day over several day arrays (any order); [0, 1] when all are empty. */
export function dayExtent(arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  if (lo > hi) return [0, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}
