/**
 * The whole pipeline after `raw` is loaded: map columns → TrainData → feature frames per cutoff →
 * `runBacktest` over selection + evaluation windows → honest choice of `auto`. Engine-agnostic.
 */
import type { CovariateMeta, DataIssue, Freq } from '../data/contract';
import { ident, literal } from '../data/engine';
import type { FeatureSpec } from '../features';
import { runBacktest, type BacktestProgress, type BacktestResult } from '../backtest';
import type { ModelSpec, TrainData } from '../models/protocol';
import { strategyOf, type LagStrategy } from '../models/global/strategy';
import { defaultFeatureSpec } from './defaultFeatureSpec';
import { makeFeaturesAt } from './featuresAt';
import { tableColumns } from './loadCsv';
import { loadTrainData } from './loadTrainData';
import { mapSales, missingColumns } from './mapSales';
import { selectAndScore, type SelectScoreResult } from './selectAndScore';
import { numbers, type SqlEngine } from './sqlEngine';
import { withZeroWhen } from './withZeroWhen';

/** Options of {@link backtestPipeline}. */
export interface PipelineOptions {
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  h: number;
  /** Evaluation windows (the last ones). */
  windows: number;
  /** Earlier windows used only for choosing `auto`. */
  selectionWindows: number;
  /** Periods between cutoffs (default h). */
  step?: number;
  knownFuture?: string[];
  pastOnly?: string[];
  statics?: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  models: ModelSpec<any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fallback: ModelSpec<any>;
  /** Forecast 0 where this known-future column has this value (and hide those rows from training). */
  zeroWhen?: { column: string; value: string };
  completeOnly?: boolean;
  metric?: string;
  /** Seconds the backtest may take; slow models are dropped and reported (see `runBacktest`). */
  timeBudget?: number;
  /** When the budget's clock started (`performance.now()`, default: this call), e.g. before the data was read. */
  budgetStart?: number;
  onProgress?: (p: BacktestProgress | { message: string }) => void;
}

/** Result: scores and choice, the raw backtest, and every data issue met on the way. */
export interface PipelineResult {
  score?: SelectScoreResult;
  backtest?: BacktestResult;
  issues: DataIssue[];
  series: number;
  /** The histories the backtest ran on. */
  train?: TrainData;
}

/** Role of a covariate guessed from its name (promo / holiday / price / other). */
export function roleOf(name: string, zeroColumn?: string): CovariateMeta['role'] {
  if (name === zeroColumn) return 'open';
  return /promo|discount|markdown/i.test(name) ? 'promo' : /holiday|event/i.test(name) ? 'holiday' : /price/i.test(name) ? 'price' : 'other';
}

/**
 * The covariates named by the headless flags (`--known-future`, `--past-only`, the `--zero-when` column,
 * which is known in advance): role from the name, categorical when `raw` holds them as text.
 */
export function flagCovariates(rawCols: Record<string, string>, o: { knownFuture?: string[]; pastOnly?: string[]; zeroWhen?: { column: string } }): CovariateMeta[] {
  const known = [...new Set([...(o.knownFuture ?? []), ...(o.zeroWhen ? [o.zeroWhen.column] : [])])];
  return [...known.map((n) => [n, 'known_future'] as const), ...(o.pastOnly ?? []).map((n) => [n, 'past_only'] as const)].map(([name, timing]) => ({
    name, source: name, timing, role: roleOf(name, o.zeroWhen?.column), type: /CHAR|TEXT|STRING/i.test(rawCols[name] ?? '') ? 'categorical' : 'numeric',
  }));
}

/** Runs the pipeline on the `raw` table of `engine`. Problems in the data come back in `issues`. */
export async function backtestPipeline(engine: SqlEngine, o: PipelineOptions): Promise<PipelineResult> {
  const rawCols = await tableColumns(engine, 'raw');
  const covariates = flagCovariates(rawCols, o);
  const mapping = { id: o.id, date: o.date, target: o.target, freq: o.freq, covariates, statics: o.statics, completeOnly: o.completeOnly };
  const missing = missingColumns(rawCols, mapping);
  if (missing.length) return { issues: missing, series: 0 };
  const mapped = await mapSales(engine, mapping);
  if (mapped.issues.some((i) => i.level === 'error')) return { issues: mapped.issues, series: mapped.series };
  o.onProgress?.({ message: `sales: ${mapped.series} series, ${mapped.rows} rows` });
  const res = await backtestSales(engine, { ...o, covariates });
  return { ...res, issues: [...mapped.issues, ...res.issues] };
}

