import { metricPooled, type MetricResult, type SeriesMetricInput } from '../metrics';
import type { BacktestRow } from './types';

/** Backtest rows as metric inputs (point forecast = `mean`, MASE scale = the row's training part). */
export function rowInputs(rows: BacktestRow[]): SeriesMetricInput[] {
  return rows.map((r) => ({ id: r.id, actual: r.actual, forecast: r.mean, lo: r.lo, hi: r.hi, scale: r.scale }));
}

/** Options of {@link scoreModels}. */
export interface ScoreOptions {
  /** Metric names (default: wape, mase, smape, rmse, mae, coverage_80, coverage_95). */
  metrics?: string[];
  /** Only these window indices (default all). */
  windows?: number[];
}

export const DEFAULT_SCORE_METRICS = ['wape', 'mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95'];

/** Pooled metrics per model over the chosen windows: `{ model: { metric: result } }`. */
export function scoreModels(rows: BacktestRow[], options: ScoreOptions = {}): Record<string, Record<string, MetricResult>> {
  const metrics = options.metrics ?? DEFAULT_SCORE_METRICS;
  const keep = options.windows ? new Set(options.windows) : null;
  const byModel = new Map<string, BacktestRow[]>();
  for (const r of rows) {
    if (keep && !keep.has(r.window)) continue;
    const list = byModel.get(r.model);
    if (list) list.push(r);
    else byModel.set(r.model, [r]);
  }
  return Object.fromEntries(
    [...byModel].map(([model, list]) => {
      const inputs = rowInputs(list);
      return [model, Object.fromEntries(metrics.map((m) => [m, metricPooled(inputs, m)]))];
    }),
  );
}
