/**
 * The optimiser's and the learning agent's response model from data: each series' baseline forecast,
 * price and cost with its estimated elasticity, promotion lift, post-promotion dip and cross-price effect
 * (see {@link estimateElasticities}) become {@link PlanItem}s.
 */
import type { ElasticityEstimate } from './estimateElasticities';
import type { PlanItem } from './promoResponse';

/** One series to plan. */
export interface PlanSeries {
  id: string;
  /** Sibling group (category × store). */
  category: string;
  regularPrice: number;
  /** Unit cost; default regularPrice × (1 − marginPct). */
  unitCost?: number;
  /** Baseline forecast per planning period. */
  baseUnits: number[];
}

/** Options of {@link planItemsFromEstimates}. */
export interface PlanItemsOptions {
  series: PlanSeries[];
  estimates: ElasticityEstimate[];
  /** Promotion type whose lift applies (default `tpr`; missing → 1). */
  type?: string;
  /** Gross margin used where a series has no unit cost (default 0.3). */
  marginPct?: number;
  /** Depth at which the dip and cannibalisation shares are measured (default 0.2). */
  referenceDepth?: number;
  /** Elasticity of a series without one (default: its group's median, else −1.5). */
  defaultElasticity?: number;
  /**
   * Dip periods of the estimate per planning period: the estimate's dip lasts this many of its own periods
   * after a promotion while the plan's dip falls on one period (default 1; 7 for a daily estimate planned
   * weekly is a whole week, so 1).
   */
  dipCoverage?: number;
}

/** PlanItems and notes on what was assumed where the data could not say. */
export function planItemsFromEstimates(o: PlanItemsOptions): { items: PlanItem[]; notes: string[] } {
  const byId = new Map(o.estimates.map((e) => [e.unique_id, e]));
  const notes: string[] = [];
  const d = o.referenceDepth ?? 0.2;
  const groupMedian = new Map<string, number>();
  for (const s of o.series) {
    if (groupMedian.has(s.category)) continue;
    const xs = o.series.filter((x) => x.category === s.category).map((x) => byId.get(x.id)?.elasticity).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
    if (xs.length) groupMedian.set(s.category, xs[Math.floor(xs.length / 2)]);
  }
  const items = o.series.map((s): PlanItem => {
    const e = byId.get(s.id);
    let elasticity = e?.elasticity ?? null;
    if (elasticity === null) {
      elasticity = o.defaultElasticity ?? groupMedian.get(s.category) ?? -1.5;
      notes.push(`${s.id}: no elasticity (${e?.reason ?? 'not estimated'}); using ${elasticity.toFixed(2)}`);
    }
    const lift = e?.liftByType[o.type ?? 'tpr']?.factor ?? 1;
    const ratio = Math.pow(1 - d, elasticity) * lift - 1;
    const dipFactor = e?.postPromo?.factor ?? 1;
    const dipShare = ratio > 0 ? Math.max(0, ((1 - dipFactor) * (o.dipCoverage ?? 1)) / ratio) : 0;
    // A sibling's demand moves by exp(cross · Δ mean log relative price of the others); with n siblings one
    // promotion moves that mean by log(1 − d) / (n − 1) for each of them.
    const sibs = o.series.filter((x) => x.category === s.category && x.id !== s.id);
    let cannibalShare = 0;
    if (sibs.length && ratio > 0) {
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
      const lost = sibs.reduce((a, x) => {
        const cross = byId.get(x.id)?.cross?.elasticity ?? 0;
        return a + mean(x.baseUnits) * (1 - Math.exp((cross * Math.log(1 - d)) / sibs.length));
      }, 0);
      const own = mean(s.baseUnits) * ratio;
      cannibalShare = own > 0 ? lost / own : 0;
    }
    return {
      id: s.id, category: s.category, regularPrice: s.regularPrice, unitCost: s.unitCost ?? s.regularPrice * (1 - (o.marginPct ?? 0.3)), baseUnits: s.baseUnits,
      elasticity, lift, dipShare: Math.min(dipShare, 1), cannibalShare: Math.max(-1, Math.min(cannibalShare, 1)),
    };
  });
  return { items, notes };
}
