/**
 * What the studio's Backtest step shows, from the pipeline's result: the leaderboard (the scores
 * `selectAndScore` gave on the evaluation windows, ranked, with MASE relative to seasonal naive), and the
 * best model's backtest points for the charts (total over series, residuals, error per series).
 * WAPE is a fraction (Σ|e| / Σ|y|) here as everywhere; views show it in percent.
 */
import { combineRows, rankKey, scoreModels, type BacktestResult, type BacktestRow, type EnsembleMethod } from '../backtest';
import type { DataIssue } from '../data/contract';
import type { ModelScore, SelectScoreResult } from './selectAndScore';

/** One leaderboard line: the model's scores on the evaluation windows, its rank and relative MASE. */
export interface LeaderboardEntry extends ModelScore {
  kind: 'model' | 'auto';
  /** 1 = best by the metric among the models; null for `auto`. */
  rank: number | null;
  /** MASE / MASE of the benchmark (seasonal naive) on the same windows; < 1 beats it. */
  relative_mase: number | null;
}

/** The Backtest step's data (typed arrays for the charts). */
export interface BacktestSummary {
  leaderboard: LeaderboardEntry[];
  /** What `auto` stands for (a model or an ensemble such as `ens_mean_top3`). */
  selected: string;
  /** The best-ranked model on the evaluation windows. */
  best: string;
  /** The model whose points feed the charts and the per-series table: `selected` (what `auto` stands for) by default. */
  charted: string;
  metric: string;
  cutoffs: number[];
  /** Window indices scored in the leaderboard (the last ones); the earlier ones chose `auto`. */
  evalWindows: number[];
  /** Sum over series of actuals and of the best model's forecasts, per backtest point. */
  total: { ds: Int32Array; actual: Float64Array; predicted: Float64Array; rowCutoff: Int32Array };
  /** The best model's residuals (forecast − actual) with their horizon step, all series pooled. */
  residuals: { step: Int32Array; ds: Int32Array; residual: Float64Array };
  /** WAPE (fraction) and MAE of the charted model per series over all windows, worst first. */
  bySeries: { id: string; wape: number | null; mae: number }[];
  /** Every leaderboard model's metrics per series on the evaluation windows (WAPE a fraction), for exports. */
  perSeries: SeriesScore[];
  issues: DataIssue[];
  seconds: number;
  cancelled: boolean;
}

/** One model's scores on one series over the evaluation windows (the leaderboard's metrics, per series). */
export interface SeriesScore {
  model: string;
  id: string;
  wape: number | null;
  mase: number | null;
  smape: number | null;
  rmse: number | null;
  mae: number | null;
  coverage_80: number | null;
  coverage_95: number | null;
}

/** Options of {@link summarizeBacktest}. */
export interface SummaryOptions {
  /** Metric the models are ranked by (default `wape`, the pipeline's choice metric). */
  metric?: string;
  /** Model of the relative MASE (default `snaive`). */
  benchmark?: string;
  /** Model of the charts and the per-series table (default: `selected`, the choice `auto` stands for). */
  chartModel?: string;
}

/** Builds the {@link BacktestSummary} (issues, seconds and cancelled are the caller's). */
export function summarizeBacktest(backtest: BacktestResult, score: SelectScoreResult, options: SummaryOptions = {}): Omit<BacktestSummary, 'issues' | 'seconds' | 'cancelled'> {
  const metric = options.metric ?? 'wape';
  const benchmark = options.benchmark ?? 'snaive';
  const bench = score.models.find((m) => m.model === benchmark)?.mase ?? null;
  const value = (m: ModelScore) => (m as unknown as Record<string, number | null>)[metric] ?? null;
  const ranked = score.models
    .filter((m) => m.model !== 'auto')
    .sort((a, b) => rankKey(metric, value(a)) - rankKey(metric, value(b)))
    .map((m, i): LeaderboardEntry => ({ ...m, kind: 'model', rank: i + 1, relative_mase: m.mase !== null && bench ? m.mase / bench : null }));
  const auto = score.models.find((m) => m.model === 'auto');
  const leaderboard = auto ? [...ranked, { ...auto, kind: 'auto' as const, rank: null, relative_mase: auto.mase !== null && bench ? auto.mase / bench : null }] : ranked;
  const best = ranked[0]?.model ?? '';
  const evalWindows = [...new Set(score.rows.map((r) => r.window))].sort((a, b) => a - b);
  const charted = options.chartModel ?? (score.selected || best);
  const perSeries = seriesScores(score.rows, new Set(leaderboard.map((e) => e.model)), evalWindows);
  return { leaderboard, selected: score.selected, best, charted, metric, cutoffs: backtest.cutoffs, evalWindows, perSeries, ...chartPoints(modelRows(backtest, score, charted), charted) };
}

