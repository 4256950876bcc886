/**
 * Honest model choice for a backtest: candidates (models and top-k ensembles) are ranked on selection
 * windows only; the chosen one is then scored as `auto` on the evaluation windows it never saw.
 * Generalises `selectModels` (which holds out only the final window) to several evaluation windows.
 */
import { combineRows, inverseErrorWeights, rankKey, scoreModels, type BacktestResult, type BacktestRow, type EnsembleMethod } from '../backtest';

/** Options of {@link selectAndScore}. */
export interface SelectScoreOptions {
  /** Window indices the choice is made on (must not overlap `evalWindows`). */
  selectionWindows: number[];
  /** Window indices every model and `auto` are scored on. */
  evalWindows: number[];
  /** Metric the choice minimises (default `wape`). */
  metric?: string;
  /** Members of each ensemble (default 3). */
  topK?: number;
  ensembles?: EnsembleMethod[];
  /** Permit the same windows for both (optimistic; only when no earlier window exists). */
  allowOverlap?: boolean;
}

/** One line of the result: metrics on the evaluation windows. WAPE is a fraction (Σ|e| / Σ|y|), not percent. */
export interface ModelScore {
  model: string;
  wape: number | null;
  mase: number | null;
  /** Symmetric MAPE on the 0–200 scale (percent). */
  smape: number | null;
  rmse: number | null;
  mae: number | null;
  coverage_80: number | null;
  coverage_95: number | null;
  fit_seconds: number;
  failed_series: number;
}

/** The choice and the scores. */
export interface SelectScoreResult {
  models: ModelScore[];
  /** The candidate `auto` stands for (a model or an ensemble such as `ens_mean_top3`). */
  selected: string;
  /** Each candidate's metric on the selection windows. */
  selectionScores: Record<string, number | null>;
  /** Models neither chosen nor ensembled, with why (lost to seasonal naive, fell back too often) and their score. */
  ruledOut: Record<string, string>;
  ensembles: Array<{ name: string; members: string[]; weights: Record<string, number> }>;
  /** Rows of every model, ensemble and `auto` on the evaluation windows. */
  rows: BacktestRow[];
}

/** Chooses on `selectionWindows`, scores everything (including `auto`) on `evalWindows`. */
export function selectAndScore(result: BacktestResult, options: SelectScoreOptions): SelectScoreResult {
  const { selectionWindows: sel, evalWindows: ev, metric = 'wape', topK = 3, ensembles = ['mean', 'median', 'inverse_error'] } = options;
  if (!options.allowOverlap && sel.some((w) => ev.includes(w))) throw new Error('selectAndScore: selection and evaluation windows overlap');
  const base = result.models.map((m) => m.model);
  const baseScores = scoreModels(result.rows, { metrics: [metric], windows: sel });
  const value = (s: typeof baseScores, m: string) => s[m]?.[metric]?.value ?? null;
  // Rule (issue 9): a model that lost to seasonal naive on the selection windows, or that fell back on more
  // than a fifth of the series, is neither chosen nor put into an ensemble.
  const ids = new Set(result.rows.map((r) => r.id)).size || 1;
  const bar = base.includes('snaive') ? value(baseScores, 'snaive') : null;
  const failed = (m: string) => Object.keys(result.models.find((x) => x.model === m)?.failures ?? {}).length;
  const why = (m: string): string | null => {
    if (m === 'snaive') return null;
    const v = value(baseScores, m);
    if (bar !== null && rankKey(metric, v) > rankKey(metric, bar)) return `lost to seasonal naive on the selection windows (${metric} ${v === null ? 'none' : v.toFixed(3)} vs ${bar.toFixed(3)})`;
    if (failed(m) > 0.2 * ids) return `fell back on ${failed(m)} of ${ids} series`;
    return null;
  };
  const eligible = (m: string) => why(m) === null;
  const ruledOut = Object.fromEntries(base.filter((m) => !eligible(m)).map((m) => [m, why(m)!]));
  const ranked = base.filter((m) => value(baseScores, m) !== null && eligible(m)).sort((a, b) => rankKey(metric, value(baseScores, a)) - rankKey(metric, value(baseScores, b)));
  const members = ranked.slice(0, topK);
  const ens = members.length < 2 ? [] : ensembles.map((method) => ({
    name: `ens_${method}_top${members.length}`,
    method,
    members,
    weights: method === 'inverse_error' ? inverseErrorWeights(Object.fromEntries(members.map((m) => [m, value(baseScores, m)]))) : Object.fromEntries(members.map((m) => [m, 1 / members.length])),
  }));
  const all = [...result.rows, ...ens.flatMap((e) => combineRows(result.rows, e.members, { name: e.name, method: e.method, weights: e.weights }))];
  const candScores = scoreModels(all, { metrics: [metric], windows: sel });
  const candidates = [...base.filter(eligible), ...ens.map((e) => e.name)];
  const selectionScores = Object.fromEntries(candidates.map((c) => [c, value(candScores, c)]));
  const selected = [...candidates].sort((a, b) => rankKey(metric, selectionScores[a]) - rankKey(metric, selectionScores[b]))[0];
  const evalRows = all.filter((r) => ev.includes(r.window));
  const rows = [...evalRows, ...evalRows.filter((r) => r.model === selected).map((r) => ({ ...r, model: 'auto' }))];
  const scores = scoreModels(rows, { metrics: ['wape', 'mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95'], windows: ev });
  const summary = new Map(result.models.map((m) => [m.model, m]));
  const membersOf = (name: string) => (summary.has(name) ? [name] : ens.find((e) => e.name === name)?.members ?? []);
  const line = (model: string, used: string[]): ModelScore => {
    const v = (k: string) => scores[model]?.[k]?.value ?? null;
    const wape = v('wape');
    return {
      model, wape: wape === null ? null : wape / 100, mase: v('mase'), smape: v('smape'), rmse: v('rmse'), mae: v('mae'),
      coverage_80: v('coverage_80'), coverage_95: v('coverage_95'),
      fit_seconds: used.reduce((s, m) => s + (summary.get(m)?.fit_seconds ?? 0), 0),
      failed_series: new Set(used.flatMap((m) => Object.keys(summary.get(m)?.failures ?? {}))).size,
    };
  };
  const models = [...base.map((m) => line(m, [m])), line('auto', membersOf(selected))];
  return { models, selected, selectionScores, ruledOut, ensembles: ens.map(({ name, members, weights }) => ({ name, members, weights })), rows };
}
