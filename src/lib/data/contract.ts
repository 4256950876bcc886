/**
 * The long-format data contract shared by every part of the studio.
 *
 * `sales(unique_id VARCHAR, ds DATE, y DOUBLE, <covariates…>)`, one row per series per period;
 * `series(unique_id VARCHAR PRIMARY KEY, <attributes…>)` gives the hierarchy.
 */

/** Sampling frequency of the series. */
export type Freq = 'D' | 'W' | 'M' | 'Q' | 'Y';

/** When a covariate's value is known relative to the forecast origin. */
export type Timing = 'known_future' | 'past_only' | 'static';

/** What a covariate means to the business, used by the promo and explanation views. */
export type CovariateRole = 'price' | 'promo' | 'holiday' | 'open' | 'other';

export interface CovariateMeta {
  /** Column name in `sales` (snake_case). */
  name: string;
  /** The source column it came from. */
  source: string;
  type: 'numeric' | 'categorical';
  timing: Timing;
  role: CovariateRole;
}

/** How the user's columns map onto the contract. */
export interface ColumnMapping {
  /** One or several id columns; several form a hierarchy (e.g. store → item). */
  id: string[];
  date: string;
  target: string;
  covariates: CovariateMeta[];
  freq: Freq;
  /** Date format the parser uses for the date column (strptime), or null for ISO/auto. */
  dateFormat: string | null;
}

/** The seasonal period used by seasonal naive, MASE and the statistical models. */
export function seasonLength(freq: Freq): number {
  return freq === 'D' ? 7 : freq === 'W' ? 52 : freq === 'M' ? 12 : freq === 'Q' ? 4 : 1;
}

/** Number of days one step of `freq` spans (months are approximated by the calendar in SQL). */
export function stepDays(freq: Freq): number {
  return freq === 'D' ? 1 : freq === 'W' ? 7 : freq === 'M' ? 30 : freq === 'Q' ? 91 : 365;
}

/** A problem found in the user's data: shown by the Message component, never thrown. */
export interface DataIssue {
  level: 'error' | 'warning' | 'info';
  /** Stable code for tests and i18n (e.g. `empty_file`, `no_date_column`). */
  code: string;
  /** What is wrong, in plain words. */
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** Column or series it concerns. */
  where?: string;
  count?: number;
}

/** Days since 1970-01-01 for an ISO date string (UTC). */
export function isoToDay(iso: string): number {
  return Math.floor(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') / 86_400_000);
}

/** ISO date string (YYYY-MM-DD) for days since 1970-01-01. */
export function dayToIso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Adds `k` periods of `freq` to a day number (months move by calendar month, keeping day-of-month ≤ 28 safe). */
export function addPeriods(day: number, k: number, freq: Freq): number {
  if (freq === 'D') return day + k;
  if (freq === 'W') return day + 7 * k;
  const d = new Date(day * 86_400_000);
  const m = d.getUTCMonth() + k * (freq === 'Q' ? 3 : freq === 'Y' ? 12 : 1);
  const out = Date.UTC(d.getUTCFullYear(), m, 1);
  const last = new Date(Date.UTC(d.getUTCFullYear(), m + 1, 0)).getUTCDate();
  return Math.floor(out / 86_400_000) + Math.min(d.getUTCDate(), last) - 1;
}
