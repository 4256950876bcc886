/**
 * The one way the Replenish step writes a number of an explained value: the result column, the values
 * put into the formula ("with") and the worked line all use it, so a line reads the same as the table.
 */

/**
 * `v` for reading: from 10 up rounded to 1 decimal, below 10 to 3 significant digits (so a holding cost
 * of 0.000685 a day is not shown as 0; a share just below 1 keeps the digits that tell it from 1),
 * trailing zeros dropped; `–` when not finite.
 */
export function formatAmount(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  let r = Math.abs(v) >= 10 ? Math.round(v * 10) / 10 : Number(v.toPrecision(3));
  // A share just below 1 (a fractile of 0.9996) is not written as 1, the value that means "no upper limit".
  for (let p = 4; Math.abs(r) === 1 && Math.abs(v - r) > 1e-9 && p <= 12; p++) r = Number(v.toPrecision(p));
  return String(r);
}

/** `k = v, …` of a formula's values, each written with {@link formatAmount}. */
export function formatValues(values: Record<string, number>, sep = ', ', eq = ' = '): string {
  return Object.entries(values).map(([k, v]) => `${k}${eq}${formatAmount(v)}`).join(sep);
}
