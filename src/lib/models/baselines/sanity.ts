/**
 * The check every forecast passes before it is used: right length, finite, and within a sane multiple of
 * the series' own history range. A forecast that fails is replaced by the fallback (seasonal naive) and
 * counted, so an exploding model shows as a fallback, never as a WAPE of 98,913.
 */

/** How far outside the history's [min, max] a forecast may go, in multiples of that range (default 5). */
export const SANE_RANGE_MULTIPLE = 5;

/** The interval a forecast of history `y` must stay in: [min − k·R, max + k·R], R = max − min (or |max|, or 1). */
export function saneBounds(y: ArrayLike<number>, k = SANE_RANGE_MULTIPLE): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [-Infinity, Infinity];
  const range = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi), 1);
  return [lo - k * range, hi + k * range];
}

/**
 * Why `mean` is not a usable forecast of `h` steps for history `y`, or null when it is.
 * Reasons read like "absurd forecast: 1.2e9 is outside [-300, 4,500] (5× the history's range)".
 */
export function forecastProblem(mean: ArrayLike<number>, y: ArrayLike<number>, h: number, k = SANE_RANGE_MULTIPLE): string | null {
  if (mean.length !== h) return `wrong length: ${mean.length} steps returned, ${h} asked`;
  for (let i = 0; i < mean.length; i++) if (!Number.isFinite(mean[i])) return `non-finite forecast at step ${i + 1}`;
  const [lo, hi] = saneBounds(y, k);
  for (let i = 0; i < mean.length; i++) {
    if (mean[i] < lo || mean[i] > hi) {
      const f = (v: number) => (Math.abs(v) >= 1e6 ? v.toExponential(2) : Math.round(v).toLocaleString('en'));
      return `absurd forecast: ${f(mean[i])} at step ${i + 1} is outside [${f(lo)}, ${f(hi)}] (${k}× the history's range)`;
    }
  }
  return null;
}
