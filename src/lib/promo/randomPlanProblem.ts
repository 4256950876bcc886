/** A seeded random promotion-planning problem (for tests, the bench and the learning agent's demos). */
import { createRng } from '../data/random';
import type { PlanConstraints, PlanProblem } from './promoResponse';

/** Options of {@link randomPlanProblem}. */
export interface RandomPlanOptions {
  items: number;
  periods: number;
  depths?: number[];
  categories?: number;
  seed?: number;
  constraints?: PlanConstraints;
  promoFee?: number;
  vendorShare?: number;
}

/** Items with elasticities −1.5…−3.5, margins 35–55 %, lifts 1–1.5, weekly-ish seasonal base units, dips and cannibalisation. */
export function randomPlanProblem(o: RandomPlanOptions): PlanProblem {
  const rng = createRng(o.seed ?? 1);
  const cats = o.categories ?? Math.max(1, Math.ceil(o.items / 4));
  const items = Array.from({ length: o.items }, (_, i) => {
    const regularPrice = Math.round((1 + rng.next() * 9) * 100) / 100;
    const level = 20 + rng.next() * 200;
    const phase = rng.next() * 2 * Math.PI;
    return {
      id: `item_${i + 1}`,
      category: `cat_${(i % cats) + 1}`,
      regularPrice,
      unitCost: regularPrice * (0.45 + rng.next() * 0.2),
      baseUnits: Array.from({ length: o.periods }, (_, t) => level * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 13 + phase)) * (0.9 + 0.2 * rng.next())),
      elasticity: -(1.5 + rng.next() * 2),
      lift: 1 + rng.next() * 0.5,
      dipShare: 0.1 + rng.next() * 0.3,
      cannibalShare: rng.next() * 0.3,
    };
  });
  return { items, periods: o.periods, depths: o.depths ?? [0.1, 0.2, 0.3, 0.4], constraints: o.constraints, promoFee: o.promoFee ?? 5, vendorShare: o.vendorShare ?? 0.2 };
}
