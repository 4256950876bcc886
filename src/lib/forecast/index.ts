/**
 * Forecasting beyond the data from a plan of the future: the plan table, the forecast contract (any set of
 * quantiles, calibrated from rolling-origin residuals), the forecasts table, and re-forecasting a changed
 * plan without refitting.
 */
export { DEFAULT_QUANTILES, parseQuantiles, quantileLevels, quantileColumn, repairCrossing, bandOf, centralBands, type CentralBand, type QuantileLevel } from './quantiles';
export { quantileOf, type ForecastSet, type SeriesQuantiles } from './contract';
export { quantilesFromResiduals, type PointForecast, type QuantileFromResidualsOptions } from './calibrate';
export { bandCoverage, type BandCoverageOptions } from './coverage';
export { createBaselinePlan, periodAfter, type BaselinePlan, type BaselinePlanOptions } from './plan';
export { validatePlan, type ValidatePlanOptions, type ValidatePlanResult } from './validatePlan';
export { loadPlanInput, type LoadPlanInputOptions, type LoadPlanInputResult } from './planInput';
export { writeForecasts, countForecasts, readForecasts, type WriteForecastsOptions, type ReadForecastsOptions } from './forecastsTable';
export { forecastSetCsv, forecastSetsCsv, csvCell, csvNumber } from './forecastsCsv';
export { forecastsCsvText, forecastsParquet, planCsvText, type ParquetWriter } from './forecastsExport';
export { calibratedForecast, type CalibratedForecast, type CalibratedForecastOptions } from './calibratedForecast';
export { fitForecaster, forecastFromPlan, firstForecastDay, type FitForecasterOptions, type ForecastFromPlanOptions, type PlanForecaster, type EnsembleRecipe, type FeatureView } from './planForecaster';
export { calibratedCoverage, candidateRows, ensembleMethod, type CalibratedCoverageOptions } from './calibratedCoverage';
export { calibrateQuantiles, residualQuantile, type QuantileCalibration, type QuantileCalibrationOptions } from '../backtest/conformal';
export { forecastSales, type ForecastSalesOptions, type ForecastSalesResult } from './forecastSales';
export { AUTO_LABEL } from './autoLabel';
export { forecastStep, type ForecastRequest, type ForecastRunResult, type QuantileForecast, type ForecastStepProgress } from './forecastStep';
export { aggregateForecast, sumRows, type AggregateForecastOptions } from './aggregateForecast';
