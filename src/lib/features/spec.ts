/**
 * The feature specification: what the user asks for, as options objects. `resolveSpec` fills every
 * default in one place; the family compilers only ever see a `ResolvedSpec`.
 */
import type { Freq } from '../data/contract';

/** Calendar parts and Fourier terms (all `known_future`). */
export interface CalendarOptions {
  /** Day of week, day of month, week of year, month, quarter, year, is_weekend, days to/from month end. */
  parts?: boolean;
  /** Number of sin/cos pairs for the weekly (period 7 days) cycle; 0 = none. */
  weeklyOrder?: number;
  /** Number of sin/cos pairs for the yearly (365.25 days) cycle; 0 = none. */
  yearlyOrder?: number;
}

/** A user event treated like a holiday. */
export interface HolidayEvent {
  /** ISO date. */
  date: string;
  name: string;
}

/** Holidays of a country (date-holidays) plus user events, with a window around each. */
export interface HolidayOptions {
  /** ISO 3166 country code for date-holidays (e.g. 'US', 'DE'); omit for user events only. */
  country?: string;
  /** State/region code within the country (e.g. 'BY'). */
  region?: string;
  /** date-holidays types to keep (default `['public']`). */
  types?: string[];
  /** User events treated as holidays. */
  events?: HolidayEvent[];
  /** Days before a holiday that count (window −before…+after). */
  before?: number;
  /** Days after a holiday that count. */
  after?: number;
  /** Also emit one 0/1 flag per offset in the window (daily data only). */
  offsetFlags?: boolean;
}

/** Target lags and rolling statistics, by date within each series (all `past_only`). */
export interface LagOptions {
  /** Lags of y, in periods. */
  lags?: number[];
  /** Rolling windows (periods) for the statistics below. */
  windows?: number[];
  stats?: Array<'mean' | 'std' | 'min' | 'max'>;
  /** Lag at which rolling windows and EWMAs end; default: the smallest allowed (h direct, 1 recursive). */
  rollingLag?: number;
  /** Minimum observed values in a window; default the full window. */
  minPeriods?: number;
  /** EWMA smoothing factors in (0, 1]. */
  ewmaAlphas?: number[];
  /** Same period last year (364 days / 52 weeks / 12 months). */
  lastYear?: boolean;
}

/** Price features; timing follows the price column's covariate metadata. */
export interface PriceOptions {
  /** Price column in `sales`. */
  column: string;
  /** Periods of the regular-price look-back (max of price); default 8 weeks. */
  regularWindow?: number;
  /** Static attribute in `series` giving the category, for price relative to the category mean. */
  categoryAttribute?: string;
}

/** Promotion features; timing follows the promo column's covariate metadata. */
export interface PromoOptions {
  /** Promo flag or intensity column in `sales` (numeric; text becomes codes with a warning). */
  column: string;
  /** Promo type column in `sales` (text), encoded as integer codes. */
  typeColumn?: string;
  /** Cap for periods since / until a promo. */
  cap?: number;
  /** Periods after a campaign that get the post-promo flag. */
  postWindow?: number;
}

/** Other `sales` covariates: pass-through of known-future ones and lags of any. */
export interface CovariateOptions {
  /** Pass known-future numeric covariates through as features (price/promo columns excluded). */
  knownFuture?: boolean;
  /** Lags per past-only (or any) covariate, e.g. `{ customers: [7, 14] }`. */
  lags?: Record<string, number[]>;
}

/** Target transform applied to `y` (and to its lags) in the feature table. */
export interface TargetOptions {
  transform?: 'none' | 'log1p';
  /** Divide by each series' mean over training rows (after the transform). */
  scale?: 'none' | 'mean';
}

/** A user feature: a DuckDB (window) expression over `sales` columns. */
export interface CustomFeature {
  name: string;
  sql: string;
}

/** What to compute; a family left out (or `false`) is not emitted, except `calendar` and `covariates` (on by default). */
export interface FeatureSpec {
  calendar?: CalendarOptions | false;
  holidays?: HolidayOptions | false;
  lags?: LagOptions | false;
  price?: PriceOptions | false;
  promo?: PromoOptions | false;
  /** Attributes of `series` to encode as integer codes. */
  statics?: string[];
  covariates?: CovariateOptions | false;
  target?: TargetOptions;
  custom?: CustomFeature[];
  /** Cross-item features (other series of the same category × store; see `crossItemFeatures`); `false` = off. */
  crossItem?: { group?: string[] } | false;
}

/** A `FeatureSpec` with every default filled in (see `resolveSpec`); `null` = family off. */
export type ResolvedSpec = {
  calendar: Required<CalendarOptions> | null;
  holidays: (Required<Omit<HolidayOptions, 'country' | 'region'>> & Pick<HolidayOptions, 'country' | 'region'>) | null;
  lags: (Required<Omit<LagOptions, 'minPeriods'>> & { minPeriods?: number }) | null;
  price: (Required<Omit<PriceOptions, 'categoryAttribute'>> & { categoryAttribute?: string }) | null;
  promo: (Required<Omit<PromoOptions, 'typeColumn'>> & { typeColumn?: string }) | null;
  statics: string[];
  covariates: Required<CovariateOptions> | null;
  target: Required<TargetOptions>;
  custom: CustomFeature[];
};

const PERIODS_PER_WEEK: Record<Freq, number> = { D: 7, W: 1, M: 0.25, Q: 1 / 13, Y: 1 / 52 };

/**
 * Fills every default of a `FeatureSpec`. `minLag` is the smallest lag the strategy allows
 * (h for direct models, 1 for recursive ones); rolling windows end there unless told otherwise.
 */
export function resolveSpec(spec: FeatureSpec, freq: Freq, minLag: number): ResolvedSpec {
  const weeks = (n: number) => Math.max(1, Math.round(n * PERIODS_PER_WEEK[freq]));
  const c = spec.calendar;
  const hol = spec.holidays;
  const l = spec.lags;
  const on = <T>(x: T | false | undefined): x is T => x !== undefined && x !== false;
  return {
    calendar: c === false ? null : { parts: true, weeklyOrder: freq === 'D' ? 2 : 0, yearlyOrder: 3, ...c },
    holidays: on(hol) ? { types: ['public'], events: [], before: 3, after: 1, offsetFlags: false, ...hol } : null,
    lags: on(l)
      ? {
          lags: [],
          windows: [],
          stats: ['mean'],
          rollingLag: minLag,
          ewmaAlphas: [],
          lastYear: false,
          ...l,
        }
      : null,
    price: on(spec.price) ? { regularWindow: weeks(8), ...spec.price } : null,
    promo: on(spec.promo) ? { cap: weeks(8), postWindow: weeks(2), ...spec.promo } : null,
    statics: spec.statics ?? [],
    covariates: spec.covariates === false ? null : { knownFuture: true, lags: {}, ...spec.covariates },
    target: { transform: 'none', scale: 'none', ...spec.target },
    custom: spec.custom ?? [],
  };
}

/** Lag (in periods) of "same period last year". */
export function lastYearLag(freq: Freq): number {
  return freq === 'D' ? 364 : freq === 'W' ? 52 : freq === 'M' ? 12 : freq === 'Q' ? 4 : 1;
}
