import { format } from 'd3';

const big = format(',.0f');
const small = format('.3~r');

/** Compact number for labels and tooltips: `1,235` from 100 up, 3 significant digits below, `–` for missing. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return Math.abs(v) >= 100 ? big(v) : small(v);
}
