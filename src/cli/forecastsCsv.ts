/**
 * Backtest forecasts as CSV: one row per series × day × model, with cutoff. (The forecast contract's own
 * CSV, `forecastSetCsv`, is in `lib/forecast`: the CLI and the studio's export write the same file.)
 */
import { dayToIso } from '../lib/data/contract';
import type { BacktestRow } from '../lib/backtest';
import { csvCell as q, csvNumber as num } from '../lib/forecast';

/** CSV text with columns unique_id, ds, cutoff, model, y, y_hat, lo_<level>, hi_<level>. */
export function forecastsCsv(rows: BacktestRow[], levels: number[]): string {
  const head = ['unique_id', 'ds', 'cutoff', 'model', 'y', 'y_hat', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])];
  const lines = [head.join(',')];
  for (const r of rows)
    for (let i = 0; i < r.ds.length; i++)
      lines.push([q(r.id), dayToIso(r.ds[i]), dayToIso(r.cutoff), q(r.model), num(r.actual[i]), num(r.mean[i]), ...levels.flatMap((l) => [num(r.lo[l]?.[i]), num(r.hi[l]?.[i])])].join(','));
  return lines.join('\n') + '\n';
}
