/**
 * Cross-item features: what the *other* series of the same group (the items of a category in one store) do
 * on the same date, so that a global model can learn cannibalisation and halo — a promotion on item A
 * changes item B's rows. No other feature crosses series, so without these a model's cannibalisation is 0.
 *
 * - `cross_promo_share`: share of the other series of the group on promotion on that date;
 * - `cross_discount`: their mean discount depth (1 − price / regular price, 0 when not below it);
 * - `cross_price_rel`: the own price relative to the regular price, divided by the others' mean of it
 *   (< 1 when this item is cheaper than usual compared with its siblings: the cross-price signal).
 *
 * Timing follows the promotion and price columns: the features are emitted only where those are
 * known-future (a past-only promotion would leak the other series' present), so a re-forecast of an edited
 * plan rebuilds them from the plan. The group comes from the `series` table's attributes (see
 * {@link crossItemGroup}); without one, nothing is emitted.
 */
import { columnTiming, emptyOutput, fcol, ident, type CompileContext, type FamilyOutput } from './featureColumn';
import type { ResolvedSpec } from './spec';

/** Names that mark a `series` attribute as a product grouping (a category of items). */
const CATEGORY = /categ|dept|department|family|subclass|class|segment|subcat/i;
/** Names that mark a `series` attribute as a location (the siblings must share it). */
const LOCATION = /store|shop|outlet|location|site|branch|warehouse|region|channel/i;

/**
 * The default group of {@link crossItemFeatures}, from the `series` table's attributes: the category-like
 * ones (`category`, `dept`, `family`, …) together with the location-like ones (`store`, `shop`, `region`,
 * …) — the items of a category in one store, the substitutes a promotion draws shoppers from. Without a
 * category-like attribute, none: the other items of a whole store mix substitutes, complements and
 * unrelated items, and on the generator (which has no store-wide effect) a GBDT read spurious "other"
 * effects off them and its own uplift moved by 5 %; pass the category as a static attribute
 * (CLI `--static category`), or name the group in `spec.crossItem.group`, which overrides this.
 */
export function crossItemGroup(seriesColumns: string[] = []): string[] {
  const cat = seriesColumns.filter((c) => CATEGORY.test(c));
  const loc = seriesColumns.filter((c) => LOCATION.test(c) && !cat.includes(c));
  return cat.length ? [...loc, ...cat] : [];
}

/**
 * Compiles the cross-item family. Needs the promo family (for the share) and the price family (for the
 * discount and the relative price), both known-future, and a group of `series` attributes (`group`, else
 * {@link crossItemGroup}). Stage 3 reads the promo family's `_pf` and the price family's
 * `price_rel_regular`, so the numbers agree with the own-series features.
 */
export function crossItemFeatures(r: Pick<ResolvedSpec, 'promo' | 'price'>, ctx: CompileContext, group?: string[] | false): FamilyOutput {
  const out = emptyOutput();
  if (group === false) return out;
  const have = ctx.seriesColumns ?? [];
  const g = (group ?? crossItemGroup(have)).filter((c) => have.includes(c));
  const promo = r.promo && r.promo.column in ctx.columns && columnTiming(ctx, r.promo.column) === 'known_future';
  const price = r.price && r.price.column in ctx.columns && columnTiming(ctx, r.price.column) === 'known_future';
  if (!g.length || (!promo && !price)) return out;
  const key = `concat_ws('|', ${g.map((c) => `CAST(_xg.${ident(c)} AS VARCHAR)`).join(', ')})`;
  out.joins = [`LEFT JOIN (SELECT unique_id, ${g.map(ident).join(', ')} FROM series) _xg ON _xg.unique_id = s.unique_id`];
  out.baseItems = [`${key} AS _xgroup`];
  const by = 'OVER (PARTITION BY _xgroup, ds)';
  const others = `nullif(count(*) ${by} - 1, 0)`;
  const add = (name: string, description: string) => out.columns.push({ name, family: 'promo', timing: 'known_future', categorical: false, crossSeries: true, description });
  const s3: string[] = [];
  if (promo) {
    s3.push(`(sum(_pf) ${by} - _pf) / ${others} AS ${fcol('cross_promo_share')}`);
    add('cross_promo_share', `share of the other series of the same ${g.join(' × ')} on promotion on that date`);
  }
  if (price) {
    const depth = (v: string) => `coalesce(greatest(0.0, 1 - ${v}), 0)`;
    const rel = fcol('price_rel_regular');
    s3.push(`(sum(${depth(rel)}) ${by} - ${depth(rel)}) / ${others} AS ${fcol('cross_discount')}`);
    s3.push(`${rel} / nullif((sum(coalesce(${rel}, 1)) ${by} - coalesce(${rel}, 1)) / ${others}, 0) AS ${fcol('cross_price_rel')}`);
    add('cross_discount', `mean discount depth (1 − price / regular price) of the other series of the same ${g.join(' × ')}`);
    add('cross_price_rel', `own price / regular price, over the same ratio's mean of the other series of the same ${g.join(' × ')}`);
  }
  out.stages = [[], [], s3];
  return out;
}
