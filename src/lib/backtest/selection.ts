/**
 * Model choice without peeking: candidates (models and top-k ensembles) are ranked on the backtest windows
 * before the final one; the final window then scores the chosen `auto` entry honestly.
 */
import { getMetric, metricBySeries, type MetricResult } from '../metrics';
import { combineRows, inverseErrorWeights, type EnsembleMethod } from './ensemble';
import { rowInputs, scoreModels } from './score';
import type { BacktestResult, BacktestRow } from './types';

/** Options of {@link selectModels} and {@link leaderboard}. */
export interface SelectionOptions {
  /** Metric to rank and choose by (default `mase`). */
  metric?: string;
  /** Model the relative MASE is taken against (default `snaive`). */
  benchmark?: string;
  /** Members of each ensemble (default 3). */
  topK?: number;
  /** `overall`: one candidate for every series; `per_series`: the best candidate for each series. */
  mode?: 'overall' | 'per_series';
  /** Ensembles to build from the top-k (default all three). */
  ensembles?: EnsembleMethod[];
}

export interface EnsembleChoice {
  name: string;
  method: EnsembleMethod;
  members: string[];
  /** Member weights (sum to 1). */
  weights: Record<string, number>;
}

/** What was chosen and how it did on the final window. */
export interface Selected {
  mode: 'overall' | 'per_series';
  metric: string;
  /** Window indices the choice used (all but the final one). */
  selection_windows: number[];
  /** The window the choice is evaluated on. */
  holdout_window: number;
  /** Best candidate over all series. */
  choice: string;
  /** Chosen candidate per series (mode `per_series`). */
  per_series?: Record<string, string>;
  /** Each candidate's metric on the selection windows. */
  scores: Record<string, number | null>;
  ensembles: EnsembleChoice[];
  /** `auto` and every candidate scored on the final window only (same points, comparable). */
  holdout: Record<string, Record<string, number | null>>;
  warnings: string[];
}

/** Ranking key of a metric value: smaller is better; null last. */
export function rankKey(metric: string, v: number | null): number {
  if (v === null) return Infinity;
  const spec = getMetric(metric);
  return spec.target !== undefined ? Math.abs(v - spec.target) : spec.better === 'higher' ? -v : v;
}

const values = (r: Record<string, MetricResult>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value]));

/** Chooses the `auto` forecast; returns it with the ensemble and auto rows it built (model `auto` on the final window). */
export function selectModels(result: BacktestResult, options: SelectionOptions = {}): { selected: Selected; rows: BacktestRow[] } {
  const { metric = 'mase', topK = 3, mode = 'overall', ensembles = ['mean', 'median', 'inverse_error'] } = options;
  const windows = [...new Set(result.rows.map((r) => r.window))].sort((a, b) => a - b);
  if (!windows.length) throw new Error('selectModels: the backtest has no rows');
  const final = windows[windows.length - 1];
  const warnings: string[] = [];
  let sel = windows.slice(0, -1);
  if (!sel.length) {
    sel = [final];
    warnings.push('Only one backtest window: the choice and its evaluation use the same window (optimistic).');
  }
  const base = [...new Set(result.rows.map((r) => r.model))];
  const baseScores = scoreModels(result.rows, { metrics: [metric], windows: sel });
  const ranked = base.filter((m) => baseScores[m]?.[metric]?.value != null).sort((a, b) => rankKey(metric, baseScores[a][metric].value) - rankKey(metric, baseScores[b][metric].value));
  const members = ranked.slice(0, topK);
  const weightMetric = getMetric(metric).better === 'lower' && getMetric(metric).target === undefined ? metric : 'mase';
  const weightScores = weightMetric === metric ? baseScores : scoreModels(result.rows, { metrics: [weightMetric], windows: sel });
  const ens: EnsembleChoice[] = members.length < 2 ? [] : ensembles.map((method) => ({
    name: `ens_${method}_top${members.length}`,
    method,
    members,
    weights: method === 'inverse_error'
      ? inverseErrorWeights(Object.fromEntries(members.map((m) => [m, weightScores[m]?.[weightMetric]?.value ?? null])))
      : Object.fromEntries(members.map((m) => [m, 1 / members.length])),
  }));
  const ensRows = ens.flatMap((e) => combineRows(result.rows, e.members, { name: e.name, method: e.method, weights: e.weights }));
  const all = [...result.rows, ...ensRows];
  const candidates = [...base, ...ens.map((e) => e.name)];
  const scored = scoreModels(all, { metrics: [metric], windows: sel });
  const scores = Object.fromEntries(candidates.map((c) => [c, scored[c]?.[metric]?.value ?? null]));
  const choice = [...candidates].sort((a, b) => rankKey(metric, scores[a]) - rankKey(metric, scores[b]))[0];
  let perSeries: Record<string, string> | undefined;
  if (mode === 'per_series') {
    const selRows = all.filter((r) => sel.includes(r.window));
    const bySeries = Object.fromEntries(candidates.map((c) => [c, metricBySeries(rowInputs(selRows.filter((r) => r.model === c)), metric)]));
    const ids = [...new Set(result.rows.map((r) => r.id))];
    perSeries = Object.fromEntries(ids.map((id) => {
      const best = [...candidates].sort((a, b) => rankKey(metric, bySeries[a][id]?.value ?? null) - rankKey(metric, bySeries[b][id]?.value ?? null))[0];
      return [id, bySeries[best][id]?.value != null ? best : choice];
    }));
  }
  const finalRows = new Map(all.filter((r) => r.window === final).map((r) => [`${r.model}|${r.id}`, r]));
  const ids = [...new Set(result.rows.filter((r) => r.window === final).map((r) => r.id))];
  const autoRows = ids.flatMap((id) => {
    const r = finalRows.get(`${perSeries?.[id] ?? choice}|${id}`) ?? finalRows.get(`${choice}|${id}`);
    return r ? [{ ...r, model: 'auto' }] : [];
  });
  const holdoutScores = scoreModels([...all.filter((r) => r.window === final), ...autoRows], { windows: [final] });
  const holdout = Object.fromEntries(Object.entries(holdoutScores).map(([m, r]) => [m, values(r)]));
  const selected: Selected = { mode, metric, selection_windows: sel, holdout_window: final, choice, ...(perSeries ? { per_series: perSeries } : {}), scores, ensembles: ens, holdout, warnings };
  return { selected, rows: [...ensRows, ...autoRows] };
}
