/**
 * Metadata that travels with every generated feature column, and the context the compiler needs.
 */
import type { CovariateMeta, DataIssue, Freq, Timing } from '../data/contract';
import type { HolidayCalendar } from './holidayFeatures';
import { ident } from '../data/engine';

/** Quoting lives in `data/engine` (one module for the whole pipeline). */
export { ident, literal } from '../data/engine';

/** How a y-based feature is computed from past values, so the predictor can rebuild it (recursive). */
export type LagRecipe =
  | { kind: 'lag'; lag: number }
  | { kind: 'rolling'; stat: 'mean' | 'std' | 'min' | 'max'; window: number; lag: number; minPeriods: number }
  | { kind: 'ewma'; alpha: number; lag: number; span: number };

/** Metadata of one emitted feature column: its timing decides where a model may read it. */
export interface FeatureColumn {
  /** snake_case column name in the `features` table. */
  name: string;
  family: 'calendar' | 'holiday' | 'lag' | 'price' | 'promo' | 'static' | 'covariate' | 'custom';
  timing: Timing;
  categorical: boolean;
  /** For `past_only` features: how many periods before the row's date the newest input lies (0 = same period). */
  lag?: number;
  /** Filled step by step from forecasts at predict time (recursive strategy). */
  recursive?: boolean;
  /** Present on y lags/rolling/EWMA: how `recursiveLagValues` recomputes it. */
  recipe?: LagRecipe;
  /** Read from the other series of a group on the same date (cross-item features), not from the row's own series. */
  crossSeries?: boolean;
  description: string;
}

/** A query the worker runs after compiling; a non-zero `n` turns `issue` into a reported DataIssue. */
export interface FeatureCheck {
  /** Returns one row with a numeric column `n`. */
  sql: string;
  issue: DataIssue;
}

/** What the compiler knows about the data and the forecasting task. */
export interface CompileContext {
  /** Columns of `sales` with their DuckDB type names (e.g. `{ price: 'DOUBLE', promo: 'VARCHAR' }`). */
  columns: Record<string, string>;
  /** Covariate metadata (timing, role); columns without it count as `past_only`. */
  covariates?: CovariateMeta[];
  /** Attributes present in `series` (empty or absent: no `series` table). */
  seriesColumns?: string[];
  freq: Freq;
  /** Forecast horizon in periods. */
  h: number;
  strategy: 'direct' | 'recursive';
  /** Last training date (ISO); scaling statistics use rows up to it (default: all rows with y). */
  trainEnd?: string;
  /** Holidays from `holidayCalendar` (lazy-loaded module); needed when the spec names a country. */
  holidays?: HolidayCalendar;
}

/** Timing of a `sales` column according to the covariate metadata (`past_only` when unknown). */
export function columnTiming(ctx: CompileContext, column: string): Timing {
  return ctx.covariates?.find((c) => c.name === column)?.timing ?? 'past_only';
}

/**
 * Code of a text value that does not depend on which rows the query reads: the number of distinct values of
 * `column` in the whole `main.sales` table (those meeting `where`, if given) that sort before it (0-based;
 * NULL stays NULL). A `dense_rank()`
 * over the query's own rows would renumber the codes when a re-forecast rebuilds only the latest rows, and a
 * fitted model would then read one promotion type as another.
 */
export function stableCode(value: string, column: string, where?: string): string {
  const c = ident(column);
  return `CASE WHEN ${value} IS NULL THEN NULL ELSE (SELECT count(*) FROM (SELECT DISTINCT CAST(${c} AS VARCHAR) AS _v FROM main.sales WHERE ${c} IS NOT NULL${where ? ` AND ${where}` : ''}) _dict WHERE _dict._v < CAST(${value} AS VARCHAR)) END`;
}

/** Internal (stage) name of feature `name`; the final SELECT renames it, so it never clashes with `sales`. */
export function fcol(name: string): string {
  return ident('f:' + name);
}

/** A family's contribution: expressions per stage (stage k may use columns of stages < k) and columns. */
export interface FamilyOutput {
  /** `stages[k]` holds `expr AS name` items; helper columns start with `_`. */
  stages: string[][];
  /** Common table expressions the stages join against (`name AS (…)`). */
  ctes?: string[];
  /** `LEFT JOIN … ON …` clauses added to the base stage (`sales` is aliased `s`). */
  joins?: string[];
  /** `expr AS name` items of the base stage (may read joined tables). */
  baseItems?: string[];
  columns: FeatureColumn[];
  issues: DataIssue[];
  checks?: FeatureCheck[];
}

/** An empty family output. */
export function emptyOutput(): FamilyOutput {
  return { stages: [], columns: [], issues: [] };
}
