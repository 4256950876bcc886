/** Metric aggregation: per series, per hierarchy group and pooled over everything. */
import { getMetric } from './registry';
import type { MetricInput, MetricResult, MetricSpec } from './types';

/** A metric input tagged with its series (several inputs may share an id, e.g. one per backtest window). */
export interface SeriesMetricInput extends MetricInput {
  id: string;
}

function concat(parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, o);
    o += p.length;
  }
  return out;
}

/** Bounds per level over all inputs; an input without a level contributes NaN (skipped and counted). */
function concatLevels(inputs: MetricInput[], side: 'lo' | 'hi'): Record<number, Float64Array> | undefined {
  const levels = [...new Set(inputs.flatMap((i) => Object.keys(i[side] ?? {})))];
  if (!levels.length) return undefined;
  const fill = (i: MetricInput, l: string) => i[side]?.[+l] ?? new Float64Array(i.actual.length).fill(NaN);
  return Object.fromEntries(levels.map((l) => [l, concat(inputs.map((i) => fill(i, l)))]));
}

function meanOf(results: MetricResult[], units: string): MetricResult {
  const ok = results.filter((r) => r.value !== null);
  const skipped = results.length - ok.length;
  if (!ok.length && results.length) return { value: null, n: 0, skipped, reason: results[0].reason };
  const reason = skipped ? `${skipped} of ${results.length} ${units} skipped (${results.find((r) => r.value === null)!.reason})` : undefined;
  if (!ok.length) return { value: null, n: 0, skipped, reason: reason ?? `no ${units}` };
  const value = ok.reduce((s, r) => s + r.value!, 0) / ok.length;
  return { value, n: ok.length, ...(skipped ? { skipped, reason } : {}) };
}

/**
 * Pools `inputs` into one value of metric `name`: `points` metrics see all points concatenated
 * (WAPE = Σ|e| over everything / Σ|y| over everything); `mean` metrics (MASE, RMSSE) are the mean over
 * series of per-series values, a series' value being the mean over its inputs (windows). Undefined
 * per-series values are skipped and counted in `reason`.
 */
export function metricPooled(inputs: (MetricInput | SeriesMetricInput)[], name: string | MetricSpec): MetricResult {
  const spec = typeof name === 'string' ? getMetric(name) : name;
  if (spec.pool === 'points') {
    return spec.fn({
      actual: concat(inputs.map((i) => i.actual)),
      forecast: concat(inputs.map((i) => i.forecast)),
      lo: concatLevels(inputs, 'lo'),
      hi: concatLevels(inputs, 'hi'),
    });
  }
  const byId = new Map<string, MetricResult[]>();
  inputs.forEach((input, k) => {
    const id = 'id' in input ? input.id : String(k);
    const list = byId.get(id) ?? [];
    list.push(spec.fn(input));
    byId.set(id, list);
  });
  return meanOf([...byId.values()].map((rs) => meanOf(rs, 'windows')), 'series');
}

/** One pooled value per group; `key` maps a series id to its group (e.g. its store). */
export function metricByGroup(inputs: SeriesMetricInput[], name: string, key: (id: string) => string): Record<string, MetricResult> {
  const groups = new Map<string, SeriesMetricInput[]>();
  for (const input of inputs) {
    const g = key(input.id);
    const list = groups.get(g);
    if (list) list.push(input);
    else groups.set(g, [input]);
  }
  return Object.fromEntries([...groups].map(([g, list]) => [g, metricPooled(list, name)]));
}

/** One value per series id (its windows pooled). */
export function metricBySeries(inputs: SeriesMetricInput[], name: string): Record<string, MetricResult> {
  return metricByGroup(inputs, name, (id) => id);
}

/** Several metrics pooled over all `inputs` at once. */
export function metricsPooled(inputs: SeriesMetricInput[], names: string[]): Record<string, MetricResult> {
  return Object.fromEntries(names.map((n) => [n, metricPooled(inputs, n)]));
}
