/**
 * Runs of consecutive promo rows as inclusive `[firstDay, lastDay]` pairs. A row is "promo" when its
 * flag is > 0 (so promo depth works too; NaN is not promo). Adjacent rows join whatever their day gap,
 * so weekly data gives one span per promo run.
 */
export function promoSpans(ds: ArrayLike<number>, promo: ArrayLike<number>): [number, number][] {
  if (ds.length !== promo.length) throw new Error(`promoSpans: ds has ${ds.length} rows, promo ${promo.length}`);
  const spans: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= ds.length; i++) {
    const on = i < ds.length && promo[i] > 0;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      spans.push([ds[start], ds[i - 1]]);
      start = -1;
    }
  }
  return spans;
}