/** Options of {@link backtestSales}: the pipeline's options once `sales` exists, covariates with their meta. */
export interface SalesBacktestOptions extends Omit<PipelineOptions, 'id' | 'date' | 'target' | 'knownFuture' | 'pastOnly' | 'completeOnly'> {
  /** Covariates of `sales` with their timing and role (known-future and past-only ones reach the models). */
  covariates: CovariateMeta[];
  /** The feature spec of the global models (default: `defaultFeatureSpec` for the data). */
  spec?: FeatureSpec | null;
  signal?: { cancelled: boolean };
}

/**
 * Backtests the models over the `sales` (and `series`) tables of `engine`: TrainData → feature frames rebuilt
 * at each cutoff for the global models → `runBacktest` over selection + evaluation windows → honest choice
 * of `auto`. The studio's Backtest step and the CLI both run this function.
 */
export async function backtestSales(engine: SqlEngine, o: SalesBacktestOptions): Promise<PipelineResult> {
  const budgetStart = o.budgetStart ?? performance.now();
  const issues: DataIssue[] = [];
  const known = o.covariates.filter((c) => c.timing === 'known_future').map((c) => c.name);
  const past = o.covariates.filter((c) => c.timing === 'past_only').map((c) => c.name);
  const train = await loadTrainData(engine, { freq: o.freq, knownFuture: known, pastOnly: past, statics: o.statics });
  if (!train.series.length) return { issues: [{ level: 'error', code: 'no_series', message: 'No series with a target value remain.' }], series: 0 };
  const longest = Math.max(...train.series.map((s) => s.y.length));
  const zero = o.zeroWhen ? await zeroCode(engine, o.zeroWhen) : undefined;
  const models = zero === undefined ? o.models : o.models.map((m) => withZeroWhen(m, { column: o.zeroWhen!.column, value: zero }));
  // One feature builder per lag strategy the global models ask for (direct: lags ≥ h; recursive: from 1).
  const strategies = [...new Set(o.models.filter((m) => m.scope === 'global').map(strategyOf))];
  const builders = new Map<LagStrategy, Awaited<ReturnType<typeof makeFeaturesAt>>>();
  for (const strategy of strategies) {
    builders.set(strategy, await makeFeaturesAt(engine, {
      freq: o.freq, h: o.h, covariates: o.covariates, seriesIds: train.series.map((s) => s.id), strategy,
      spec: o.spec ?? defaultFeatureSpec({ freq: o.freq, h: o.h, covariates: o.covariates, statics: o.statics, historyLength: longest, strategy }),
      ...(o.zeroWhen ? { exclude: o.zeroWhen } : {}),
      // The compiler's issues are the same for both strategies but the lags: report the first builder's.
      ...(builders.size === 0 ? { onIssues: (list: DataIssue[]) => issues.push(...list) } : {}),
    }));
  }
  const featuresAt = builders.size ? (cutoff: number, strategy: LagStrategy = 'direct') => (builders.get(strategy) ?? [...builders.values()][0])(cutoff) : undefined;
  const windows = o.windows + o.selectionWindows;
  const backtest = await runBacktest({ train, models, h: o.h, windows, step: o.step, fallback: o.fallback, featuresAt, onProgress: o.onProgress, signal: o.signal, timeBudget: o.timeBudget, budgetStart });
  issues.push(...backtest.issues);
  const got = [...new Set(backtest.rows.map((r) => r.window))].sort((a, b) => a - b);
  if (!got.length) return { backtest, issues, series: train.series.length, train };
  const evalWindows = got.slice(-o.windows);
  let selectionWindows = got.filter((w) => !evalWindows.includes(w));
  if (!selectionWindows.length) {
    selectionWindows = evalWindows;
    issues.push({ level: 'warning', code: 'optimistic_selection', message: 'No earlier window was available: auto was chosen on the evaluated windows (optimistic).' });
  }
  const score = selectAndScore(backtest, { selectionWindows, evalWindows, metric: o.metric, allowOverlap: selectionWindows === evalWindows });
  return { score, backtest, issues, series: train.series.length, train };
}

/** The numeric value of `column = value` as TrainData sees it (text columns: their 0-based code). */
async function zeroCode(engine: SqlEngine, rule: { column: string; value: string }): Promise<number> {
  const type = (await tableColumns(engine, 'sales'))[rule.column] ?? '';
  if (!/CHAR|TEXT|STRING/i.test(type) && Number.isFinite(Number(rule.value))) return Number(rule.value);
  const t = await engine.query(`SELECT count(DISTINCT ${ident(rule.column)})::DOUBLE AS n FROM sales WHERE ${ident(rule.column)} < ${literal(rule.value)}`);
  return numbers(t, 'n')[0];
}
