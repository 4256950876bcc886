/**
 * Every policy for one series from its demand distribution and inputs, each value with the formula
 * and the numbers that produced it (shown to users and teachers).
 */
import { criticalFractile, eoq, normalSafetyStock } from './formulas';
import type { ResolvedInputs } from './inputs';
import { leadTimeDemand, sampleQuantile, type LeadTimeDemand } from './leadTimeDemand';
import type { PeriodForecast } from './quantileFunction';
import { levelForService } from './serviceLevel';
import { lostSalesLevel } from './lostSalesLevel';
import { formatAmount as f1 } from './formatAmount';

/** One computed number with how it was obtained. */
export interface Explained {
  value: number;
  formula: string;
  /** The values substituted into the formula. */
  values: Record<string, number>;
  /** The formula with the numbers put in, ending in the result (e.g. `EOQ = √(2 · 5 · 10 / 0.01) = 316.2`). */
  worked?: string;
}

/** Policy parameters of one series. */
export interface PolicySet {
  id: string;
  /** Mean demand per period over the protection interval. */
  meanDemand: number;
  safetyStock: Explained;
  /** Reorder point s: covers demand over the lead time at the target (continuous review). */
  reorderPoint: Explained;
  /** Order-up-to S: covers lead time + review at the target (periodic review). */
  orderUpTo: Explained;
  eoq: Explained;
  /** (s, S): order up to s + EOQ when the position is at or below s. */
  sS: { s: number; S: number };
  /** (s, Q): order Q = EOQ (rounded) when the position is at or below s. */
  sQ: { s: number; Q: number };
  newsvendor: Explained;
  /** Safety stock by the normal formula, for comparison with the distribution-based one. */
  normalSafetyStock: Explained;
  demand: LeadTimeDemand;
}

