import { niceDomain } from './niceDomain';

/** Value domain for horizontal bars: always contains 0 and the reference value, rounded to nice ticks. */
export function barDomain(values: ArrayLike<number>, reference?: number): [number, number] {
  const extra = reference !== undefined && Number.isFinite(reference) ? [reference] : [];
  return niceDomain([values, extra], { includeZero: true });
}

/** Pixel width to reserve for bar labels: ~6.5 px per character plus padding, clamped to [30, maxWidth]. */
export function labelWidth(labels: string[], maxWidth = 200): number {
  const longest = labels.reduce((a, l) => Math.max(a, l.length), 0);
  return Math.min(maxWidth, Math.max(30, Math.ceil(longest * 6.5) + 10));
}
