/** Rolling-origin backtesting, conformal intervals, leaderboard, model selection and ensembles. */
export { CancelledError, type BacktestRow, type BacktestResult, type BacktestModelSummary, type BacktestProgress } from './types';
export { makeCutoffs, planBacktest, type CutoffOptions, type PlanOptions } from './makeCutoffs';
export { splitAt, futureNames, type Split, type SplitOptions, type ExcludedSeries } from './splitAt';
export { runBacktest, type BacktestOptions } from './runBacktest';
export { rowInputs, scoreModels, DEFAULT_SCORE_METRICS, type ScoreOptions } from './score';
export {
  calibrateConformal, conformalHalfWidth, applyConformal, calibrateQuantiles, residualQuantile, residualScale,
  type QuantileCalibration, type QuantileCalibrationOptions, type ConformalOptions, type ConformalCalibration, type ConformalTarget, type ApplyConformalOptions,
} from './conformal';
export { combineRows, inverseErrorWeights, type EnsembleMethod, type CombineOptions } from './ensemble';
export { selectModels, rankKey, type SelectionOptions, type Selected, type EnsembleChoice } from './selection';
export { leaderboard, type Leaderboard, type LeaderboardEntry } from './leaderboard';
