/**
 * SQL building blocks for date-based (not row-based) windows per series. Every stage carries `_p`, the
 * row's period number (days, weeks or months since 1970), so "k periods back" is a RANGE frame on `_p`:
 * a gap in the dates leaves the frame empty (NULL) instead of reaching for an older row.
 */
import type { Freq } from '../data/contract';

/** SQL expression of the period number `_p` for `ds` at `freq`. */
export function periodExpr(freq: Freq, ds = 'ds'): string {
  if (freq === 'D') return `(${ds} - DATE '1970-01-01')`;
  if (freq === 'W') return `((${ds} - DATE '1970-01-01') // 7)`;
  if (freq === 'Q') return `(year(${ds}) * 4 + quarter(${ds}) - 1)`;
  if (freq === 'Y') return `year(${ds})`;
  return `(year(${ds}) * 12 + month(${ds}) - 1)`;
}

/** Window over the periods `from`…`to` before the current row (both ≥ 0, from ≥ to), per series. */
export function rangeWindow(from: number, to: number): string {
  const bound = (k: number) => (k === 0 ? 'CURRENT ROW' : `${k} PRECEDING`);
  return `OVER (PARTITION BY unique_id ORDER BY _p RANGE BETWEEN ${bound(from)} AND ${bound(to)})`;
}

/** Value of `expr` exactly `k` periods before the row's date in the same series, NULL if absent. */
export function lagExpr(expr: string, k: number): string {
  return `max(${expr}) ${rangeWindow(k, k)}`;
}

const AGG = { mean: 'avg', std: 'stddev_samp', min: 'min', max: 'max' } as const;

/**
 * Rolling statistic over the `window` periods ending `lag` periods before the row; NULL unless at least
 * `minPeriods` values are present.
 */
export function rollingExpr(
  expr: string,
  stat: keyof typeof AGG,
  window: number,
  lag: number,
  minPeriods: number,
): string {
  const w = rangeWindow(lag + window - 1, lag);
  return `CASE WHEN count(${expr}) ${w} >= ${minPeriods} THEN ${AGG[stat]}(${expr}) ${w} END`;
}

/** Number of terms after which an EWMA weight (1 − alpha)^j drops below 1e-3 (capped at 400). */
export function ewmaSpan(alpha: number): number {
  if (alpha >= 1) return 1;
  return Math.min(400, Math.ceil(Math.log(1e-3) / Math.log(1 - alpha)));
}

/**
 * Two stage items for an EWMA of `expr` ending `lag` periods back: a list of (period, value) pairs,
 * then the weighted mean with weights (1 − alpha)^(distance), so gaps weigh as missing periods.
 */
export function ewmaExprs(expr: string, alpha: number, lag: number, helper: string): [string, string] {
  const span = ewmaSpan(alpha);
  const list = `list({p: _p, v: ${expr}}) ${rangeWindow(lag + span - 1, lag)} AS ${helper}`;
  const w = `pow(${1 - alpha}, _p - ${lag} - x.p)`;
  const num = `list_sum(list_transform(${helper}, lambda x: CASE WHEN x.v IS NULL THEN 0 ELSE ${w} * x.v END))`;
  const den = `list_sum(list_transform(${helper}, lambda x: CASE WHEN x.v IS NULL THEN 0 ELSE ${w} END))`;
  return [list, `${num} / nullif(${den}, 0)`];
}
