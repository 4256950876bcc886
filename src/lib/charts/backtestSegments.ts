/**
 * Splits backtest rows into windows as half-open index ranges `[start, end)`, so predictions of
 * different windows are never joined by one line. With `rowCutoff` (each row's cutoff) a window
 * starts wherever it changes. Otherwise: when `ds` ever steps backwards (overlapping windows
 * concatenated) each ascending run is a window; when `ds` only ascends, a window starts after every
 * cutoff `c` with `ds[i-1] <= c < ds[i]`.
 */
export function backtestSegments(
  ds: ArrayLike<number>,
  cutoffs: ArrayLike<number>,
  rowCutoff?: ArrayLike<number>,
): [number, number][] {
  const out: [number, number][] = [];
  const n = ds.length;
  if (n === 0) return out;
  if (rowCutoff && rowCutoff.length !== n) throw new Error(`backtestSegments: ds has ${n} rows, rowCutoff ${rowCutoff.length}`);
  let ascending = true;
  for (let i = 1; i < n; i++) if (ds[i] < ds[i - 1]) ascending = false;
  const cuts = Array.from(cutoffs);
  const splitsAt = (i: number): boolean => {
    if (rowCutoff) return rowCutoff[i] !== rowCutoff[i - 1];
    if (!ascending) return ds[i] <= ds[i - 1];
    return cuts.some((c) => c >= ds[i - 1] && c < ds[i]);
  };
  let start = 0;
  for (let i = 1; i < n; i++) {
    if (splitsAt(i)) {
      out.push([start, i]);
      start = i;
    }
  }
  out.push([start, n]);
  return out;
}

/**
 * Values on ascending unique days (the first finite value wins for a repeated day), so the actual
 * line of overlapping windows is drawn once.
 */
export function uniqueByDay(ds: ArrayLike<number>, values: ArrayLike<number>): { ds: Int32Array; values: Float64Array } {
  const byDay = new Map<number, number>();
  for (let i = 0; i < ds.length; i++) {
    const prev = byDay.get(ds[i]);
    if (prev === undefined || (!Number.isFinite(prev) && Number.isFinite(values[i]))) byDay.set(ds[i], values[i]);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  return { ds: Int32Array.from(days), values: Float64Array.from(days, (d) => byDay.get(d)!) };
}
