/**
 * What the Models step's "What drives the forecast" chart shows of a permutation importance: the top
 * features, largest first, each as the extra forecast error when it is shuffled — on the per-series scaled
 * target (y ÷ the series' mean |y|) that is a share of a series' average sales, shown in percent (5 = the
 * typical miss grows by 5 % of what the series usually sells). These are not shares of a total: they need
 * not add up to 100.
 */
import type { FeatureImportance } from './importance';

/** Options of {@link importanceBars}. */
export interface ImportanceBarsOptions {
  /** The model was trained on the per-series scaled target (the default of every global model). */
  scaled: boolean;
  /** Bars shown (default 15). */
  top?: number;
}

/** The bars: labels, values in the chart's unit, and the axis title. */
export interface ImportanceBars {
  labels: string[];
  values: number[];
  /** `%` of a series' average sales (scaled target) or `units` of the target. */
  unit: '%' | 'units';
  xLabel: string;
}

/** The chart's bars of `importance` (see the module comment). */
export function importanceBars(importance: FeatureImportance[], o: ImportanceBarsOptions): ImportanceBars {
  const top = [...importance].sort((a, b) => b.importance - a.importance).slice(0, o.top ?? 15);
  return {
    labels: top.map((f) => f.feature),
    values: top.map((f) => (o.scaled ? 100 * f.importance : f.importance)),
    unit: o.scaled ? '%' : 'units',
    xLabel: o.scaled ? 'extra error when shuffled, % of a series’ average sales' : 'extra error when shuffled, units of the target',
  };
}
