/**
 * The forecast distribution a policy is sized on, from the engine's forecast contract: every forecast's
 * quantiles are calibrated on rolling-origin residuals (`calibrateQuantiles` + `quantilesFromResiduals`
 * of `src/lib/forecast`, per horizon step, at any level — the service level itself included), and the
 * periods of a lead time + review are tied by the correlation of consecutive residuals, estimated from
 * the same backtest. In a replay each forecast is calibrated only on residuals known at its origin.
 * Intermittent series keep a count distribution (negative binomial, dispersion from their residuals).
 */
import { calibrateQuantiles, type BacktestRow, type QuantileCalibration } from '../backtest';
import { quantilesFromResiduals } from '../forecast/calibrate';
import type { ForecastSet, SeriesQuantiles } from '../forecast/contract';
import { DEFAULT_QUANTILES, quantileLevels, type QuantileLevel } from '../forecast/quantiles';
import type { PeriodForecast } from './quantileFunction';

/** The quantile levels a replenishment forecast carries: 0.01 … 0.995 and every service target asked for. */
export function demandLevels(services: number[] = []): QuantileLevel[] {
  const ps = [...DEFAULT_QUANTILES, 0.01, 0.02, 0.98, 0.99, 0.995, ...services.filter((p) => p > 0 && p < 1)];
  return quantileLevels([...new Set(ps.map((p) => Math.round(p * 1e6) / 1e6))]);
}

/** Residual calibration of one model at one origin, and how the periods of L + R co-move. */
export interface DemandCalibration {
  calibration: QuantileCalibration;
  /** Correlation of a path's per-period errors (Gaussian copula of `leadTimeDemand`), 0 … 0.95. */
  correlation: number;
  /** Residuals it rests on. */
  residuals: number;
  /** `earlier`: only residuals known at the origin; `others`: other origins (the first origin has none earlier). */
  basis: 'earlier' | 'others' | 'all';
}

/** Options of {@link demandCalibration}. */
export interface DemandCalibrationOptions {
  h: number;
  /** Periods of lead time + review the correlation is estimated over. */
  span: number;
  /** Known zeros (closed days): left out of the residuals. */
  knownZero?: (id: string, ds: number) => boolean;
}

/** The rows cut to the points observed by `day` (what was known at an origin). */
export function knownBy(rows: BacktestRow[], day: number): BacktestRow[] {
  const out: BacktestRow[] = [];
  for (const r of rows) {
    let n = 0;
    while (n < r.ds.length && r.ds[n] <= day) n++;
    if (n === r.ds.length) out.push(r);
    else if (n > 0) out.push({ ...r, ds: r.ds.subarray(0, n), step: r.step.subarray(0, n), actual: r.actual.subarray(0, n), mean: r.mean.subarray(0, n) });
  }
  return out;
}

/**
 * Equicorrelation of scaled residuals over windows of `span` consecutive steps: ρ such that
 * Var(Σ e) = Σ σ² + ρ Σ_{i≠j} σ σ, i.e. ρ = (Σ (Σe)² − Σ Σe²) / Σ (m − 1) Σe² over windows of m open periods.
 */
export function residualCorrelation(rows: BacktestRow[], span: number, knownZero?: (id: string, ds: number) => boolean): number {
  if (span < 2) return 0;
  let num = 0;
  let den = 0;
  for (const r of rows) {
    const sc = r.scale && r.scale.n > 0 && r.scale.mae > 0 ? r.scale.mae : 1;
    const e: number[] = [];
    for (let i = 0; i < r.ds.length; i++) {
      const v = (r.actual[i] - r.mean[i]) / sc;
      e.push(Number.isFinite(v) && !knownZero?.(r.id, r.ds[i]) ? v : NaN);
    }
    for (let a = 0; a + span <= e.length; a += span) {
      let s = 0;
      let ss = 0;
      let m = 0;
      for (let j = a; j < a + span; j++)
        if (!Number.isNaN(e[j])) {
          s += e[j];
          ss += e[j] * e[j];
          m++;
        }
      if (m < 2) continue;
      num += s * s - ss;
      den += (m - 1) * ss;
    }
  }
  return den > 0 ? Math.min(0.95, Math.max(0, num / den)) : 0;
}

/** Calibrates one model's quantiles and its L + R correlation on `rows`. */
export function demandCalibration(rows: BacktestRow[], o: DemandCalibrationOptions, basis: DemandCalibration['basis'] = 'all'): DemandCalibration {
  const calibration = calibrateQuantiles(rows, { h: o.h, knownZero: o.knownZero });
  return { calibration, correlation: residualCorrelation(rows, o.span, o.knownZero), residuals: calibration.pooled.length, basis };
}

/** Fewest residuals an origin's own calibration needs before it borrows the other origins'. */
const MIN_RESIDUALS = 30;

