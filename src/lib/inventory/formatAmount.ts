/**
 * The one way the Replenish step writes a number of an explained value: the result column, the values
 * put into the formula ("with") and the worked line all use it, so a line reads the same as the table.
 */

/**
 * `v` for reading: from 10 up rounded to 1 decimal, below 10 to 3 significant digits (so a holding cost
 * of 0.000685 a day is not shown as 0), trailing zeros dropped; `–` when not finite.
 */
export function formatAmount(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const r = Math.abs(v) >= 10 ? Math.round(v * 10) / 10 : Number(v.toPrecision(3));
  return String(r);
}

/** `k = v, …` of a formula's values, each written with {@link formatAmount}. */
export function formatValues(values: Record<string, number>, sep = ', ', eq = ' = '): string {
  return Object.entries(values).map(([k, v]) => `${k}${eq}${formatAmount(v)}`).join(sep);
}
