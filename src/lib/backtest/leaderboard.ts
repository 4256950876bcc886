import { scoreModels } from './score';
import { rankKey, selectModels, type SelectionOptions, type Selected } from './selection';
import type { BacktestResult } from './types';

/** One leaderboard line, JSON-serialisable (null where a metric is undefined, see `reasons`). */
export interface LeaderboardEntry {
  model: string;
  kind: 'model' | 'ensemble' | 'auto';
  /** 1 = best by the chosen metric; null for `auto` (scored on the final window only). */
  rank: number | null;
  /** Number of windows the metrics rest on (all windows; 1 for `auto`). */
  windows: number;
  wape: number | null;
  mase: number | null;
  smape: number | null;
  rmse: number | null;
  mae: number | null;
  coverage_80: number | null;
  coverage_95: number | null;
  /** MASE / MASE of the benchmark (seasonal naive) on the same windows; < 1 beats it. */
  relative_mase: number | null;
  fit_seconds: number;
  failed_series: number;
  /** Why a metric is null or partial. */
  reasons?: Record<string, string>;
}

/** What the CLI serialises. */
export interface Leaderboard {
  models: LeaderboardEntry[];
  selected: Selected;
}

const METRICS = ['wape', 'mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95'] as const;

/**
 * Ranks models and ensembles over all backtest windows by `options.metric` (default `mase`) and appends the
 * `auto` entry scored on the final window (chosen on the earlier ones, see {@link selectModels}).
 * Ensembles report the summed fit time of their members and the union of their failed series.
 */
export function leaderboard(result: BacktestResult, options: SelectionOptions = {}): Leaderboard {
  const metric = options.metric ?? 'mase';
  const benchmark = options.benchmark ?? 'snaive';
  const { selected, rows } = selectModels(result, options);
  const nWindows = new Set(result.rows.map((r) => r.window)).size;
  const all = [...result.rows, ...rows.filter((r) => r.model !== 'auto')];
  const scores = scoreModels(all, { metrics: [...new Set([...METRICS, metric])] });
  const holdoutScores = scoreModels([...result.rows, ...rows].filter((r) => r.window === selected.holdout_window), { metrics: ['mase'] });
  const summary = new Map(result.models.map((m) => [m.model, m]));
  const membersOf = (name: string): string[] => {
    if (summary.has(name)) return [name];
    return selected.ensembles.find((e) => e.name === name)?.members ?? [];
  };
  const cost = (models: string[]) => ({
    fit_seconds: models.reduce((s, m) => s + (summary.get(m)?.fit_seconds ?? 0), 0),
    failed_series: new Set(models.flatMap((m) => Object.keys(summary.get(m)?.failures ?? {}))).size,
  });
  const entry = (model: string, kind: LeaderboardEntry['kind'], res: Record<string, { value: number | null; reason?: string }>, bench: number | null | undefined, windows: number, used: string[]): LeaderboardEntry => {
    const reasons = Object.fromEntries(METRICS.filter((m) => res[m]?.reason).map((m) => [m, res[m].reason!]));
    const v = (m: string) => res[m]?.value ?? null;
    return {
      model, kind, rank: null, windows,
      wape: v('wape'), mase: v('mase'), smape: v('smape'), rmse: v('rmse'), mae: v('mae'), coverage_80: v('coverage_80'), coverage_95: v('coverage_95'),
      relative_mase: v('mase') !== null && bench ? v('mase')! / bench : null,
      ...cost(used),
      ...(Object.keys(reasons).length ? { reasons } : {}),
    };
  };
  const benchAll = scores[benchmark]?.mase?.value;
  const ranked = Object.keys(scores)
    .map((m) => entry(m, summary.has(m) ? 'model' : 'ensemble', scores[m], benchAll, nWindows, membersOf(m)))
    .sort((a, b) => rankKey(metric, scores[a.model][metric].value) - rankKey(metric, scores[b.model][metric].value))
    .map((e, i) => ({ ...e, rank: i + 1 }));
  const auto = scoreModels(rows.filter((r) => r.model === 'auto'), { metrics: [...METRICS] }).auto;
  const used = [...new Set(selected.per_series ? Object.values(selected.per_series) : [selected.choice])].flatMap(membersOf);
  const models = auto ? [...ranked, entry('auto', 'auto', auto, holdoutScores[benchmark]?.mase?.value, 1, [...new Set(used)])] : ranked;
  return { models, selected };
}