/**
 * One calibration per origin of `rows` (one model, all series): from the residuals observed by that
 * origin; the first origin(s), with too few, use the other origins' residuals (marked `others`).
 */
export function calibrationsByCutoff(rows: BacktestRow[], o: DemandCalibrationOptions): Map<number, DemandCalibration> {
  const out = new Map<number, DemandCalibration>();
  for (const c of [...new Set(rows.map((r) => r.cutoff))].sort((a, b) => a - b)) {
    const earlier = knownBy(rows.filter((r) => r.cutoff < c), c);
    const cal = demandCalibration(earlier, o, 'earlier');
    out.set(c, cal.residuals >= MIN_RESIDUALS ? cal : demandCalibration(rows.filter((r) => r.cutoff !== c), o, 'others'));
  }
  return out;
}

/** Variance / mean of a series' forecast errors (≥ 1): the negative binomial's dispersion for intermittent demand. */
export function residualDispersion(rows: BacktestRow[]): number {
  let se = 0;
  let sm = 0;
  for (const r of rows)
    for (let i = 0; i < r.ds.length; i++) {
      const e = r.actual[i] - r.mean[i];
      if (!Number.isFinite(e)) continue;
      se += e * e;
      sm += Math.max(0, r.mean[i]);
    }
  return sm > 0 ? Math.max(1, se / sm) : 1;
}

/** How one series' forecasts become per-period distributions. */
export interface PeriodShape {
  /** Count distribution instead of the quantiles (intermittent demand). */
  intermittent?: boolean;
  /** Its variance / mean. */
  dispersion?: number;
}

/** One series of the forecast contract as per-period forecasts from period `from` on. */
export function periodsOfSeries(levels: QuantileLevel[], f: SeriesQuantiles, shape: PeriodShape = {}, from = 0): PeriodForecast[] {
  const out: PeriodForecast[] = [];
  for (let j = from; j < f.mean.length; j++) {
    const mean = Math.max(0, f.mean[j]);
    out.push(shape.intermittent ? { mean, quantiles: {}, dispersion: shape.dispersion } : { mean, quantiles: Object.fromEntries(levels.map((l, k) => [l.p, f.q[k][j]])) });
  }
  return out;
}

/** One series of a forecast set as per-period forecasts (see {@link periodsOfSeries}). */
export function periodsOfSet(set: ForecastSet, id: string, shape: PeriodShape = {}): PeriodForecast[] | undefined {
  const f = set.series.find((s) => s.id === id);
  return f ? periodsOfSeries(set.levels, f, shape) : undefined;
}

/** Options of {@link calibratedLookup}. */
export interface CalibratedLookupOptions extends PeriodShape {
  /** This series' rows of one model (every origin). */
  rows: BacktestRow[];
  /** Day number of each replayed period. */
  days: ArrayLike<number>;
  /** The model's calibration per origin ({@link calibrationsByCutoff}). */
  calibrations: Map<number, DemandCalibration>;
  levels: QuantileLevel[];
  /** Seasonal period (scales a row without its own scale). */
  season: number;
  knownZero?: (id: string, ds: number) => boolean;
}

/** At replayed period t: the calibrated forecast of the latest origin before t, from t on, and its correlation. */
export function calibratedLookup(o: CalibratedLookupOptions): { forecastAt: (t: number) => PeriodForecast[]; correlationAt: (t: number) => number } {
  const sorted = [...o.rows].sort((a, b) => a.cutoff - b.cutoff);
  const cache = new Map<BacktestRow, SeriesQuantiles>();
  const rowAt = (t: number) => {
    let row: BacktestRow | undefined;
    for (const r of sorted) if (r.cutoff < o.days[t]) row = r;
    return row;
  };
  const quantiles = (r: BacktestRow) => {
    let q = cache.get(r);
    if (!q) {
      const cal = o.calibrations.get(r.cutoff);
      if (!cal) throw new Error(`calibratedLookup: no calibration for the origin of ${r.id} at day ${r.cutoff}`);
      q = quantilesFromResiduals({ id: r.id, ds: r.ds, mean: r.mean, step: r.step, scale: r.scale }, cal.calibration, o.season, { levels: o.levels, floor: 0, knownZero: o.knownZero });
      cache.set(r, q);
    }
    return q;
  };
  return {
    forecastAt: (t) => {
      const r = rowAt(t);
      if (!r) return [];
      let from = 0;
      while (from < r.ds.length && r.ds[from] < o.days[t]) from++;
      return periodsOfSeries(o.levels, quantiles(r), o, from);
    },
    correlationAt: (t) => {
      const r = rowAt(t);
      return r ? o.calibrations.get(r.cutoff)?.correlation ?? 0 : 0;
    },
  };
}
