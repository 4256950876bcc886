/**
 * Forecast lookup for a replay from rolling-origin backtest rows: at period t the forecast of the latest
 * origin before t, from t on, as {@link PeriodForecast}s (quantiles from the rows' interval bands).
 */
import type { BacktestRow } from '../backtest';
import { quantilesFromBands, type PeriodForecast } from './quantileFunction';

/** Builds `forecastAt(t)` for one series and model; `days[t]` is the day number of replayed period t. */
export function forecastLookup(rows: BacktestRow[], days: ArrayLike<number>): (t: number) => PeriodForecast[] {
  const sorted = [...rows].sort((a, b) => a.cutoff - b.cutoff);
  return (t: number) => {
    const day = days[t];
    let row: BacktestRow | undefined;
    for (const r of sorted) if (r.cutoff < day) row = r;
    if (!row) return [];
    const out: PeriodForecast[] = [];
    for (let i = 0; i < row.ds.length; i++) {
      if (row.ds[i] < day) continue;
      const lo = Object.fromEntries(Object.entries(row.lo).map(([l, a]) => [l, a[i]]));
      const hi = Object.fromEntries(Object.entries(row.hi).map(([l, a]) => [l, a[i]]));
      out.push({ mean: Math.max(0, row.mean[i]), quantiles: quantilesFromBands(lo, hi) });
    }
    return out;
  };
}
