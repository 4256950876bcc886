/**
 * The runtime side of recursive prediction: rebuilds y lags, rolling statistics and EWMAs for forecast
 * step `step` from the actuals followed by the forecasts made so far — the same definitions as the SQL.
 */
import type { FeatureColumn, LagRecipe } from './featureColumn';

/** Computes one recipe at position `t` of the sequence `at(i)` (i < t), NaN where the SQL gives NULL. */
export function lagRecipeValue(recipe: LagRecipe, at: (i: number) => number, t: number): number {
  const get = (i: number) => (i >= 0 && i < t ? at(i) : NaN);
  if (recipe.kind === 'lag') return get(t - recipe.lag);
  if (recipe.kind === 'ewma') {
    let num = 0;
    let den = 0;
    for (let j = 0; j < recipe.span; j++) {
      const v = get(t - recipe.lag - j);
      if (Number.isNaN(v)) continue;
      const w = Math.pow(1 - recipe.alpha, j);
      num += w * v;
      den += w;
    }
    return den > 0 ? num / den : NaN;
  }
  const vals: number[] = [];
  for (let j = 0; j < recipe.window; j++) {
    const v = get(t - recipe.lag - j);
    if (!Number.isNaN(v)) vals.push(v);
  }
  if (vals.length < recipe.minPeriods || vals.length === 0) return NaN;
  if (recipe.stat === 'min') return Math.min(...vals);
  if (recipe.stat === 'max') return Math.max(...vals);
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  if (recipe.stat === 'mean') return mean;
  if (vals.length < 2) return NaN;
  return Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1));
}

/**
 * Values of the recursive y features in `columns` for forecast step `step` (0-based: the first period
 * after the origin is step 0). `history` holds the series' model-space y on a regular grid up to the
 * origin (NaN = missing); `forecasts[0..step)` the predictions of the earlier steps.
 */
export function recursiveLagValues(
  history: ArrayLike<number>,
  forecasts: ArrayLike<number>,
  step: number,
  columns: FeatureColumn[],
): Record<string, number> {
  if (step > forecasts.length) throw new Error(`step ${step} needs ${step} forecasts, got ${forecasts.length}`);
  const n = history.length;
  const at = (i: number) => (i < n ? history[i] : forecasts[i - n]);
  const out: Record<string, number> = {};
  for (const c of columns) if (c.recursive && c.recipe) out[c.name] = lagRecipeValue(c.recipe, at, n + step);
  return out;
}
