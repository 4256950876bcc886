/**
 * The leakage rule: a `past_only` feature is usable only if its newest input lies at least h periods
 * before the row (direct models), or ≥ 1 period and rebuilt from forecasts step by step (recursive).
 */
import type { FeatureColumn } from './featureColumn';

/** Thrown by `assertNoLeak` when a feature set would read the future. */
export class LeakageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeakageError';
  }
}

/** Why `col` leaks for horizon `h` under `strategy`, or null when it is safe. */
export function leakReason(col: FeatureColumn, h: number, strategy: 'direct' | 'recursive'): string | null {
  if (col.timing !== 'past_only') return null;
  const lag = col.lag ?? 0;
  if (lag >= h) return null;
  if (strategy === 'recursive' && col.recursive && lag >= 1) return null;
  if (lag === 0) return `"${col.name}" uses the value of its own period, which is unknown when forecasting.`;
  return strategy === 'recursive' && !col.recursive
    ? `"${col.name}" looks back ${lag} periods but cannot be rebuilt from forecasts; it needs a lag of at least h = ${h}.`
    : `"${col.name}" looks back ${lag} periods, less than the horizon h = ${h}: a direct model would read the future.`;
}

/**
 * Throws a `LeakageError` naming every feature of `columns` that leaks for horizon `h`; training code
 * calls this before fitting.
 */
export function assertNoLeak(columns: FeatureColumn[], h: number, strategy: 'direct' | 'recursive'): void {
  const reasons = columns.map((c) => leakReason(c, h, strategy)).filter((r): r is string => r !== null);
  if (reasons.length) throw new LeakageError(`Leaky features for h = ${h} (${strategy}): ${reasons.join(' ')}`);
}
