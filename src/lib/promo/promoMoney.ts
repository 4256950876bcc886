/** Money of one forecast period of one series: revenue, gross margin, vendor funding and profit. */

/** How costs are known: a unit cost per row (a data column) or a margin % on the regular price. */
export interface MoneyOptions {
  /** Gross margin on the regular price, 0–1, used where a row has no unit cost (default 0.3). */
  marginPct?: number;
  /** Fixed fee of each promotion (one per promoted series window), charged to profit. */
  promoFee?: number;
  /** Share of the discount the vendor pays back, 0–1 (default 0). */
  vendorShare?: number;
}

/** One period of one series under one plan. */
export interface MoneyInput {
  units: number;
  /** Price the shopper pays. */
  price: number;
  /** Regular (non-promotional) price. */
  regularPrice: number;
  unitCost?: number;
  /** Extra cost per unit sold (a gift). */
  extraUnitCost?: number;
}

/** Money of one period (fees are charged per promotion, outside this function). */
export interface Money {
  revenue: number;
  grossMargin: number;
  vendorFunding: number;
  /** grossMargin + vendorFunding. */
  profit: number;
}

/** Unit cost: the row's, else the regular price × (1 − margin %). */
export function unitCostOf(m: MoneyInput, options: MoneyOptions = {}): number {
  return m.unitCost ?? m.regularPrice * (1 - (options.marginPct ?? 0.3));
}

/** Revenue, gross margin, vendor funding and profit of one period. */
export function periodMoney(m: MoneyInput, options: MoneyOptions = {}): Money {
  const cost = unitCostOf(m, options);
  const revenue = m.units * m.price;
  const grossMargin = m.units * (m.price - cost - (m.extraUnitCost ?? 0));
  const vendorFunding = (options.vendorShare ?? 0) * Math.max(0, m.regularPrice - m.price) * m.units;
  return { revenue, grossMargin, vendorFunding, profit: grossMargin + vendorFunding };
}

/** Adds `b` into `a` in place. */
export function addMoney(a: Money, b: Money): Money {
  a.revenue += b.revenue;
  a.grossMargin += b.grossMargin;
  a.vendorFunding += b.vendorFunding;
  a.profit += b.profit;
  return a;
}

/** A zero Money. */
export const zeroMoney = (): Money => ({ revenue: 0, grossMargin: 0, vendorFunding: 0, profit: 0 });
