/**
 * Order-up-to level for a target under **lost sales**: the backorder formulas (levelForService)
 * assume unmet demand waits and is served later, which under lost sales overshoots the target (a
 * shortage then does not consume later arrivals). Here every sampled path replays the order-up-to
 * system itself — a burn-in at the same level, then the order being sized and its review period —
 * and S is found by bisection so that the paths' fill rate or no-stock-out share meets the target.
 */
import type { ServiceKind } from './inputs';
import type { LeadTimeDemand } from './leadTimeDemand';
import { levelForService } from './serviceLevel';

/** Service of one level S on the kept paths: fill rate and share of cycles without loss. */
export function lostSalesService(d: LeadTimeDemand, S: number): { fillRate: number; csl: number } {
  const p = d.paths;
  if (!p) throw new Error('lostSalesService: sample the demand with keepPaths: true');
  const R = Math.max(1, d.review);
  const n = p.lead.length;
  let demand = 0;
  let lost = 0;
  let cycles = 0;
  let ok = 0;
  const meanStep = d.meanProtection / Math.max(1, p.width - p.burnIn);
  const due = new Float64Array(p.width * 2 + 2);
  for (let i = 0; i < n; i++) {
    const L = p.lead[i];
    due.fill(0);
    for (let k = 0; k < L; k++) due[k] = meanStep * R * (k % R === 0 ? 1 : 0);
    let onHand = S - L * meanStep;
    let pipe = 0;
    for (let k = 0; k < L; k++) pipe += due[k];
    let cycD = 0;
    let cycL = 0;
    const end = p.burnIn + L + R;
    for (let j = 0; j < end; j++) {
      onHand += due[j];
      pipe -= due[j];
      if (j % R === 0 && j <= p.burnIn) {
        const q = Math.max(0, S - onHand - pipe);
        if (L === 0) onHand += q;
        else {
          due[j + L] += q;
          pipe += q;
        }
      }
      const dem = p.demand[i * p.width + j];
      const short = Math.max(0, dem - Math.max(0, onHand));
      onHand = Math.max(0, onHand - dem);
      if (j >= p.burnIn + L) {
        cycD += dem;
        cycL += short;
      }
    }
    demand += cycD;
    lost += cycL;
    if (cycD > 0) {
      cycles++;
      if (cycL <= 1e-9) ok++;
    }
  }
  return { fillRate: demand > 0 ? 1 - lost / demand : 1, csl: cycles ? ok / cycles : 1 };
}

/** The smallest S whose lost-sales service on the paths meets the target (bisection). */
export function lostSalesLevel(d: LeadTimeDemand, o: { service: number; kind: ServiceKind }): number {
  const meets = (S: number) => {
    const s = lostSalesService(d, S);
    return (o.kind === 'csl' ? s.csl : s.fillRate) >= o.service;
  };
  // The backorder level is nearly always enough under lost sales: start there and bracket downwards.
  let hi = Math.max(1e-6, levelForService(d, o));
  for (let k = 0; k < 40 && !meets(hi); k++) hi = hi * 1.25 + 1;
  let lo = hi / 2;
  for (let k = 0; k < 20 && lo > 1e-6 && meets(lo); k++) {
    hi = lo;
    lo /= 2;
  }
  if (lo <= 1e-6 && meets(0)) return 0;
  for (let i = 0; i < 12 && hi - lo > 1e-3 * Math.max(1, hi); i++) {
    const m = (lo + hi) / 2;
    if (meets(m)) hi = m;
    else lo = m;
  }
  return hi;
}
