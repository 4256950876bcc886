/**
 * A calibrated forecast of a sum of series (a hierarchy level, the total) from the series' own forecasts:
 * the point forecast is the sum of the members' means, and its quantiles are calibrated, as every model's
 * are, on the rolling-origin residuals of that same sum (the members' backtest forecasts and outcomes
 * added up per window and date). Quantiles of the members are never added (that would not be a quantile).
 */
import type { BacktestRow } from '../backtest';
import { calibrateQuantiles } from '../backtest/conformal';
import { seasonalScale } from '../metrics';
import type { SeriesHistory } from '../models/protocol';
import { quantilesFromResiduals } from './calibrate';
import type { ForecastSet, SeriesQuantiles } from './contract';

/** Options of {@link aggregateForecast}. */
export interface AggregateForecastOptions {
  /** Ids of the member series. */
  ids: string[];
  /** The summed history (e.g. `loadTrainData` with a selection), its id names the aggregate. */
  history: SeriesHistory;
  season: number;
  h: number;
  /** Clip at this value (default 0 when the summed history is non-negative). */
  floor?: number;
}

/** Backtest rows of the sum over `ids`: one row per window with the members' actuals and means added by date. */
export function sumRows(rows: BacktestRow[], ids: Set<string>, history: SeriesHistory, season: number): BacktestRow[] {
  const byWindow = new Map<number, BacktestRow[]>();
  for (const r of rows) if (ids.has(r.id)) (byWindow.get(r.window) ?? byWindow.set(r.window, []).get(r.window)!).push(r);
  const out: BacktestRow[] = [];
  for (const [window, list] of [...byWindow].sort((a, b) => a[0] - b[0])) {
    const acc = new Map<number, { step: number; actual: number; mean: number; n: number }>();
    for (const r of list)
      r.ds.forEach((d, j) => {
        const a = acc.get(d) ?? { step: r.step[j], actual: 0, mean: 0, n: 0 };
        a.actual += r.actual[j];
        a.mean += r.mean[j];
        a.n++;
        acc.set(d, a);
      });
    // Only dates every member forecast: a partial sum is not the aggregate's outcome.
    const days = [...acc].filter(([, a]) => a.n === list.length).sort((a, b) => a[0] - b[0]);
    const cutoff = list[0].cutoff;
    const past = history.y.subarray(0, history.ds.findIndex((d) => d > cutoff) < 0 ? history.y.length : history.ds.findIndex((d) => d > cutoff));
    const s = seasonalScale(past, season);
    out.push({
      model: list[0].model, id: history.id, cutoff, window, ds: Int32Array.from(days, ([d]) => d), step: Int32Array.from(days, ([, a]) => a.step),
      actual: Float64Array.from(days, ([, a]) => a.actual), mean: Float64Array.from(days, ([, a]) => a.mean), lo: {}, hi: {}, scale: s,
    });
  }
  return out;
}

/** The sum over `options.ids` of `set`, with quantiles calibrated on the sum's own backtest residuals (`rows`). */
export function aggregateForecast(set: ForecastSet, rows: BacktestRow[], options: AggregateForecastOptions): SeriesQuantiles {
  const ids = new Set(options.ids);
  const members = set.series.filter((f) => ids.has(f.id));
  if (!members.length) throw new Error('aggregateForecast: none of the selected series was forecast');
  const acc = new Map<number, { v: number; n: number }>();
  for (const f of members) f.ds.forEach((d, j) => { const a = acc.get(d) ?? { v: 0, n: 0 }; a.v += f.mean[j]; a.n++; acc.set(d, a); });
  const days = [...acc].filter(([, a]) => a.n === members.length).sort((a, b) => a[0] - b[0]);
  const ds = Int32Array.from(days, ([d]) => d);
  const mean = Float64Array.from(days, ([, a]) => a.v);
  const cal = calibrateQuantiles(sumRows(rows, ids, options.history, options.season), { h: options.h });
  const floor = options.floor ?? (options.history.y.every((v) => !(v < 0)) ? 0 : undefined);
  return quantilesFromResiduals({ id: options.history.id, ds, mean, history: options.history.y }, cal, options.season, { levels: set.levels, floor });
}
