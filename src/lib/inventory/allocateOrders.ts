/**
 * Orders of several items placed in the same period under a shared budget (money) or capacity (units):
 * each item may order 0 or a quantity its MOQ and batch allow, up to what its policy wants; a
 * multiple-choice integer program (one option per item, binaries) solved by HiGHS picks the options of
 * least expected cost over the protection interval — stock-out cost of E[(D − y)⁺] plus holding of
 * E[(y − D)⁺], y = position + order, D sampled from the forecast.
 */
import type { HighsSolver } from '../promo/optimisePromotions';
import { expectedShortage } from './leadTimeDemand';
import { roundOrder } from './roundOrder';

/** One item's order to allocate. */
export interface AllocItem {
  id: string;
  /** Inventory position before the order. */
  position: number;
  /** What the policy wants (already rounded to MOQ / batch). */
  wanted: number;
  /** Samples of demand over lead time + review, ascending or not. */
  demand: ArrayLike<number>;
  unitCost: number;
  /** Holding cost of one unit left over at the end of the interval. */
  holdingCost: number;
  stockoutCost: number;
  moq: number;
  batch: number;
}

/** Options of {@link allocateOrders}. */
export interface AllocOptions {
  items: AllocItem[];
  /** Most money spent on these orders (Σ unit cost × quantity). */
  budget?: number;
  /** Most units ordered in all. */
  capacity?: number;
  highs?: HighsSolver;
  /** Options per item at most (evenly spaced multiples of the batch; default 40). */
  maxOptions?: number;
}

/** The allocation: a quantity per item, the expected cost, and the solver status. */
export interface Allocation {
  quantities: number[];
  /** Expected cost of the chosen options. */
  cost: number;
  spend: number;
  units: number;
  status: 'unconstrained' | 'optimal' | 'time_limit' | 'infeasible' | 'error';
  /** The candidate quantities and their expected costs per item (for tests and the explanation). */
  options: { quantity: number; cost: number }[][];
}

/** Expected cost of bringing the position to y: stock-out cost × E[(D − y)⁺] + holding × E[(y − D)⁺]. */
export function expectedCost(it: AllocItem, quantity: number): number {
  const y = it.position + quantity;
  let mean = 0;
  for (let i = 0; i < it.demand.length; i++) mean += it.demand[i];
  mean /= Math.max(1, it.demand.length);
  const short = expectedShortage(it.demand, y);
  // E[(y − D)⁺] = y − E[D] + E[(D − y)⁺]
  return it.stockoutCost * short + it.holdingCost * Math.max(0, y - mean + short);
}

/** Candidate quantities: 0 and the allowed quantities up to `wanted` (MOQ, multiples of the batch). */
export function orderOptions(it: AllocItem, maxOptions = 40): number[] {
  const out = new Set<number>([0]);
  if (it.wanted <= 0) return [0];
  const b = Math.max(1, it.batch);
  const lo = roundOrder(1, { moq: it.moq, batch: b });
  const steps = Math.max(0, Math.floor((it.wanted - lo) / b));
  const every = Math.max(1, Math.ceil(steps / Math.max(1, maxOptions - 2)));
  for (let k = 0; k <= steps; k += every) out.add(lo + k * b);
  if (lo <= it.wanted) out.add(it.wanted);
  return [...out].sort((a, c) => a - c);
}

let defaultHighs: Promise<HighsSolver> | null = null;
function loadDefaultHighs(): Promise<HighsSolver> {
  defaultHighs ??= import('highs').then((m) => (m.default as unknown as () => Promise<HighsSolver>)());
  return defaultHighs;
}

const fmt = (v: number) => (v >= 0 ? `+ ${v.toPrecision(12)}` : `- ${(-v).toPrecision(12)}`);

/** Writes the multiple-choice program as CPLEX LP text. */
export function allocationLp(options: { quantity: number; cost: number }[][], items: AllocItem[], budget?: number, capacity?: number): string {
  const obj: string[] = [];
  const rows: string[] = [];
  const spend: string[] = [];
  const units: string[] = [];
  const bins: string[] = [];
  options.forEach((opts, i) => {
    const xs = opts.map((_, k) => `x_${i}_${k}`);
    bins.push(...xs);
    opts.forEach((o, k) => {
      obj.push(`${fmt(o.cost)} ${xs[k]}`);
      if (o.quantity > 0) {
        spend.push(`${fmt(o.quantity * items[i].unitCost)} ${xs[k]}`);
        units.push(`${fmt(o.quantity)} ${xs[k]}`);
      }
    });
    rows.push(` one_${i}: ${xs.map((x) => `+ ${x}`).join(' ')} = 1`);
  });
  if (budget !== undefined && spend.length) rows.push(` budget: ${spend.join(' ')} <= ${budget}`);
  if (capacity !== undefined && units.length) rows.push(` capacity: ${units.join(' ')} <= ${capacity}`);
  return ['Minimize', ` obj: ${obj.join(' ')}`, 'Subject To', ...rows, 'Binaries', ...bins.map((b) => ` ${b}`), 'End'].join('\n');
}

/** Allocates the period's orders under the budget / capacity; without a binding limit each item gets what it wants. */
export async function allocateOrders(o: AllocOptions): Promise<Allocation> {
  const options = o.items.map((it) => orderOptions(it, o.maxOptions).map((quantity) => ({ quantity, cost: expectedCost(it, quantity) })));
  const total = (qs: number[]) => ({
    cost: qs.reduce((s, q, i) => s + expectedCost(o.items[i], q), 0),
    spend: qs.reduce((s, q, i) => s + q * o.items[i].unitCost, 0),
    units: qs.reduce((s, q) => s + q, 0),
  });
  const wanted = o.items.map((it) => Math.max(0, it.wanted));
  const w = total(wanted);
  if ((o.budget === undefined || w.spend <= o.budget + 1e-9) && (o.capacity === undefined || w.units <= o.capacity + 1e-9))
    return { quantities: wanted, ...w, status: 'unconstrained', options };
  const highs = o.highs ?? (await loadDefaultHighs());
  const r = highs.solve(allocationLp(options, o.items, o.budget, o.capacity), { output_flag: false, time_limit: 20, mip_rel_gap: 1e-6 });
  if (r.Status !== 'Optimal' && r.Status !== 'Time limit reached') {
    const none = o.items.map(() => 0);
    return { quantities: none, ...total(none), status: /nfeasible/.test(r.Status) ? 'infeasible' : 'error', options };
  }
  const quantities = options.map((opts, i) => {
    const k = opts.findIndex((_, j) => (r.Columns[`x_${i}_${j}`]?.Primal ?? 0) > 0.5);
    return k < 0 ? 0 : opts[k].quantity;
  });
  return { quantities, ...total(quantities), status: r.Status === 'Optimal' ? 'optimal' : 'time_limit', options };
}