/** Options of {@link computePolicies}. */
export interface PolicyOptions {
  /** Forecast from the next period on. */
  periods: PeriodForecast[];
  inputs: ResolvedInputs;
  samples?: number;
  seed?: number;
  correlation?: number;
  dispersion?: number;
  /** Size S for lost sales (default true; false = textbook backorder formulas). */
  lostSales?: boolean;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Computes safety stock, s, S, EOQ, (s,S), (s,Q), newsvendor quantity for one series. */
export function computePolicies(o: PolicyOptions): PolicySet {
  const x = o.inputs;
  const common = { periods: o.periods, leadTime: x.leadTime, leadTimeSd: x.leadTimeSd, samples: o.samples, seed: o.seed, correlation: o.correlation, dispersion: o.dispersion };
  const lostSales = o.lostSales !== false;
  const dist = leadTimeDemand({ ...common, review: Math.max(1, x.review), keepPaths: lostSales });
  const lead = leadTimeDemand({ ...common, review: 0 });
  const kind = x.serviceKind;
  const backorderS = levelForService(dist, { service: x.service, kind });
  const S = lostSales ? lostSalesLevel(dist, { service: x.service, kind }) : backorderS;
  const sLead = kind === 'csl' ? sampleQuantile(lead.protection, x.service) : levelForService({ ...lead, meanReview: lead.meanProtection / Math.max(1, x.leadTime) }, { service: x.service, kind });
  const n = Math.max(1, Math.round(x.leadTime)) + Math.max(1, x.review);
  const meanDemand = dist.meanProtection / n;
  const q = eoq({ demand: meanDemand, orderingCost: x.orderingCost, holdingCost: x.holdingCost });
  const newsvendor = newsvendorOf(x, dist.protection);
  const means = o.periods.slice(0, n).map((p) => p.mean);
  const sd = Math.sqrt(dist.protection.reduce((s, v) => s + (v - dist.meanProtection) ** 2, 0) / dist.protection.length);
  const sdD = sd / Math.sqrt(n);
  const dbar = means.reduce((s, v) => s + v, 0) / Math.max(1, means.length);
  const nss = x.service > 0 && x.service < 1 ? normalSafetyStock({ demand: dbar, demandSd: sdD, leadTime: x.leadTime + x.review, leadTimeSd: x.leadTimeSd, service: x.service }) : NaN;
  const z = x.service > 0 && x.service < 1 ? normSafe(x.service) : NaN;
  const LR = Math.round(x.leadTime) + Math.max(1, x.review);
  const levelOf = kind === 'csl' ? `the ${f1(x.service * 100)} % quantile` : `the level with fill rate ${f1(x.service * 100)} %`;
  const target = kind === 'csl' ? `P(D ≤ S) = ${x.service}` : `fill rate ${x.service}`;
  return {
    id: x.id, meanDemand, demand: dist,
    orderUpTo: {
      value: S,
      formula: `S = level of demand over L + R with ${target} (${dist.protection.length} sampled paths of the forecast quantiles${lostSales ? ', each replayed under lost sales' : ', backorders'})`,
      values: { L: x.leadTime, sigma_L: x.leadTimeSd, R: x.review, mean_demand_LR: r2(dist.meanProtection), S_backorder_formula: r2(backorderS), S: r2(S) },
      worked: `S = ${levelOf} of demand over L + R = ${f1(x.leadTime)} + ${Math.max(1, x.review)} periods (mean ${f1(dist.meanProtection)})${lostSales ? `, raised for lost sales from ${f1(backorderS)}` : ''} = ${f1(S)}`,
    },
    safetyStock: { value: S - dist.meanProtection, formula: 'SS = S − E[D over L + R]', values: { S: r2(S), mean_demand_LR: r2(dist.meanProtection) }, worked: `SS = ${f1(S)} − ${f1(dist.meanProtection)} = ${f1(S - dist.meanProtection)}` },
    reorderPoint: { value: sLead, formula: `s = level of demand over L with ${target}`, values: { L: x.leadTime, mean_demand_L: r2(lead.meanProtection), s: r2(sLead) }, worked: `s = ${levelOf} of demand over L = ${f1(x.leadTime)} periods (mean ${f1(lead.meanProtection)}) = ${f1(sLead)}` },
    eoq: { value: q, formula: 'EOQ = √(2 · d · K / h)', values: { d: meanDemand, K: x.orderingCost, h: x.holdingCost }, worked: `EOQ = √(2 · ${f1(meanDemand)} · ${f1(x.orderingCost)} / ${f1(x.holdingCost)}) = ${f1(q)}` },
    sS: { s: sLead, S: sLead + q },
    sQ: { s: sLead, Q: q },
    newsvendor,
    normalSafetyStock: { value: nss, formula: 'SS = z · √((L + R) σd² + d² σL²)', values: { z: r2(z), L_plus_R: x.leadTime + x.review, sigma_d: r2(sdD), d: r2(dbar), sigma_L: x.leadTimeSd }, worked: `SS = ${f1(z)} · √(${f1(x.leadTime + x.review)} · ${f1(sdD)}² + ${f1(dbar)}² · ${f1(x.leadTimeSd)}²) = ${f1(nss)}` },
  };
}

/**
 * The one-shot buy: Q* = F⁻¹(cu / (cu + co)) of the demand over L + R, cu the stock-out cost, co the
 * overage cost (given, or unit cost − salvage: `overageDefault` says so). A fractile of 1 (co = 0) or an
 * undefined one (both 0) has no finite quantity: the value is NaN and the worked line says why.
 */
export function newsvendorOf(x: ResolvedInputs, demand: ArrayLike<number>): Explained {
  const cu = x.stockoutCost;
  const co = x.overageCost;
  const formula = 'Q* = F⁻¹(cu / (cu + co)) of demand over L + R';
  const coText = x.overageDefault ? `co = ${f1(co)} (default: ${x.overageDefault})` : `co = ${f1(co)}`;
  if (!(cu >= 0) || !(co >= 0) || cu + co === 0)
    return { value: NaN, formula, values: { cu, co }, worked: `cu = ${f1(cu)}, ${coText}: the fractile cu / (cu + co) is not defined; enter a stock-out cost and an overage cost (≥ 0, not both 0).` };
  const fractile = criticalFractile({ underage: cu, overage: co });
  if (fractile >= 1)
    return { value: NaN, formula, values: { cu, co, fractile: 1 }, worked: `cu / (cu + co) = ${f1(cu)} / (${f1(cu)} + 0) = 1: with ${coText} a unit left over costs nothing, so a one-shot buy has no upper limit; enter the overage cost (unit cost − salvage, or the holding cost over the selling period).` };
  const nv = sampleQuantile(demand, fractile);
  return {
    value: nv, formula, values: { cu, co, fractile, Q: nv },
    worked: `cu / (cu + co) = ${f1(cu)} / (${f1(cu)} + ${f1(co)}) = ${f1(fractile)}; Q* = F⁻¹(${f1(fractile)}) = ${f1(nv)}`,
  };
}

function normSafe(p: number): number {
  return normalSafetyStock({ demand: 0, demandSd: 1, leadTime: 1, service: p });
}
