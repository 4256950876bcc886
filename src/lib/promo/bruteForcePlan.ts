/** Exhaustive search over every plan of a small problem: the reference the optimiser is tested against. */
import { evaluatePlan, optionAllowed, optionEffect, optionValue, type PlanChoice, type PlanProblem } from './promoResponse';

/**
 * The best feasible plan by enumeration of all (depths + 1)^(items × periods) plans (keep problems tiny).
 * Option values are precomputed; partial plans breaking a limit are pruned as they grow, and every new
 * best is re-checked with {@link evaluatePlan}. It shares no constraint code with the MILP builder.
 */
export function bruteForcePlan(p: PlanProblem): { plan: PlanChoice[]; value: number } | null {
  const cells = p.items.length * p.periods;
  if (Math.pow(p.depths.length + 1, cells) > 2e7) throw new Error(`bruteForcePlan: ${cells} cells × ${p.depths.length + 1} choices is too many to enumerate`);
  const value: (number | null)[][] = [];
  for (let cell = 0; cell < cells; cell++) {
    const item = Math.floor(cell / p.periods);
    const period = cell % p.periods;
    value.push(p.depths.map((_, d) => {
      const e = optionEffect(p, item, period, d);
      return optionAllowed(p, e) ? optionValue(e, p.objective) : null;
    }));
  }
  const spendOf = (cell: number, d: number) => optionEffect(p, Math.floor(cell / p.periods), cell % p.periods, d).spend;
  const c = p.constraints ?? {};
  const count = new Array(p.items.length).fill(0);
  const last = new Array(p.items.length).fill(-Infinity);
  const catAt = new Map<string, number>();
  let best: { plan: PlanChoice[]; value: number } | null = null;
  const plan: PlanChoice[] = [];
  const rec = (cell: number, v: number, spend: number) => {
    if (cell === cells) {
      if ((!best || v > best.value + 1e-9) && !evaluatePlan(p, plan).violations.length) best = { plan: [...plan], value: v };
      return;
    }
    const item = Math.floor(cell / p.periods);
    const period = cell % p.periods;
    if (period === 0 && item > 0 && count[item - 1] < (c.minPromosPerItem ?? 0)) return;
    rec(cell + 1, v, spend);
    if (c.maxPromosPerItem !== undefined && count[item] >= c.maxPromosPerItem) return;
    if (c.minGap && period - last[item] <= c.minGap) return;
    const ck = `${p.items[item].category}|${period}`;
    if (c.maxPerCategory !== undefined && (catAt.get(ck) ?? 0) >= c.maxPerCategory) return;
    for (let d = 0; d < p.depths.length; d++) {
      const x = value[cell][d];
      if (x === null) continue;
      const s = spend + spendOf(cell, d);
      if (c.budget !== undefined && s > c.budget + 1e-6) continue;
      const prevLast = last[item];
      count[item]++;
      last[item] = period;
      catAt.set(ck, (catAt.get(ck) ?? 0) + 1);
      plan.push({ item, period, depth: d });
      rec(cell + 1, v + x, s);
      plan.pop();
      catAt.set(ck, catAt.get(ck)! - 1);
      last[item] = prevLast;
      count[item]--;
    }
  };
  rec(0, 0, 0);
  return best;
}
