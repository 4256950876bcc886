/**
 * Demand over the protection interval (lead time + review period) as Monte-Carlo sample paths: each
 * path draws a lead time, then one demand per period from that period's quantile function, the periods
 * tied by a Gaussian copula with correlation `correlation` (0 = independent errors, 1 = comonotone).
 */
import { createRng } from '../data/random';
import { countQuantileFn } from './countDistribution';
import { normalCdf } from './normal';
import { quantileFunction, type PeriodForecast, type QuantileFn } from './quantileFunction';

/** Options of {@link leadTimeDemand}. */
export interface LeadTimeDemandOptions {
  /** Forecast of the periods starting at the review moment (period 0 = the first one an order cannot cover unless L = 0). */
  periods: PeriodForecast[];
  /** Mean lead time in periods. */
  leadTime: number;
  /** Standard deviation of the lead time in periods (default 0). */
  leadTimeSd?: number;
  /** Review period R in periods (default 1; 0 for continuous review). */
  review?: number;
  /** Sample paths (default 2000). */
  samples?: number;
  seed?: number;
  /** Correlation of a path's per-period draws (default 0). */
  correlation?: number;
  /** Variance/mean of a period without quantiles (negative binomial; ≤ 1 = Poisson). Default 1. */
  dispersion?: number;
  /**
   * Also keep each path's per-period demand after `burnIn` earlier periods drawn from the same
   * distributions (needed by {@link lostSalesLevel}). Default false.
   */
  keepPaths?: boolean;
}

/** Per-path demands for a lost-sales replay of the protection interval. */
export interface DemandPaths {
  /** Periods simulated before the review being sized (a multiple of R). */
  burnIn: number;
  /** Columns per path (burn-in + max lead time + R). */
  width: number;
  /** Row-major n × width demands. */
  demand: Float64Array;
  /** Lead time of each path. */
  lead: Int32Array;
}

/** Sorted samples of demand over L + R and over L alone, and their means. */
export interface LeadTimeDemand {
  /** Demand over lead time + review period, ascending. */
  protection: Float64Array;
  /** Demand over the lead time only, ascending. */
  lead: Float64Array;
  meanProtection: number;
  meanLead: number;
  /** Mean demand over the review period after the lead time. */
  meanReview: number;
  /** Periods of forecast used beyond what was given (the last period repeated). */
  padded: number;
  /** How the per-period distribution was obtained. */
  source: 'quantiles' | 'count' | 'mixed';
  /** Present when `keepPaths` was asked. */
  paths?: DemandPaths;
  /** Review period the distribution was sampled for. */
  review: number;
}

/** Samples lead-time (+ review) demand; see {@link LeadTimeDemandOptions}. */
export function leadTimeDemand(o: LeadTimeDemandOptions): LeadTimeDemand {
  const R = o.review ?? 1;
  const sdL = o.leadTimeSd ?? 0;
  const n = o.samples ?? 2000;
  const rho = Math.min(1, Math.max(0, o.correlation ?? 0));
  if (!o.periods.length) throw new Error('leadTimeDemand: no forecast periods');
  const maxL = Math.max(0, Math.round(o.leadTime + 4 * sdL));
  const need = maxL + Math.max(R, 1);
  let fromQ = 0;
  const fns: QuantileFn[] = [];
  for (let t = 0; t < need; t++) {
    const f = o.periods[Math.min(t, o.periods.length - 1)];
    const q = quantileFunction(f);
    if (q) fromQ++;
    fns.push(q ?? countQuantileFn(Math.max(0, f.mean), Math.max(0, f.mean) * Math.max(1, f.dispersion ?? o.dispersion ?? 1)));
  }
  const rng = createRng(o.seed ?? 1);
  const prot = new Float64Array(n);
  const lead = new Float64Array(n);
  let sumR = 0;
  const burnIn = o.keepPaths ? Math.max(1, R) * Math.ceil((2 * need) / Math.max(1, R)) : 0;
  const width = burnIn + need;
  const paths = o.keepPaths ? { burnIn, width, demand: new Float64Array(n * width), lead: new Int32Array(n) } : undefined;
  const draw = (t: number, z: number) => fns[t](Math.min(1 - 1e-9, Math.max(1e-9, normalCdf(z))));
  for (let i = 0; i < n; i++) {
    const L = Math.min(maxL, Math.max(0, Math.round(o.leadTime + (sdL > 0 ? sdL * rng.normal() : 0))));
    const common = rng.normal();
    let dl = 0;
    let dr = 0;
    for (let t = 0; t < L + R; t++) {
      const z = Math.sqrt(rho) * common + Math.sqrt(1 - rho) * rng.normal();
      const d = draw(t, z);
      if (t < L) dl += d;
      else dr += d;
      if (paths) paths.demand[i * width + burnIn + t] = d;
    }
    if (paths) {
      paths.lead[i] = L;
      for (let j = 0; j < burnIn; j++) paths.demand[i * width + j] = draw(j % need, rng.normal());
    }
    lead[i] = dl;
    prot[i] = dl + dr;
    sumR += dr;
  }
  prot.sort();
  lead.sort();
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  return {
    protection: prot, lead, meanProtection: mean(prot), meanLead: mean(lead), meanReview: sumR / n,
    padded: Math.max(0, need - o.periods.length),
    source: fromQ === need ? 'quantiles' : fromQ === 0 ? 'count' : 'mixed',
    review: R,
    ...(paths ? { paths } : {}),
  };
}

/** The p-quantile of ascending samples (linear between order statistics). */
export function sampleQuantile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const x = Math.min(1, Math.max(0, p)) * (sorted.length - 1);
  const i = Math.floor(x);
  return i + 1 < sorted.length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Expected shortage E[(D − S)⁺] from samples of D. */
export function expectedShortage(samples: ArrayLike<number>, S: number): number {
  let s = 0;
  for (let i = 0; i < samples.length; i++) if (samples[i] > S) s += samples[i] - S;
  return s / samples.length;
}
