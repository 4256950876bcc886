/** Rolling-origin backtesting, conformal intervals, ranking and ensembles (model choice: `pipeline/selectAndScore`). */
export { CancelledError, type BacktestRow, type BacktestResult, type BacktestModelSummary, type BacktestProgress } from './types';
export { makeCutoffs, planBacktest, type CutoffOptions, type PlanOptions } from './makeCutoffs';
export { splitAt, futureNames, type Split, type SplitOptions, type ExcludedSeries } from './splitAt';
export { runBacktest, type BacktestOptions } from './runBacktest';
export { rowInputs, scoreModels, DEFAULT_SCORE_METRICS, type ScoreOptions } from './score';
export {
  calibrateConformal, conformalHalfWidth, applyConformal, calibrateQuantiles, residualQuantile, residualScale, residualUnit,
  type QuantileCalibration, type QuantileCalibrationOptions, type ConformalOptions, type ConformalCalibration, type ConformalTarget, type ApplyConformalOptions,
} from './conformal';
export { combineRows, inverseErrorWeights, type EnsembleMethod, type CombineOptions } from './ensemble';
export { rankKey } from './selection';
