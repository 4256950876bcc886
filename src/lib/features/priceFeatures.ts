/**
 * Price features: own price, log price, discount depth against the rolling maximum, price relative to a
 * robust regular price (rolling median) and to the recent mean, price-change flag and direction, and price
 * relative to the category's mean price on the same date. Non-positive prices become NULL.
 */
import { columnTiming, emptyOutput, fcol, ident, type CompileContext, type FamilyOutput } from './featureColumn';
import type { ResolvedSpec } from './spec';
import { lagExpr, rangeWindow } from './window';

const LEVEL_WINDOW: Record<CompileContext['freq'], number> = { D: 182, W: 26, M: 6, Q: 2, Y: 1 };

/** Compiles the price family (needs `spec.column` in `sales`, and the category in `series` if named). */
export function priceFeatures(spec: ResolvedSpec['price'], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  if (!spec) return out;
  if (!(spec.column in ctx.columns)) {
    out.issues.push({
      level: 'error',
      code: 'missing_price_column',
      message: `The price column "${spec.column}" is not in the sales table; price features were skipped.`,
      where: spec.column,
    });
    return out;
  }
  const timing = columnTiming(ctx, spec.column);
  const p = ident(spec.column);
  const W = spec.regularWindow;
  /** Periods of the price-level window (half a year). */
  const L = LEVEL_WINDOW[ctx.freq];
  const add = (name: string, description: string) =>
    out.columns.push({
      name,
      family: 'price',
      timing,
      categorical: false,
      ...(timing === 'past_only' ? { lag: 0 } : {}),
      description,
    });
  const s2 = [
    `_price AS ${fcol('price')}`,
    `ln(_price) AS ${fcol('log_price')}`,
    `CASE WHEN _price IS NOT NULL THEN greatest(0.0, 1 - _price / max(_price) ${rangeWindow(W, 1)}) END AS ${fcol('discount_depth')}`,
    `CASE WHEN _price IS NULL OR ${lagExpr('_price', 1)} IS NULL THEN NULL
      WHEN _price <> ${lagExpr('_price', 1)} THEN 1 ELSE 0 END AS ${fcol('price_change')}`,
    `CASE WHEN _price IS NULL OR ${lagExpr('_price', 1)} IS NULL THEN NULL ELSE sign(_price - ${lagExpr('_price', 1)}) END AS ${fcol('price_move')}`,
    // Regular price: the median of the previous W periods — promotions are short and rarer than half the
    // time, so the median sits on the shelf price and ignores both deals and one-off spikes.
    `_price / nullif(median(_price) ${rangeWindow(W, 1)}, 0) AS ${fcol('price_rel_regular')}`,
    `_price / nullif(avg(_price) ${rangeWindow(W, 1)}, 0) AS ${fcol('price_rel_recent')}`,
    // The series' own price level: its mean over the last half year (bounded, so that a re-forecast that
    // rebuilds only the recent rows gives the same value as a full rebuild).
    `_price / nullif(avg(_price) ${rangeWindow(L - 1, 0)}, 0) AS ${fcol('price_rel_mean')}`,
  ];
  add('price', `${spec.column} (NULL where ≤ 0)`);
  add('log_price', `natural log of ${spec.column}`);
  add('discount_depth', `1 − price / max price of the previous ${W} periods (0 when not below it)`);
  add('price_change', '1 when the price differs from the previous period, 0 when equal');
  add('price_move', '+1 when the price rose from the previous period, −1 when it fell, 0 when equal');
  add('price_rel_regular', `price / regular price (median of the previous ${W} periods); < 1 in a deal`);
  add('price_rel_recent', `price / mean price of the previous ${W} periods`);
  add('price_rel_mean', `price / the series' mean price over the last ${L} periods (its price level)`);
  const cat = spec.categoryAttribute;
  if (cat && !(ctx.seriesColumns ?? []).includes(cat)) {
    out.issues.push({
      level: 'warning',
      code: 'missing_category_attribute',
      message: `The series table has no attribute "${cat}"; the relative price was skipped.`,
      where: cat,
    });
  } else if (cat) {
    out.joins = [`LEFT JOIN (SELECT unique_id, ${ident(cat)} AS _cat FROM series) _pcat ON _pcat.unique_id = s.unique_id`];
    out.baseItems = ['_pcat._cat AS _price_cat'];
    s2.push(`_price / avg(_price) OVER (PARTITION BY _price_cat, ds) AS ${fcol('price_rel_category')}`);
    add('price_rel_category', `price / mean price of the series' ${cat} on the same date`);
  }
  out.stages = [[`CASE WHEN ${p} > 0 THEN CAST(${p} AS DOUBLE) END AS _price`], s2];
  out.checks = [
    {
      sql: `SELECT count(*) AS n FROM sales WHERE ${p} <= 0`,
      issue: {
        level: 'warning',
        code: 'price_not_positive',
        message: `Some rows have a zero or negative ${spec.column}; their price features are NULL.`,
        hint: 'Check for missing prices coded as 0, or returns recorded as negative prices.',
        where: spec.column,
      },
    },
  ];
  return out;
}
