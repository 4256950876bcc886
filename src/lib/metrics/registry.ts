import { BUILTIN_METRICS } from './builtins';
import type { MetricFn, MetricSpec } from './types';

const registry = new Map<string, MetricSpec>(BUILTIN_METRICS.map((m) => [m.name, m]));

/** Options of {@link registerMetric}; defaults: `pool: 'points'`, `better: 'lower'`. */
export interface RegisterMetricOptions {
  pool?: MetricSpec['pool'];
  better?: MetricSpec['better'];
  target?: number;
  description?: string;
}

/** Registers (or replaces) a metric under `name`. */
export function registerMetric(name: string, fn: MetricFn, options: RegisterMetricOptions = {}): MetricSpec {
  const spec: MetricSpec = { ...options, name, fn, pool: options.pool ?? 'points', better: options.better ?? 'lower' };
  registry.set(name, spec);
  return spec;
}

/** Removes the metric registered as `name` (a plugin taken out, or a test's own metric); true if there was one. */
export function unregisterMetric(name: string): boolean {
  return registry.delete(name);
}

/** The metric registered as `name`; throws for an unknown name (a bug, not a data problem). */
export function getMetric(name: string): MetricSpec {
  const spec = registry.get(name);
  if (!spec) throw new Error(`unknown metric "${name}" (known: ${[...registry.keys()].join(', ')})`);
  return spec;
}

/** Names of all registered metrics, in registration order. */
export function listMetrics(): string[] {
  return [...registry.keys()];
}
