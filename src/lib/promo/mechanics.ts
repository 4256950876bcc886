/**
 * Promotion mechanics (what the shopper sees) and their mapping onto the covariates the models read:
 * effective unit price, discount depth, promotion flag and type code.
 */

/** A price mechanic: how the shelf price or the basket changes. */
export type PromoMechanic =
  /** `depth` off the regular price (0.2 = 20 % off). */
  | { kind: 'percent'; depth: number }
  /** A fixed promotional unit price. */
  | { kind: 'price'; price: number }
  /** "Spend X, save Y": `save` off a basket of at least `spend`; `qualifyingShare` of units reach it (default 1). */
  | { kind: 'threshold'; spend: number; save: number; qualifyingShare?: number }
  /** "Buy `buy` get `get` free": the shopper pays for `buy` of every `buy + get` units; `takeUpShare` of units sold on the deal (default 1). */
  | { kind: 'multibuy'; buy: number; get: number; takeUpShare?: number }
  /** A free gift worth `giftCost` to the retailer per unit sold; the shelf price does not change. */
  | { kind: 'gift'; giftCost: number }
  /** No price change: only the display / feature flags below. */
  | { kind: 'none' };

/** A promotion: a mechanic plus in-store support flags. */
export interface Promotion {
  mechanic: PromoMechanic;
  /** Secondary placement (end cap, display). */
  display?: boolean;
  /** Featured in the flyer / ad. */
  feature?: boolean;
}

/** What the models read for one promoted period. */
export interface PromoCovariates {
  /** What the shopper pays per unit on average. */
  effectivePrice: number;
  /** 1 − effectivePrice / regularPrice (0 for a gift or flags only). */
  depth: number;
  /** Promotion flag (1 on every promoted period). */
  promo: 1;
  /** The type code as the data spells it (see {@link PromoCovariateOptions.typeCodes}). */
  typeCode: string;
  /** Extra cost per unit sold borne by the retailer besides the discount (a gift). */
  extraUnitCost: number;
  /** Set when the history has no such promotion: the models extrapolate. */
  extrapolation?: string;
}

/** Options of {@link promoCovariates}. */
export interface PromoCovariateOptions {
  regularPrice: number;
  /** Type codes seen on promoted rows of the history (e.g. the data's `promo_type` values). */
  historyTypes?: Iterable<string>;
  /** Deepest discount seen in the history (0–1); deeper promotions are extrapolations. */
  historyMaxDepth?: number;
  /** Mechanic / flag → the data's type code. Defaults below; override to match the data's labels. */
  typeCodes?: Partial<Record<PromoMechanic['kind'] | 'display' | 'feature', string>>;
}

/** Default type code of each mechanic (the generator's labels for price cuts, display and feature). */
export const DEFAULT_TYPE_CODES: Record<PromoMechanic['kind'] | 'display' | 'feature', string> = {
  percent: 'tpr', price: 'tpr', threshold: 'threshold', multibuy: 'multibuy', gift: 'gift', none: 'none', display: 'display', feature: 'feature',
};

/** Effective depth of a mechanic at a regular price (no validation; see {@link validatePromotion}). */
export function mechanicDepth(m: PromoMechanic, regularPrice: number): number {
  switch (m.kind) {
    case 'percent':
      return m.depth;
    case 'price':
      return 1 - m.price / regularPrice;
    case 'threshold':
      return (m.qualifyingShare ?? 1) * (m.save / m.spend);
    case 'multibuy':
      return (m.takeUpShare ?? 1) * (m.get / (m.buy + m.get));
    default:
      return 0;
  }
}

/** Maps a promotion onto the model covariates for one series; marks types or depths the history lacks. */
export function promoCovariates(p: Promotion, options: PromoCovariateOptions): PromoCovariates {
  const codes = { ...DEFAULT_TYPE_CODES, ...options.typeCodes };
  const depth = mechanicDepth(p.mechanic, options.regularPrice);
  const typeCode = p.feature ? codes.feature : p.display ? codes.display : codes[p.mechanic.kind];
  const out: PromoCovariates = {
    effectivePrice: options.regularPrice * (1 - depth),
    depth,
    promo: 1,
    typeCode,
    extraUnitCost: p.mechanic.kind === 'gift' ? p.mechanic.giftCost : 0,
  };
  const seen = options.historyTypes ? new Set(options.historyTypes) : null;
  const reasons: string[] = [];
  if (seen && !seen.has(typeCode))
    reasons.push(`no "${typeCode}" promotion in the history (seen: ${[...seen].join(', ') || 'none'}); its effect is extrapolated from the price response`);
  if (options.historyMaxDepth !== undefined && depth > options.historyMaxDepth + 1e-9)
    reasons.push(`a ${(depth * 100).toFixed(0)} % discount is deeper than any in the history (${(options.historyMaxDepth * 100).toFixed(0)} %)`);
  if (reasons.length) out.extrapolation = reasons.join('; ');
  return out;
}
