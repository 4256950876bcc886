/**
 * The next orders of one series (what, how much, when) under a chosen policy, projected over the
 * forecast horizon with the mean forecast, after MOQ and batch rounding.
 */
import type { ResolvedInputs } from './inputs';
import type { PolicySet } from './policies';
import { roundOrder } from './roundOrder';

/** Policy families. */
export type PolicyKind = 'RS' | 'sS' | 'sQ' | 'batch';

/** One recommended order. */
export interface OrderLine {
  id: string;
  /** Period index the order is placed (0 = now). */
  orderIn: number;
  /** Period index it is expected to arrive. */
  arrivesIn: number;
  quantity: number;
  /** Inventory position before the order. */
  position: number;
  /** Why: the rule that fired, with its numbers. */
  reason: string;
}

/** Options of {@link recommendOrders}. */
export interface RecommendOptions {
  policy: PolicyKind;
  policies: PolicySet;
  inputs: ResolvedInputs;
  /** Mean forecast per period from now (the projection). */
  means: number[];
  /** Orders planned at most this many (default 3). */
  maxOrders?: number;
}

/** Projects stock position with the mean forecast and lists the orders the policy places. */
export function recommendOrders(o: RecommendOptions): OrderLine[] {
  const x = o.inputs;
  const p = o.policies;
  const out: OrderLine[] = [];
  let ip = x.onHand + x.openOrders.reduce((s, v) => s + v.quantity, 0);
  const R = Math.max(1, x.review);
  const L = Math.round(x.leadTime);
  const round = (q: number) => roundOrder(q, { moq: x.moq, batch: x.batch });
  for (let t = 0; t < o.means.length && out.length < (o.maxOrders ?? 3); t++) {
    let need = 0;
    let reason = '';
    if (o.policy === 'RS') {
      if (t % R === 0 && ip < p.orderUpTo.value) {
        need = p.orderUpTo.value - ip;
        reason = `review: position ${ip.toFixed(1)} < S ${p.orderUpTo.value.toFixed(1)}, order S − position`;
      }
    } else if (ip <= p.sS.s) {
      if (o.policy === 'sS') {
        need = p.sS.S - ip;
        reason = `position ${ip.toFixed(1)} ≤ s ${p.sS.s.toFixed(1)}: order up to S ${p.sS.S.toFixed(1)}`;
      } else if (o.policy === 'sQ') {
        need = Math.max(1, p.sQ.Q);
        reason = `position ${ip.toFixed(1)} ≤ s ${p.sQ.s.toFixed(1)}: order Q = EOQ ${p.sQ.Q.toFixed(1)}`;
      } else {
        const n = Math.max(1, Math.ceil((p.sS.s - ip) / x.batch + 1e-9));
        need = n * x.batch;
        reason = `position ${ip.toFixed(1)} < s ${p.sS.s.toFixed(1)}: order ${n} × batch ${x.batch}`;
      }
    }
    const q = round(need);
    if (q > 0) {
      const moqNote = x.moq > need ? ` (raised to MOQ ${x.moq}${x.batch > 1 ? `, batch ${x.batch}` : ''})` : x.batch > 1 ? ` (rounded up to batches of ${x.batch})` : '';
      out.push({ id: x.id, orderIn: t, arrivesIn: t + L, quantity: q, position: ip, reason: reason + moqNote });
      ip += q;
    }
    ip -= o.means[t];
  }
  return out;
}
