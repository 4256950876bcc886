/**
 * Guards the calendar completion: before cleaning fills the gaps between each series' first and last
 * date, estimate how many rows that creates, and refuse absurd inputs (a placeholder date such as
 * 0001-01-01 or 9999-12-31 turns 5 rows into 3.6 million) with a message instead of a stuck tab.
 */
import type { ColumnMapping, DataIssue } from './contract';
import { rows, type SqlEngine } from './engine';

/** Filling may multiply the rows by at most this much… */
export const MAX_GROWTH = 10;
/** …unless it adds fewer rows than this (a short sparse file is fine). */
export const MIN_REFUSED_ADDED = 50_000;
/** Longest span of dates accepted, in years. */
export const MAX_SPAN_YEARS = 300;

export interface SpanEstimate {
  /** Rows of the input with a readable date. */
  rows: number;
  /** Rows the completed calendar would have. */
  gridRows: number;
  first: string;
  last: string;
  years: number;
  /** The series with the widest span. */
  widest: string;
}

/** Estimates the completed calendar from `staged` (one aggregate query). */
export async function estimateGrid(engine: SqlEngine, m: Pick<ColumnMapping, 'freq'>): Promise<SpanEstimate> {
  const periods =
    m.freq === 'D' ? `datediff('day', lo, hi) + 1` : m.freq === 'W' ? `floor(datediff('day', lo, hi) / 7) + 1` : `datediff('month', lo, hi) + 1`;
  const r = (
    await rows<{ rows: number; grid: number; first: string; last: string; days: number; widest: string }>(
      engine,
      `SELECT sum(n)::DOUBLE AS rows, sum(${periods})::DOUBLE AS grid, CAST(min(lo) AS VARCHAR) AS first, CAST(max(hi) AS VARCHAR) AS last,
         datediff('day', min(lo), max(hi))::DOUBLE AS days, arg_max(unique_id, datediff('day', lo, hi)) AS widest
       FROM (SELECT unique_id, min(ds) AS lo, max(ds) AS hi, count(DISTINCT ds) AS n FROM staged WHERE ds IS NOT NULL GROUP BY unique_id)`,
    )
  )[0];
  return { rows: r.rows ?? 0, gridRows: r.grid ?? 0, first: r.first, last: r.last, years: (r.days ?? 0) / 365.25, widest: r.widest };
}

/** The blocking issue for an absurd calendar, or null when filling the gaps is reasonable. */
export function spanIssue(e: SpanEstimate, unit: string): DataIssue | null {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const added = e.gridRows - e.rows;
  const where = `dates run from ${e.first} to ${e.last}${e.widest && e.widest !== 'all' ? ` (widest: series "${e.widest}")` : ''}`;
  const hint =
    'Look for placeholder dates such as 0001-01-01, 1900-01-01 or 9999-12-31 and fix or remove those rows, or check that the right column and date format are mapped.';
  if (e.years > MAX_SPAN_YEARS)
    return { level: 'error', code: 'date_span_too_long', message: `The dates span ${fmt(e.years)} years: ${where}. That is not a sales history.`, hint };
  if (added > MIN_REFUSED_ADDED && e.gridRows > MAX_GROWTH * e.rows)
    return {
      level: 'error',
      code: 'too_many_gaps',
      count: added,
      message: `Filling the calendar would add ${fmt(added)} missing ${unit} to ${fmt(e.rows)} rows: ${where}.`,
      hint,
    };
  return null;
}
