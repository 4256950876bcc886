/**
 * Forecast sets as CSV text in the forecast contract's columns: `unique_id,ds,model,mean,q_<p>…` (one `q_`
 * column per level, named by the number as asked). The CLI's `forecasts.csv` and the studio's export are
 * this one writer.
 */
import { dayToIso } from '../data/contract';
import type { ForecastSet } from './contract';
import { quantileColumn } from './quantiles';

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
export const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A number as a CSV cell (8 significant digits; empty for a missing or non-finite value). */
export const csvNumber = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(8))));

/** A forecast set as CSV: `unique_id,ds,model,mean,q_<p>…`, one row per series and period. */
export function forecastSetCsv(set: ForecastSet): string {
  return forecastSetsCsv([set]);
}

/**
 * Several forecast sets (e.g. one per model) in one CSV with one header. The sets must share their levels:
 * the header is the first set's, and a set with other levels is refused (it would shift the columns).
 */
export function forecastSetsCsv(sets: ForecastSet[]): string {
  const levels = sets[0]?.levels ?? [];
  const head = ['unique_id', 'ds', 'model', 'mean', ...levels.map(quantileColumn)];
  const lines = [head.join(',')];
  for (const set of sets) {
    if (set.levels.map(quantileColumn).join(',') !== levels.map(quantileColumn).join(','))
      throw new Error(`forecastSetsCsv: the ${set.model} forecast has quantiles ${set.levels.map((l) => l.label).join(', ')}, the first set ${levels.map((l) => l.label).join(', ')}`);
    for (const f of set.series)
      for (let j = 0; j < f.ds.length; j++) lines.push([csvCell(f.id), dayToIso(f.ds[j]), csvCell(set.model), csvNumber(f.mean[j]), ...f.q.map((a) => csvNumber(a[j]))].join(','));
  }
  return lines.join('\n') + '\n';
}
