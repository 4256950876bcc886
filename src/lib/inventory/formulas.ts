/**
 * Textbook inventory formulas (Silver, Pyke & Thomas; Axsäter): EOQ, the newsvendor critical fractile,
 * safety stock under normal demand with lead-time variability.
 */
import { normalQuantile } from './normal';

/** Options of {@link eoq}. Demand and holding cost must use the same period. */
export interface EoqOptions {
  /** Mean demand per period. */
  demand: number;
  /** Fixed cost per order. */
  orderingCost: number;
  /** Cost of holding one unit for one period. */
  holdingCost: number;
}

/** Economic order quantity √(2 D K / h). */
export function eoq(o: EoqOptions): number {
  if (!(o.holdingCost > 0)) throw new Error(`eoq: holdingCost must be > 0, got ${o.holdingCost}`);
  return Math.sqrt((2 * Math.max(0, o.demand) * Math.max(0, o.orderingCost)) / o.holdingCost);
}

/** Options of {@link criticalFractile}. */
export interface FractileOptions {
  /** Cost of one unit short (lost margin + goodwill): cu. */
  underage: number;
  /** Cost of one unit left over (purchase − salvage, or holding): co. */
  overage: number;
}

/** The newsvendor critical fractile cu / (cu + co). */
export function criticalFractile(o: FractileOptions): number {
  if (!(o.underage >= 0 && o.overage >= 0 && o.underage + o.overage > 0)) throw new Error('criticalFractile: costs must be ≥ 0 and not both 0');
  return o.underage / (o.underage + o.overage);
}

/** Options of {@link normalSafetyStock}. */
export interface NormalSafetyStockOptions {
  /** Mean demand per period d. */
  demand: number;
  /** Standard deviation of demand per period σd. */
  demandSd: number;
  /** Mean lead time L (periods). */
  leadTime: number;
  /** Standard deviation of the lead time σL (periods). */
  leadTimeSd?: number;
  /** Cycle service level (0 < p < 1). */
  service: number;
}

/** Safety stock z · √(L σd² + d² σL²) with z = Φ⁻¹(service). */
export function normalSafetyStock(o: NormalSafetyStockOptions): number {
  const z = normalQuantile(o.service);
  const sL = o.leadTimeSd ?? 0;
  return z * Math.sqrt(o.leadTime * o.demandSd ** 2 + o.demand ** 2 * sL ** 2);
}

/** Holding cost per unit and period from an annual rate on the unit value. */
export function holdingPerPeriod(o: { unitCost: number; annualRate: number; periodsPerYear: number }): number {
  return (o.unitCost * o.annualRate) / o.periodsPerYear;
}
