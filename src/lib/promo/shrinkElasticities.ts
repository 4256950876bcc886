/**
 * Empirical-Bayes shrinkage of per-series elasticities (normal–normal model, DerSimonian–Laird moment
 * estimate of the between-series variance τ²). One level: series → category. Two levels when series
 * carry a product key (the same item in several stores): series → product → category.
 */
import type { ElasticityEstimate } from './estimateElasticities';

/** An estimate with its standard error. */
interface Est {
  value: number;
  se: number;
}

/** Pools estimates: precision-weighted mean μ (with its se) and τ² by DerSimonian–Laird. */
export function poolEstimates(xs: Est[]): { mu: number; muSe: number; tau2: number } {
  let wsum = 0;
  let mu = 0;
  for (const x of xs) {
    const w = 1 / x.se ** 2;
    wsum += w;
    mu += w * x.value;
  }
  mu /= wsum;
  let q = 0;
  let w2 = 0;
  for (const x of xs) {
    const w = 1 / x.se ** 2;
    q += w * (x.value - mu) ** 2;
    w2 += w * w;
  }
  const tau2 = xs.length > 1 ? Math.max(0, (q - (xs.length - 1)) / (wsum - w2 / wsum)) : 0;
  return { mu, muSe: Math.sqrt(1 / wsum), tau2 };
}

/** Posterior of `x` under the prior N(prior.value, tau2 + prior.se²) (tau2 = 0 and prior.se = 0: the prior). */
function shrinkTo(x: Est, prior: Est, tau2: number): Est {
  const pv = tau2 + prior.se ** 2;
  if (pv <= 0) return { value: prior.value, se: 0 };
  const prec = 1 / x.se ** 2 + 1 / pv;
  return { value: (x.value / x.se ** 2 + prior.value / pv) / prec, se: Math.sqrt(1 / prec) };
}

/**
 * Shrinks `raw` toward the group (category): shrunk = (raw/se² + μ/v) / (1/se² + 1/v) with the prior
 * variance v = τ² + se(μ)² (the spread between series plus the uncertainty of their mean). With
 * `productOf`, series are first pooled per product, products are shrunk toward the category, then each
 * series toward its (shrunk) product. Groups with one estimate keep it.
 */
export function shrinkElasticities(estimates: ElasticityEstimate[], productOf?: (uniqueId: string) => string | undefined): ElasticityEstimate[] {
  const ok = estimates.filter((e) => e.raw !== null && e.rawSe !== null && e.rawSe > 0);
  const byGroup = new Map<string, ElasticityEstimate[]>();
  for (const e of ok) byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), e]);
  const result = new Map<string, Est>();
  for (const members of byGroup.values()) {
    const products = new Map<string, ElasticityEstimate[]>();
    for (const e of members) {
      const p = productOf?.(e.unique_id) ?? e.unique_id;
      products.set(p, [...(products.get(p) ?? []), e]);
    }
    const units = [...products.values()].map((ms) => {
      const pooled = poolEstimates(ms.map((e) => ({ value: e.raw!, se: e.rawSe! })));
      // A product's own estimate: the random-effects mean, its se widened by the between-store spread.
      return { ms, pooled, est: { value: pooled.mu, se: Math.sqrt(pooled.muSe ** 2 + pooled.tau2 / ms.length) } };
    });
    if (units.length < 2 && units[0]?.ms.length === 1) continue;
    const cat = poolEstimates(units.map((u) => u.est));
    for (const u of units) {
      const product = units.length > 1 ? shrinkTo(u.est, { value: cat.mu, se: cat.muSe }, cat.tau2) : u.est;
      for (const e of u.ms) {
        const s = u.ms.length > 1 ? shrinkTo({ value: e.raw!, se: e.rawSe! }, product, u.pooled.tau2) : product;
        result.set(e.unique_id, s);
      }
    }
  }
  return estimates.map((e) => (result.has(e.unique_id) ? { ...e, elasticity: result.get(e.unique_id)!.value, se: result.get(e.unique_id)!.se } : e));
}