/** Every window's rows of `model`: a base model's own, or an ensemble's combined from its members. */
function modelRows(backtest: BacktestResult, score: SelectScoreResult, model: string): BacktestRow[] {
  const ens = score.ensembles.find((e) => e.name === model);
  if (!ens) return backtest.rows;
  const method = /^ens_(mean|median|inverse_error)_/.exec(model)?.[1] as EnsembleMethod | undefined;
  if (!method) return backtest.rows;
  return combineRows(backtest.rows, ens.members, { name: model, method, weights: ens.weights });
}

const SERIES_METRICS = ['wape', 'mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95'] as const;

/** The leaderboard's metrics per (model, series) on the evaluation windows, through the metric registry. */
function seriesScores(rows: BacktestRow[], models: Set<string>, windows: number[]): SeriesScore[] {
  const byId = new Map<string, BacktestRow[]>();
  for (const r of rows) {
    if (!models.has(r.model)) continue;
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  const out: SeriesScore[] = [];
  for (const [id, list] of byId) {
    const scores = scoreModels(list, { metrics: [...SERIES_METRICS], windows });
    for (const [model, m] of Object.entries(scores)) {
      const v = (k: string) => m[k]?.value ?? null;
      const wape = v('wape');
      out.push({ model, id, wape: wape === null ? null : wape / 100, mase: v('mase'), smape: v('smape'), rmse: v('rmse'), mae: v('mae'), coverage_80: v('coverage_80'), coverage_95: v('coverage_95') });
    }
  }
  return out;
}

function chartPoints(rows: BacktestRow[], best: string): Pick<BacktestSummary, 'total' | 'residuals' | 'bySeries'> {
  const key = new Map<string, number>();
  const td: number[] = [], ta: number[] = [], tp: number[] = [], tc: number[] = [];
  const steps: number[] = [], days: number[] = [], res: number[] = [];
  const per = new Map<string, { e: number; y: number; n: number }>();
  for (const r of rows) {
    if (r.model !== best) continue;
    const acc = per.get(r.id) ?? { e: 0, y: 0, n: 0 };
    for (let i = 0; i < r.ds.length; i++) {
      if (!Number.isFinite(r.actual[i]) || !Number.isFinite(r.mean[i])) continue;
      const k = `${r.cutoff}|${r.ds[i]}`;
      let j = key.get(k);
      if (j === undefined) {
        j = td.length;
        key.set(k, j);
        td.push(r.ds[i]), ta.push(0), tp.push(0), tc.push(r.cutoff);
      }
      ta[j] += r.actual[i];
      tp[j] += r.mean[i];
      steps.push(r.step[i]);
      days.push(r.ds[i]);
      res.push(r.mean[i] - r.actual[i]);
      acc.e += Math.abs(r.mean[i] - r.actual[i]);
      acc.y += Math.abs(r.actual[i]);
      acc.n++;
    }
    per.set(r.id, acc);
  }
  const order = td.map((_, i) => i).sort((a, b) => tc[a] - tc[b] || td[a] - td[b]);
  const bySeries = [...per.entries()]
    .map(([id, a]) => ({ id, wape: a.y > 0 ? a.e / a.y : null, mae: a.e / Math.max(1, a.n) }))
    .sort((a, b) => (b.wape ?? Infinity) - (a.wape ?? Infinity) || b.mae - a.mae);
  return {
    total: { ds: Int32Array.from(order, (i) => td[i]), actual: Float64Array.from(order, (i) => ta[i]), predicted: Float64Array.from(order, (i) => tp[i]), rowCutoff: Int32Array.from(order, (i) => tc[i]) },
    residuals: { step: Int32Array.from(steps), ds: Int32Array.from(days), residual: Float64Array.from(res) },
    bySeries,
  };
}
