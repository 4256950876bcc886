/**
 * The exact promotion-calendar optimiser: a 0/1 integer program over (item, period, depth) solved by
 * HiGHS. Objective and constraints follow {@link optionEffect} (uplift by depth, next-period dip,
 * cannibalisation of siblings). A time limit returns the best plan found, marked not proven optimal;
 * an infeasible constraint set is answered with the constraints that bind (each relaxed in turn).
 */
import type { DataIssue } from '../data/contract';
import { evaluatePlan, optionAllowed, optionEffect, optionValue, type PlanChoice, type PlanConstraints, type PlanProblem } from './promoResponse';

/** The part of a loaded `highs` module the optimiser uses. */
export interface HighsSolver {
  solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number }> };
}

/** Options of {@link optimisePromotions}. */
export interface OptimiseOptions {
  /** A loaded solver (`await loadHighs(...)`); by default `highs` is imported and loaded (Node). */
  highs?: HighsSolver;
  /** Wall-clock limit of one solve, seconds (default 30). */
  timeLimitSeconds?: number;
  /** Relative MIP gap accepted as optimal (default 1e-4, HiGHS's own default: within 0.01 % of the best bound). */
  mipGap?: number;
}

/** The optimiser's answer. */
export interface OptimisedPlan {
  status: 'optimal' | 'time_limit' | 'infeasible' | 'error';
  provenOptimal: boolean;
  plan: PlanChoice[];
  /** Objective value against no promotion, and the plan's totals. */
  value: number;
  units: number;
  revenue: number;
  profit: number;
  spend: number;
  /** Constraint families whose removal alone makes an infeasible problem feasible. */
  binding: (keyof PlanConstraints)[];
  issues: DataIssue[];
  seconds: number;
  variables: number;
}

const name = (i: number, t: number, d: number) => `x_${i}_${t}_${d}`;

/** Writes the problem as CPLEX LP text; returns it with the variable list. */
export function promoLp(p: PlanProblem): { lp: string; vars: PlanChoice[] } {
  const c = p.constraints ?? {};
  const vars: PlanChoice[] = [];
  const obj: string[] = [];
  const spend: string[] = [];
  const fmt = (v: number) => (v >= 0 ? `+ ${v.toPrecision(12)}` : `- ${(-v).toPrecision(12)}`);
  for (let i = 0; i < p.items.length; i++)
    for (let t = 0; t < p.periods; t++)
      for (let d = 0; d < p.depths.length; d++) {
        const e = optionEffect(p, i, t, d);
        if (!optionAllowed(p, e)) continue;
        vars.push({ item: i, period: t, depth: d });
        obj.push(`${fmt(optionValue(e, p.objective))} ${name(i, t, d)}`);
        spend.push(`${fmt(e.spend)} ${name(i, t, d)}`);
      }
  const rows: string[] = [];
  const at = new Map<string, string[]>();
  for (const v of vars) at.set(`${v.item}|${v.period}`, [...(at.get(`${v.item}|${v.period}`) ?? []), name(v.item, v.period, v.depth)]);
  const sum = (xs: string[]) => xs.map((x) => `+ ${x}`).join(' ');
  for (const [k, xs] of at) if (xs.length > 1) rows.push(`one_${k.replace('|', '_')}: ${sum(xs)} <= 1`);
  for (let i = 0; i < p.items.length; i++) {
    const xs = vars.filter((v) => v.item === i).map((v) => name(v.item, v.period, v.depth));
    if (c.maxPromosPerItem !== undefined && xs.length) rows.push(`k_${i}: ${sum(xs)} <= ${c.maxPromosPerItem}`);
    if (c.minPromosPerItem) rows.push(`kmin_${i}: ${xs.length ? sum(xs) : '0 x_none'} >= ${c.minPromosPerItem}`);
    if (c.minGap)
      for (let t = 0; t + 1 < p.periods; t++) {
        const win = vars.filter((v) => v.item === i && v.period >= t && v.period <= t + c.minGap!).map((v) => name(v.item, v.period, v.depth));
        if (win.length > 1 && new Set(win.map((w) => w.split('_')[2])).size > 1) rows.push(`gap_${i}_${t}: ${sum(win)} <= 1`);
      }
  }
  if (c.maxPerCategory !== undefined) {
    const cats = [...new Set(p.items.map((it) => it.category))];
    cats.forEach((cat, ci) => {
      for (let t = 0; t < p.periods; t++) {
        const xs = vars.filter((v) => v.period === t && p.items[v.item].category === cat).map((v) => name(v.item, v.period, v.depth));
        if (xs.length > c.maxPerCategory!) rows.push(`cat_${ci}_${t}: ${sum(xs)} <= ${c.maxPerCategory}`);
      }
    });
  }
  if (c.budget !== undefined && spend.length) rows.push(`budget: ${spend.join(' ')} <= ${c.budget}`);
  const all = vars.map((v) => name(v.item, v.period, v.depth));
  if (!all.length) all.push('x_none');
  const lp = [
    'Maximize',
    ` obj: ${obj.length ? obj.join(' ') : '0 x_none'}`,
    'Subject To',
    ...(rows.length ? rows.map((r) => ` ${r}`) : [` c_none: ${all[0]} <= 1`]),
    'Binaries',
    ...chunk(all, 20).map((xs) => ` ${xs.join(' ')}`),
    'End',
  ].join('\n');
  return { lp, vars };
}

