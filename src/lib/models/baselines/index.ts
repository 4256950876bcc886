/** Baseline models and the per-series model builder the statistical models share. */
export { naive, type NaiveOptions } from './naive';
export { seasonalNaive, type SeasonalNaiveOptions } from './seasonalNaive';
export { drift, type DriftOptions, type DriftState } from './drift';
export { movingAverage, movingAverageSd, type MovingAverageOptions, type MovingAverageState } from './movingAverage';
export { localModel, cancelledError, futureDays, type LocalKernel, type LocalMeta, type LocalState } from './localModel';
export { fallbackForecast, snaiveFit, snaiveForecast, type SnaiveState, type StepForecast } from './fallback';
export { normalQuantile, zFor, residualSd, normalBounds } from './intervals';
export { forecastProblem, saneBounds, SANE_RANGE_MULTIPLE } from './sanity';
