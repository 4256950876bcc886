/** Forecast accuracy metrics: a registry of pure metric functions plus aggregation helpers. */
export type { MetricFn, MetricInput, MetricResult, MetricSpec, SeasonalScale } from './types';
export { registerMetric, unregisterMetric, getMetric, listMetrics, type RegisterMetricOptions } from './registry';
export { BUILTIN_METRICS } from './builtins';
export { mae, rmse, bias, mape, smape, wape } from './pointMetrics';
export { mase, rmsse, seasonalScale } from './scaledMetrics';
export { pinball, coverage, intervalWidth, type PinballOptions } from './intervalMetrics';
export { metricPooled, metricByGroup, metricBySeries, metricsPooled, type SeriesMetricInput } from './aggregate';
