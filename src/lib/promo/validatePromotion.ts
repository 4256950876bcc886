/** Checks a promotion and where it applies before any forecast is asked for; problems come back as issues. */
import type { DataIssue } from '../data/contract';
import { mechanicDepth, type Promotion } from './mechanics';

/** Where a promotion is to run. */
export interface PromoPlacement {
  seriesIds: string[];
  /** First and last promoted dates, ISO, inclusive. */
  from: string;
  to: string;
}

/** What {@link validatePromotion} needs to know about the data. */
export interface PromoValidationContext {
  /** Every series of the data. */
  knownSeries: Iterable<string>;
  /** First and last date of the forecast horizon, ISO. */
  horizon: { from: string; to: string };
  /** Regular price per series (for a fixed-price promotion and the effective depth). */
  regularPrice?: (seriesId: string) => number | undefined;
}

/** Returns the issues of a promotion (empty when it can be forecast). */
export function validatePromotion(p: Promotion, at: PromoPlacement, ctx: PromoValidationContext): DataIssue[] {
  const issues: DataIssue[] = [];
  const err = (code: string, message: string, hint: string, where?: string) => issues.push({ level: 'error', code, message, hint, where });
  const m = p.mechanic;
  if (m.kind === 'percent' && !(m.depth > 0 && m.depth < 1))
    err('bad_discount', `A discount of ${(m.depth * 100).toFixed(0)} % is not possible: it must be above 0 % and below 100 %.`, 'Enter a discount between 1 and 99 %.');
  if (m.kind === 'price' && !(m.price > 0))
    err('bad_price', `A promotional price of ${m.price} is not possible: prices must be above zero.`, 'Enter a positive price, or use a gift for a free item.');
  if (m.kind === 'threshold' && !(m.spend > 0 && m.save > 0 && m.save < m.spend))
    err('bad_threshold', `"Spend ${m.spend}, save ${m.save}" is not possible: the saving must be positive and below the spend.`, 'Enter a spend above the saving.');
  if (m.kind === 'multibuy' && !(Number.isInteger(m.buy) && Number.isInteger(m.get) && m.buy >= 1 && m.get >= 1))
    err('bad_multibuy', `"Buy ${m.buy} get ${m.get}" is not possible: both must be whole numbers of at least 1.`, 'For example buy 2 get 1.');
  if (m.kind === 'gift' && !(m.giftCost >= 0)) err('bad_gift', `A gift cost of ${m.giftCost} is not possible.`, 'Enter the cost of the gift per unit sold (0 or more).');
  const known = new Set(ctx.knownSeries);
  const unknown = at.seriesIds.filter((s) => !known.has(s));
  if (unknown.length)
    err('unknown_series', `${unknown.length} series of the scenario are not in the data: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}.`, 'Check the series ids (they are the id columns joined with "/").', unknown.join(','));
  if (!at.seriesIds.length) err('no_series', 'The promotion applies to no series.', 'Pick at least one series.');
  if (!(at.from <= at.to)) err('bad_dates', `The promotion ends (${at.to}) before it starts (${at.from}).`, 'Swap the dates.');
  else if (at.from < ctx.horizon.from || at.to > ctx.horizon.to)
    err('outside_horizon', `The promotion (${at.from} – ${at.to}) is not inside the forecast horizon (${ctx.horizon.from} – ${ctx.horizon.to}).`, 'Move it inside the horizon or forecast further ahead.');
  if (m.kind === 'price' && m.price > 0 && ctx.regularPrice)
    for (const s of at.seriesIds) {
      const reg = ctx.regularPrice(s);
      if (reg !== undefined && m.price >= reg)
        issues.push({ level: 'warning', code: 'price_not_below_regular', message: `The promotional price ${m.price} is not below the regular price ${reg.toFixed(2)} of ${s}.`, hint: 'A price at or above the regular price is not a discount.', where: s });
    }
  if ((m.kind === 'threshold' || m.kind === 'multibuy') && ctx.regularPrice && issues.every((i) => i.level !== 'error')) {
    const reg = ctx.regularPrice(at.seriesIds[0]);
    if (reg !== undefined && mechanicDepth(m, reg) >= 1) err('bad_discount', 'The mechanic gives the goods away (100 % or more off).', 'Lower the saving.');
  }
  return issues;
}
