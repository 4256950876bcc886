/** The metrics every registry starts with (see {@link listMetrics}). */
import { coverage, intervalWidth, pinball } from './intervalMetrics';
import { bias, mae, mape, rmse, smape, wape } from './pointMetrics';
import { mase, rmsse } from './scaledMetrics';
import type { MetricSpec } from './types';

const lower = (name: string, fn: MetricSpec['fn'], description: string, pool: MetricSpec['pool'] = 'points'): MetricSpec => ({
  name,
  fn,
  pool,
  better: 'lower',
  description,
});

/**
 * Built-in metrics. Percent metrics (`mape`, `smape`, `wape`) are on the 0–100 (sMAPE 0–200) scale;
 * coverages are shares in 0–1.
 */
export const BUILTIN_METRICS: readonly MetricSpec[] = [
  lower('mae', mae, 'mean absolute error'),
  lower('rmse', rmse, 'root mean squared error'),
  lower('mape', mape, 'mean absolute % error, zero actuals skipped'),
  lower('smape', smape, 'symmetric MAPE, 0–200 %'),
  lower('wape', wape, 'Σ|e| / Σ|y| in %'),
  lower('mase', mase, 'MAE / in-sample seasonal-naive MAE', 'mean'),
  lower('rmsse', rmsse, 'RMSE / in-sample seasonal-naive RMSE', 'mean'),
  { name: 'bias', fn: bias, pool: 'points', better: 'lower', target: 0, description: 'mean error, forecast − actual' },
  lower('pinball_50', pinball(0.5), 'pinball loss of the point forecast at τ = 0.5'),
  lower('pinball_10', pinball(0.1), 'pinball loss of the 80 % lower bound (τ = 0.1)'),
  lower('pinball_90', pinball(0.9), 'pinball loss of the 80 % upper bound (τ = 0.9)'),
  lower('pinball_025', pinball(0.025), 'pinball loss of the 95 % lower bound (τ = 0.025)'),
  lower('pinball_975', pinball(0.975), 'pinball loss of the 95 % upper bound (τ = 0.975)'),
  { name: 'coverage_80', fn: coverage(80), pool: 'points', better: 'higher', target: 0.8, description: 'share of actuals in the 80 % interval' },
  { name: 'coverage_95', fn: coverage(95), pool: 'points', better: 'higher', target: 0.95, description: 'share of actuals in the 95 % interval' },
  lower('width_80', intervalWidth(80), 'mean width of the 80 % interval'),
  lower('width_95', intervalWidth(95), 'mean width of the 95 % interval'),
];
