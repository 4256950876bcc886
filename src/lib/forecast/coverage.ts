/** Out-of-sample check of calibrated bands: the share of backtest actuals inside a quantile band. */
import type { QuantileCalibration } from '../backtest/conformal';
import type { BacktestRow } from '../backtest/types';
import { quantilesFromResiduals } from './calibrate';
import { quantileLevels } from './quantiles';

/** Options of {@link bandCoverage}. */
export interface BandCoverageOptions {
  /** Band edges as quantile levels, e.g. 0.1 and 0.9 for the 80 % band. */
  lower: number;
  upper: number;
  /** Only rows of this model / these windows (default all). */
  model?: string;
  windows?: number[];
  /** Known zeros (closed days) are not scored at all: neither as covered nor as missed. */
  knownZero?: (id: string, ds: number) => boolean;
  floor?: number;
}

/** Share of actuals of `rows` inside the calibrated [lower, upper] band, and how many points were scored. */
export function bandCoverage(rows: BacktestRow[], cal: QuantileCalibration, options: BandCoverageOptions): { share: number; n: number } {
  const levels = quantileLevels([options.lower, options.upper]);
  const keep = options.windows ? new Set(options.windows) : null;
  let n = 0;
  let hit = 0;
  for (const r of rows) {
    if ((options.model && r.model !== options.model) || (keep && !keep.has(r.window))) continue;
    const f = quantilesFromResiduals({ id: r.id, ds: r.ds, mean: r.mean, step: r.step, scale: r.scale }, cal, 1, { levels, floor: options.floor });
    r.actual.forEach((a, i) => {
      if (!Number.isFinite(a) || !Number.isFinite(r.mean[i]) || options.knownZero?.(r.id, r.ds[i])) return;
      n++;
      if (a >= f.q[0][i] && a <= f.q[1][i]) hit++;
    });
  }
  return { share: n ? hit / n : NaN, n };
}