function chunk<T>(xs: T[], n: number): T[][] {
  return Array.from({ length: Math.ceil(xs.length / n) }, (_, k) => xs.slice(k * n, (k + 1) * n));
}

let defaultHighs: Promise<HighsSolver> | null = null;
async function loadDefaultHighs(): Promise<HighsSolver> {
  defaultHighs ??= import('highs').then((m) => (m.default as unknown as () => Promise<HighsSolver>)());
  return defaultHighs;
}

/** Chooses the promotions that maximise the objective subject to the constraints. */
export async function optimisePromotions(p: PlanProblem, options: OptimiseOptions = {}): Promise<OptimisedPlan> {
  const t0 = performance.now();
  const highs = options.highs ?? (await loadDefaultHighs());
  const solve = (q: PlanProblem) => {
    const { lp, vars } = promoLp(q);
    const r = highs.solve(lp, { output_flag: false, time_limit: options.timeLimitSeconds ?? 30, mip_rel_gap: options.mipGap ?? 1e-4 });
    return { r, vars };
  };
  const { r, vars } = solve(p);
  const done = (o: Partial<OptimisedPlan> & Pick<OptimisedPlan, 'status'>): OptimisedPlan => {
    const plan = o.plan ?? [];
    const ev = evaluatePlan(p, plan);
    return {
      provenOptimal: false, plan, value: ev.value, units: ev.units, revenue: ev.revenue, profit: ev.profit, spend: ev.spend, binding: [], issues: [],
      seconds: (performance.now() - t0) / 1000, variables: vars.length, ...o,
    };
  };
  const planOf = (res: typeof r, vs: PlanChoice[]) => vs.filter((v) => (res.Columns[name(v.item, v.period, v.depth)]?.Primal ?? 0) > 0.5);
  if (r.Status === 'Optimal') return done({ status: 'optimal', provenOptimal: true, plan: planOf(r, vars) });
  if (r.Status === 'Time limit reached') {
    const plan = planOf(r, vars);
    const feasible = plan.length > 0 || !(p.constraints?.minPromosPerItem);
    return done({
      status: 'time_limit', plan: feasible ? plan : [],
      issues: [{ level: 'warning', code: 'not_proven_optimal', message: `The optimiser hit its ${options.timeLimitSeconds ?? 30} s limit: this is the best plan found, not proven optimal.`, hint: 'Allow more time, or plan fewer items or periods at once.' }],
    });
  }
  if (r.Status === 'Infeasible' || r.Status === 'Primal infeasible or unbounded') {
    const binding: (keyof PlanConstraints)[] = [];
    for (const key of Object.keys(p.constraints ?? {}) as (keyof PlanConstraints)[]) {
      if (p.constraints![key] === undefined) continue;
      const relaxed = { ...p, constraints: { ...p.constraints, [key]: undefined } };
      if (solve(relaxed).r.Status === 'Optimal') binding.push(key);
    }
    const which = binding.length ? binding.join(', ') : 'no single constraint (only their combination)';
    return done({
      status: 'infeasible', binding,
      issues: [{ level: 'error', code: 'infeasible_plan', message: `No promotion plan meets every constraint; relaxing ${binding.length > 1 ? 'any one of ' : ''}${which} makes one possible.`, hint: 'Loosen one of these constraints.' }],
    });
  }
  return done({ status: 'error', issues: [{ level: 'error', code: 'solver_error', message: `The solver stopped with status "${r.Status}".`, hint: 'Try a smaller problem or report this.' }] });
}
