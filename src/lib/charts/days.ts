/** Day-number helpers: charts take dates as integer days since 1970-01-01 UTC. */

const MS_PER_DAY = 86_400_000;

/** UTC midnight `Date` for a day number (fractions allowed). */
export function dayToDate(day: number): Date {
  return new Date(day * MS_PER_DAY);
}

/** Fractional day number of a `Date` (inverse of {@link dayToDate}). */
export function dateToDay(date: Date): number {
  return date.getTime() / MS_PER_DAY;
}

/** `YYYY-MM-DD` for a day number, rounded to the nearest whole day; `''` when not finite. */
export function dayToIso(day: number): string {
  if (!Number.isFinite(day)) return '';
  return dayToDate(Math.round(day)).toISOString().slice(0, 10);
}

/**
 * Median gap between consecutive days (1 for daily data, 7 for weekly); 1 when fewer than two days.
 * Used to give a single-point promo band or bar a visible width.
 */
export function typicalStep(ds: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = 1; i < ds.length; i++) {
    const g = ds[i] - ds[i - 1];
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  const m = gaps.length >> 1;
  return gaps.length % 2 ? gaps[m] : (gaps[m - 1] + gaps[m]) / 2;
}
