/**
 * What the studio's Backtest step shows, from the pipeline's result: the leaderboard (the scores
 * `selectAndScore` gave on the evaluation windows, ranked, with MASE relative to seasonal naive), and the
 * best model's backtest points for the charts (total over series, residuals, error per series).
 * WAPE is a fraction (Σ|e| / Σ|y|) here as everywhere; views show it in percent.
 */
import { rankKey, type BacktestResult } from '../backtest';
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
  /** The best-ranked model (its points feed the charts). */
  best: string;
  metric: string;
  cutoffs: number[];
  /** Window indices scored in the leaderboard (the last ones); the earlier ones chose `auto`. */
  evalWindows: number[];
  /** Sum over series of actuals and of the best model's forecasts, per backtest point. */
  total: { ds: Int32Array; actual: Float64Array; predicted: Float64Array; rowCutoff: Int32Array };
  /** The best model's residuals (forecast − actual) with their horizon step, all series pooled. */
  residuals: { step: Int32Array; ds: Int32Array; residual: Float64Array };
  /** WAPE (fraction) and MAE of the best model per series over all windows, worst first. */
  bySeries: { id: string; wape: number | null; mae: number }[];
  issues: DataIssue[];
  seconds: number;
  cancelled: boolean;
}

/** Options of {@link summarizeBacktest}. */
export interface SummaryOptions {
  /** Metric the models are ranked by (default `wape`, the pipeline's choice metric). */
  metric?: string;
  /** Model of the relative MASE (default `snaive`). */
  benchmark?: string;
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
  return { leaderboard, selected: score.selected, best, metric, cutoffs: backtest.cutoffs, evalWindows, ...bestPoints(backtest, best) };
}

function bestPoints(backtest: BacktestResult, best: string): Pick<BacktestSummary, 'total' | 'residuals' | 'bySeries'> {
  const key = new Map<string, number>();
  const td: number[] = [], ta: number[] = [], tp: number[] = [], tc: number[] = [];
  const steps: number[] = [], days: number[] = [], res: number[] = [];
  const per = new Map<string, { e: number; y: number; n: number }>();
  for (const r of backtest.rows) {
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
