/**
 * The promotion-planning problem as an episodic environment for a learning agent: the agent walks the
 * (item, period) cells in order and picks "no promotion" (action 0) or a depth of the menu (action d + 1);
 * the reward is the option's value under the same response model the exact optimiser uses, and actions
 * that would break a constraint are masked (a vendor minimum that cannot be met costs a penalty).
 */
import type { Environment } from '../rl';
import { optionAllowed, optionEffect, optionValue, type PlanChoice, type PlanProblem } from './promoResponse';

/** What the agent sees at a cell. */
export interface PromoState {
  cell: number;
  item: number;
  period: number;
  /** Promotions of this item so far. */
  count: number;
  /** Periods since this item's last promotion (capped at gap + 1). */
  since: number;
  /** count and since of every item. */
  counts: number[];
  sinces: number[];
  /** Promotions of this item's category in this period so far. */
  catCount: number;
  spend: number;
}

/** A {@link Environment} over a {@link PlanProblem}, with the plan of the last episode. */
export interface PromoEnvironment extends Environment<PromoState> {
  /** The promotions chosen in the current / last episode. */
  plan(): PlanChoice[];
  /** The largest |option value|: a reward scale for function approximation. */
  rewardScale: number;
}

/** Options of {@link promoEnvironment}. */
export interface PromoEnvironmentOptions {
  /** Budget buckets of the table key (default 4). */
  spendBuckets?: number;
  /** Penalty per missing promotion under `minPromosPerItem` (default 10 × the largest option value). */
  penalty?: number;
}

/** Builds the environment; option values and spends are precomputed once. */
export function promoEnvironment(p: PlanProblem, options: PromoEnvironmentOptions = {}): PromoEnvironment {
  const c = p.constraints ?? {};
  const D = p.depths.length;
  const cells = p.items.length * p.periods;
  const value = new Float64Array(cells * D);
  const spendOf = new Float64Array(cells * D);
  const allowed = new Uint8Array(cells * D);
  let scale = 1e-9;
  for (let cell = 0; cell < cells; cell++)
    for (let d = 0; d < D; d++) {
      const e = optionEffect(p, cell % p.items.length, Math.floor(cell / p.items.length), d);
      value[cell * D + d] = optionValue(e, p.objective);
      spendOf[cell * D + d] = e.spend;
      allowed[cell * D + d] = optionAllowed(p, e) ? 1 : 0;
      scale = Math.max(scale, Math.abs(value[cell * D + d]));
    }
  const penalty = options.penalty ?? 10 * scale;
  const gapCap = (c.minGap ?? 0) + 1;
  const buckets = options.spendBuckets ?? 4;
  const cats = p.items.map((it) => it.category);
  let count: number[] = [];
  let last: number[] = [];
  let catAt = new Map<string, number>();
  let spend = 0;
  let cell = 0;
  let chosen: PlanChoice[] = [];
  const state = (): PromoState => {
    const item = cell % p.items.length;
    const period = Math.min(Math.floor(cell / p.items.length), p.periods - 1);
    const sinces = last.map((l) => Math.min(period - l, gapCap));
    return {
      cell, item, period, count: count[item] ?? 0, since: sinces[item], counts: [...count], sinces,
      catCount: catAt.get(`${cats[item]}|${period}`) ?? 0, spend,
    };
  };
  const legalPromo = (s: PromoState) => {
    const out: number[] = [];
    if (c.maxPromosPerItem !== undefined && s.count >= c.maxPromosPerItem) return out;
    if (c.minGap && s.since <= c.minGap) return out;
    if (c.maxPerCategory !== undefined && s.catCount >= c.maxPerCategory) return out;
    for (let d = 0; d < D; d++) {
      const k = s.cell * D + d;
      if (allowed[k] && (c.budget === undefined || s.spend + spendOf[k] <= c.budget + 1e-6)) out.push(d + 1);
    }
    return out;
  };
  const env: PromoEnvironment = {
    numActions: D + 1,
    reset() {
      count = new Array(p.items.length).fill(0);
      last = new Array(p.items.length).fill(-Infinity);
      catAt = new Map();
      spend = 0;
      cell = 0;
      chosen = [];
      return state();
    },
    legalActions(s) {
      const promo = legalPromo(s);
      const need = (c.minPromosPerItem ?? 0) - s.count;
      return need > 0 && need >= p.periods - s.period && promo.length ? promo : [0, ...promo];
    },
    step(action) {
      const s = state();
      let reward = 0;
      if (action > 0) {
        const k = cell * D + action - 1;
        reward = value[k];
        spend += spendOf[k];
        count[s.item]++;
        last[s.item] = s.period;
        const ck = `${cats[s.item]}|${s.period}`;
        catAt.set(ck, (catAt.get(ck) ?? 0) + 1);
        chosen.push({ item: s.item, period: s.period, depth: action - 1 });
      }
      cell++;
      const done = cell >= cells;
      if (done && c.minPromosPerItem) for (const n of count) reward -= penalty * Math.max(0, c.minPromosPerItem - n);
      return { state: state(), reward, done };
    },
    key(s) {
      const b = c.budget ? Math.min(buckets - 1, Math.floor((s.spend / c.budget) * buckets)) : 0;
      return `${s.cell}|${s.counts.join(',')}|${s.sinces.join(',')}|${s.catCount}|${b}`;
    },
    features(s) {
      const n = p.items.length;
      const f = new Float32Array(3 * n + 3 + D);
      f[s.item] = 1;
      for (let i = 0; i < n; i++) {
        f[n + i] = c.maxPromosPerItem ? s.counts[i] / c.maxPromosPerItem : s.counts[i] / p.periods;
        f[2 * n + i] = s.sinces[i] / gapCap;
      }
      let j = 3 * n;
      f[j++] = s.period / Math.max(1, p.periods - 1);
      f[j++] = c.maxPerCategory ? s.catCount / c.maxPerCategory : s.catCount / p.items.length;
      f[j++] = c.budget ? s.spend / c.budget : 0;
      for (let d = 0; d < D; d++) f[j++] = s.cell < cells ? value[s.cell * D + d] / scale : 0;
      return f;
    },
    plan: () => [...chosen],
    rewardScale: scale,
  };
  return env;
}
