/**
 * Honest coverage of calibrated bands in a backtest: calibrate a candidate's quantiles on the earlier
 * (selection) windows, score the band on the later (evaluation) windows it never saw.
 */
import { calibrateQuantiles, combineRows, type BacktestResult, type BacktestRow, type EnsembleMethod } from '../backtest';
import type { SelectScoreResult } from '../pipeline/selectAndScore';
import { bandCoverage } from './coverage';

/** The backtest rows of `candidate` over every window: a model's own, or its ensemble's combination. */
export function candidateRows(backtest: BacktestResult, score: SelectScoreResult | undefined, candidate: string): BacktestRow[] {
  const ens = score?.ensembles.find((e) => e.name === candidate);
  if (!ens) return backtest.rows.filter((r) => r.model === candidate);
  return combineRows(backtest.rows, ens.members, { name: ens.name, method: ensembleMethod(ens.name), weights: ens.weights });
}

/** The combination method named in an ensemble's name (`ens_<method>_top<k>`). */
export function ensembleMethod(name: string): EnsembleMethod {
  const m = /^ens_(mean|median|inverse_error)_top\d+$/.exec(name);
  if (!m) throw new Error(`not an ensemble name: ${name}`);
  return m[1] as EnsembleMethod;
}

/** Options of {@link calibratedCoverage}. */
export interface CalibratedCoverageOptions {
  calibrationWindows: number[];
  evalWindows: number[];
  /** Central band in percent (default 80: quantiles 0.1 and 0.9). */
  level?: number;
  knownZero?: (id: string, ds: number) => boolean;
  floor?: number;
}

/** Coverage of the calibrated `level` % band of `rows` on the evaluation windows (NaN when nothing to score). */
export function calibratedCoverage(rows: BacktestRow[], h: number, options: CalibratedCoverageOptions): { share: number; n: number } {
  const a = (100 - (options.level ?? 80)) / 200;
  const cal = calibrateQuantiles(rows, { h, windows: options.calibrationWindows, knownZero: options.knownZero });
  if (!cal.pooled.length) return { share: NaN, n: 0 };
  return bandCoverage(rows, cal, { lower: a, upper: 1 - a, windows: options.evalWindows, knownZero: options.knownZero, floor: options.floor });
}
