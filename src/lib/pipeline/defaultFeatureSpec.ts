/**
 * The default FeatureSpec of the pipeline for a frequency, a horizon and the covariates at hand:
 * calendar + Fourier, target lags / rolling windows at lags ≥ h, same period last year, promo timing for
 * the promo column, and timing features from the data's own holiday and open/closed columns.
 */
import { lastYearLag, type CustomFeature, type FeatureSpec } from '../features';
import { ident } from '../features/featureColumn';
import type { CovariateMeta, Freq } from '../data/contract';

/** Options of {@link defaultFeatureSpec}. */
export interface DefaultSpecOptions {
  freq: Freq;
  /** Forecast horizon: every y feature looks back at least this far. */
  h: number;
  covariates?: CovariateMeta[];
  /** Attributes of the `series` table to encode. */
  statics?: string[];
  /** Longest history in periods (lags that no series can fill are left out). */
  historyLength?: number;
  /**
   * Lag strategy (default `direct`: every y feature looks back at least h). `recursive`: lags from 1
   * (weekly 1–13, 26, 52; daily 1–7, 14, 21, 28; monthly 1–12, 24) and rolling means ending one period
   * back, filled from the model's own forecasts at predict time.
   */
  strategy?: 'direct' | 'recursive';
}

const SEASON: Record<Freq, number> = { D: 7, W: 52, M: 12, Q: 4, Y: 1 };
/** Cap of the days-to / days-since features of holiday and closure columns. */
const CAP = 15;

/** SQL flag (0/1) of "this column is set": not NULL, not '', '0', 'false', 'no', 'none'. */
function isOn(column: string): string {
  return `(${ident(column)} IS NOT NULL AND lower(trim(CAST(${ident(column)} AS VARCHAR))) NOT IN ('', '0', '0.0', 'false', 'no', 'none', 'f', 'n'))`;
}

/** Periods until the next / since the last row where `flag` holds, within the series, capped. */
function distanceFeatures(prefix: string, flag: string, freq: Freq): CustomFeature[] {
  const p = freq === 'D' ? `(ds - DATE '1970-01-01')` : freq === 'W' ? `((ds - DATE '1970-01-01') // 7)` : freq === 'Q' ? `(year(ds) * 4 + quarter(ds))` : freq === 'Y' ? `year(ds)` : `(year(ds) * 12 + month(ds))`;
  const back = 'OVER (PARTITION BY unique_id ORDER BY ds ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)';
  const fwd = 'OVER (PARTITION BY unique_id ORDER BY ds ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)';
  return [
    { name: `${prefix}_since`, sql: `least(coalesce(${p} - max(CASE WHEN ${flag} THEN ${p} END) ${back}, ${CAP}), ${CAP})` },
    { name: `${prefix}_until`, sql: `least(coalesce(min(CASE WHEN ${flag} THEN ${p} END) ${fwd} - ${p}, ${CAP}), ${CAP})` },
  ];
}

/** Target lags for a direct model at horizon `h`. */
function lagSet(freq: Freq, h: number, historyLength: number): { lags: number[]; windows: number[]; lastYear: boolean } {
  const m = SEASON[freq];
  const firstSeasonal = Math.ceil(h / Math.min(m, freq === 'D' ? 7 : m)) * (freq === 'D' ? 7 : 1);
  const lags = freq === 'D' ? [h, firstSeasonal, firstSeasonal + 7, firstSeasonal + 14, firstSeasonal + 21] : [h, h + 1, h + 2];
  const windows = freq === 'D' ? [7, 28, 91] : freq === 'W' ? [4, 13, 52] : freq === 'M' ? [3, 12] : freq === 'Q' ? [2, 4] : [2, 3];
  const ly = lastYearLag(freq);
  return {
    lags: [...new Set(lags)].filter((l) => l < historyLength),
    windows: windows.filter((w) => w + h < historyLength),
    lastYear: ly >= h && ly + 1 < historyLength,
  };
}

/** Target lags for a recursive model: every short lag up to one season, then a few seasonal ones. */
function recursiveLagSet(freq: Freq, historyLength: number): { lags: number[]; windows: number[]; lastYear: boolean } {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const lags = freq === 'D' ? [...range(7), 14, 21, 28] : freq === 'W' ? [...range(13), 26] : freq === 'M' ? [...range(11), 24] : freq === 'Q' ? [...range(3), 8] : [1, 2, 3];
  const windows = freq === 'D' ? [7, 28, 91] : freq === 'W' ? [4, 13, 52] : freq === 'M' ? [3, 6, 12] : freq === 'Q' ? [2, 4] : [2, 3];
  const ly = lastYearLag(freq);
  return {
    lags: lags.filter((l) => l < historyLength),
    windows: windows.filter((w) => w + 1 < historyLength),
    lastYear: ly + 1 < historyLength && !lags.includes(ly),
  };
}

/** Builds the default spec (see the module comment); covariate roles pick the promo/holiday/open families. */
export function defaultFeatureSpec(options: DefaultSpecOptions): FeatureSpec {
  const { freq, h } = options;
  const covs = (options.covariates ?? []).filter((c) => c.timing === 'known_future');
  const promo = covs.find((c) => c.role === 'promo');
  const price = covs.find((c) => c.role === 'price' && c.type === 'numeric');
  const custom: CustomFeature[] = [];
  for (const c of covs.filter((c) => c.role === 'holiday')) custom.push(...distanceFeatures(c.name, isOn(c.name), freq));
  for (const c of covs.filter((c) => c.role === 'open')) custom.push(...distanceFeatures(`${c.name}_closed`, `NOT ${isOn(c.name)}`, freq));
  const longest = options.historyLength ?? Infinity;
  const { lags, windows, lastYear } = options.strategy === 'recursive' ? recursiveLagSet(freq, longest) : lagSet(freq, h, longest);
  return {
    calendar: { parts: true, weeklyOrder: 0, yearlyOrder: freq === 'Y' ? 0 : freq === 'Q' ? 1 : freq === 'M' ? 2 : 3 },
    lags: { lags, windows, stats: ['mean'], lastYear, minPeriods: 1 },
    ...(promo ? { promo: { column: promo.name } } : {}),
    // Price response: own price, log price, price vs its regular (median) and recent level, discount depth.
    ...(price ? { price: { column: price.name, regularWindow: freq === 'D' ? 56 : freq === 'W' ? 8 : 3 } } : {}),
    statics: options.statics ?? [],
    covariates: { knownFuture: true },
    custom,
  };
}
