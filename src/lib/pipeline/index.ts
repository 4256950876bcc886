/**
 * The engine-agnostic data pipeline: a file → `raw` → `sales`/`series` → TrainData → feature frames as of a
 * cutoff → backtest. The Node engine lives in `./nodeEngine` (import it only from Node entry points).
 */
export { numbers, strings, type ArrowLikeTable, type SqlEngine } from './sqlEngine';
export { loadCsv, tableColumns, type LoadCsvOptions } from './loadCsv';
export { loadCliSales, type LoadCliSalesOptions, type LoadCliSalesResult } from './loadCliSales';
export { mapSales, missingColumns, CLI_CLEANING, type MapSalesOptions, type MapSalesResult } from './mapSales';
export { loadTrainData, type LoadTrainOptions } from './loadTrainData';
export { defaultFeatureSpec, type DefaultSpecOptions } from './defaultFeatureSpec';
export { makeFeaturesAt, makeFeaturesAtSql, featureColumns, type FeaturesAtSql, type FeaturesAtOptions, type ExcludeRows, type MetaFrame } from './featuresAt';
export { withZeroWhen, applyZeroWhen, type ZeroWhenOptions } from './withZeroWhen';
export { selectAndScore, type SelectScoreOptions, type SelectScoreResult, type ModelScore } from './selectAndScore';
export { backtestPipeline, backtestSales, roleOf, flagCovariates, type PipelineOptions, type PipelineResult, type SalesBacktestOptions } from './backtestPipeline';
export { summarizeBacktest, type BacktestSummary, type LeaderboardEntry, type SeriesScore, type SummaryOptions } from './backtestSummary';
export { frameTrainData, type FrameTrainOptions } from './frameTrainData';
