/** Backtest forecasts as CSV in the `forecasts` contract: one row per series × day × model, with cutoff. */
import { dayToIso } from '../lib/data/contract';
import type { BacktestRow } from '../lib/backtest';
import { quantileColumn, type ForecastSet } from '../lib/forecast';

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(8))));

/** CSV text with columns unique_id, ds, cutoff, model, y, y_hat, lo_<level>, hi_<level>. */
export function forecastsCsv(rows: BacktestRow[], levels: number[]): string {
  const head = ['unique_id', 'ds', 'cutoff', 'model', 'y', 'y_hat', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])];
  const lines = [head.join(',')];
  for (const r of rows)
    for (let i = 0; i < r.ds.length; i++)
      lines.push([q(r.id), dayToIso(r.ds[i]), dayToIso(r.cutoff), q(r.model), num(r.actual[i]), num(r.mean[i]), ...levels.flatMap((l) => [num(r.lo[l]?.[i]), num(r.hi[l]?.[i])])].join(','));
  return lines.join('\n') + '\n';
}

/** A forecast set as CSV: `unique_id,ds,model,mean,q_<p>…` (one `q_` column per level, named as asked). */
export function forecastSetCsv(set: ForecastSet): string {
  const head = ['unique_id', 'ds', 'model', 'mean', ...set.levels.map(quantileColumn)];
  const lines = [head.join(',')];
  for (const f of set.series)
    for (let j = 0; j < f.ds.length; j++) lines.push([q(f.id), dayToIso(f.ds[j]), q(set.model), num(f.mean[j]), ...f.q.map((a) => num(a[j]))].join(','));
  return lines.join('\n') + '\n';
}
