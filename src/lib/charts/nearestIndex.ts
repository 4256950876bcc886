/**
 * Index of the value in ascending `ds` closest to `day` (binary search); ties go to the earlier one.
 * Returns -1 for an empty array or a NaN day.
 */
export function nearestIndex(ds: ArrayLike<number>, day: number): number {
  const n = ds.length;
  if (n === 0 || Number.isNaN(day)) return -1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ds[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  // lo = first index with ds[lo] >= day
  if (lo === 0) return 0;
  if (lo === n) return n - 1;
  return day - ds[lo - 1] <= ds[lo] - day ? lo - 1 : lo;
}

/** Index of `day` in ascending `ds`, or -1 when it is not present. */
export function exactIndex(ds: ArrayLike<number>, day: number): number {
  const i = nearestIndex(ds, day);
  return i >= 0 && ds[i] === day ? i : -1;
}
