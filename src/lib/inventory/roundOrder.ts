/** Order quantity after the minimum order and the order multiple. */

/** Options of {@link roundOrder}. */
export interface RoundOptions {
  moq?: number;
  /** Order multiple / batch size (default 1). */
  batch?: number;
}

/** 0 when `need` ≤ 0; else max(need, MOQ) rounded up to a multiple of the batch. */
export function roundOrder(need: number, o: RoundOptions = {}): number {
  if (!(need > 1e-9)) return 0;
  const b = Math.max(1, o.batch ?? 1);
  const q = Math.max(need, o.moq ?? 0);
  return Math.ceil(q / b - 1e-9) * b;
}
