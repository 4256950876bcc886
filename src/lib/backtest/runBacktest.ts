import { dayToIso, type DataIssue } from '../data/contract';
import { seasonalScale } from '../metrics';
import type { FeatureFrame, FitContext, PredictRequest, SeriesForecast, TrainData } from '../models/protocol';
import { strategyOf, type LagStrategy } from '../models/global/strategy';
import { fallbackForecasts, fitModel, predictModel, type AnyModel, type ModelState } from './fitPredict';
import { planBacktest } from './makeCutoffs';
import { splitAt, type Split } from './splitAt';
import { CancelledError, type BacktestModelSummary, type BacktestProgress, type BacktestResult, type BacktestRow } from './types';

/** Options of {@link runBacktest}. */
export interface BacktestOptions {
  train: TrainData;
  models: AnyModel[];
  h: number;
  /** Number of rolling origins (default 3). */
  windows?: number;
  /** Periods between origins (default h). */
  step?: number;
  /**
   * true (default): every model is refitted at every cutoff. false: each model is fitted once at the first
   * cutoff; later windows call `predict(fitted, view)` with the training view extended to their cutoff, so
   * parameters stay frozen while the forecast origin (and any state a model derives from the history it is
   * given at predict time) moves forward.
   */
  refit?: boolean;
  /** Interval levels in percent (default [80, 95]). */
  levels?: number[];
  onProgress?: (p: BacktestProgress) => void;
  signal?: { cancelled: boolean };
  /** Used for series a model fails on (normally seasonal naive). Without it those series are dropped. */
  fallback?: AnyModel;
  /**
   * Required when `train.features` is set: the feature frame rebuilt as of `cutoff` (no peeking), for the
   * lag strategy of the model that reads it (`strategyOf`: recursive models get lags from 1).
   */
  featuresAt?: (cutoff: number, strategy?: LagStrategy) => Promise<FeatureFrame>;
  /** Training points a series needs at a cutoff to take part (default: the fallback's minLength, else 1). */
  minLength?: number;
  seed?: number;
  /**
   * Seconds the whole backtest may take (default: no limit). Each window gets a share (budget / windows, or
   * more if earlier windows left time): in the first window a model reached after that share is spent is not
   * run; after it, the slowest models are dropped until one window's time fits the share. Dropped models are reported in
   * an `time_budget` issue and leave no rows. The fallback model and `snaive` are never dropped.
   *
   * The budget is a deadline, not a hope: a model still running when the first window's share is spent, or
   * one that takes over max(3×, + a tenth of the share) its first window's time in a later window, is
   * stopped at its next cancellation check (a boosting round, an epoch, a series) and dropped.
   */
  timeBudget?: number;
  /** When the budget's clock started (`performance.now()`; default: when this call starts), e.g. before loading. */
  budgetStart?: number;
}

const issue = (level: DataIssue['level'], code: string, message: string, extra: Partial<DataIssue> = {}): DataIssue => ({ level, code, message, ...extra });

function alignRows(model: string, scored: Map<string, number>, split: Split, forecasts: Map<string, SeriesForecast>, season: number): BacktestRow[] {
  const stepOf = new Map(Array.from(split.days, (d, j) => [d, j + 1]));
  const rows: BacktestRow[] = [];
  for (const s of split.train.series) {
    const f = forecasts.get(s.id);
    const act = split.actuals[s.id];
    const window = scored.get(s.id);
    if (!f || !act || act.ds.length === 0 || window === undefined) continue;
    const at = new Map(Array.from(f.ds, (d, i) => [d, i]));
    const keep = Array.from(act.ds, (d, i) => i).filter((i) => stepOf.has(act.ds[i]));
    const pos = keep.map((i) => at.get(act.ds[i]) ?? stepOf.get(act.ds[i])! - 1);
    const pick = (a: Float64Array) => Float64Array.from(pos, (p) => a[p] ?? NaN);
    const side = (r: Record<number, Float64Array>) => Object.fromEntries(Object.entries(r).map(([l, a]) => [l, pick(a)]));
    rows.push({
      model, id: s.id, cutoff: split.cutoff, window,
      ds: Int32Array.from(keep, (i) => act.ds[i]),
      step: Int32Array.from(keep, (i) => stepOf.get(act.ds[i])!),
      actual: Float64Array.from(keep, (i) => act.y[i]),
      mean: pick(f.mean), lo: side(f.lo), hi: side(f.hi),
      ...(f.fallback ? { fallback: f.fallback } : {}),
      scale: seasonalScale(s.y, season),
    });
  }
  return rows;
}

/**
 * Rolling-origin cross-validation of `models` on `train`. Problems in the data come back as `issues`
 * (an `error` issue and no rows when h and windows leave no training data); failures of a model on some
 * series fall back to `fallback` for those series and are counted. Throws {@link CancelledError} when
 * `signal.cancelled` is set.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { train, models, h, refit = true, levels = [80, 95], signal, fallback } = options;
  const windows = options.windows ?? 3;
  const step = options.step ?? h;
  if (train.features && !options.featuresAt) throw new Error('runBacktest: train.features is set, so options.featuresAt(cutoff) is required');
  const season = train.season;
  const minLength = Math.max(1, options.minLength ?? fallback?.minLength(season, h) ?? 1);
  const plan = planBacktest(train, { h, windows, step, minLength });
  const summaries: BacktestModelSummary[] = models.map((m) => ({ model: m.name, fit_seconds: 0, predict_seconds: 0, failed_series: 0, failures: {} }));
  const result: BacktestResult = { rows: [], cutoffs: plan.cutoffs, h, levels, season, models: summaries, issues: [...plan.issues] };
  if (!plan.cutoffs.length) return result;
  // Models see the user's cancel and the budget's deadline as one signal; the fallback only the user's.
  let deadline = Infinity;
  const modelSignal = { get cancelled() { return Boolean(signal?.cancelled) || performance.now() > deadline; } };
  const ctx: FitContext = { signal: modelSignal, seed: options.seed, h };
  const fallbackCtx: FitContext = { signal, seed: options.seed, h };
  const cancel = () => { if (signal?.cancelled) throw new CancelledError(); };
  const states = new Map<string, ModelState>();
  const excluded = new Map<string, string>();
  let zeroWindows = 0;
  const started = options.budgetStart ?? performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const budget = options.timeBudget && options.timeBudget > 0 ? options.timeBudget : Infinity;
  /** Each window's share of the budget (seconds). */
  const share = budget / plan.cutoffs.length;
  const dropped = new Map<string, string>();
  const keep = (m: AnyModel) => m.name === 'snaive' || m.name === fallback?.name;
  const firstWindow = new Map<string, number>();
  for (const [w, { cutoff, scored }] of plan.plan.entries()) {
    cancel();
    if (w === 1 && Number.isFinite(budget)) {
      // Each later window gets the larger of its share (budget / cutoffs) and what is left divided evenly;
      // the slowest models are dropped until one window's time fits.
      const left = plan.cutoffs.length - 1;
      const perWindow = Math.max(share, (budget - elapsed()) / left);
      let projected = [...firstWindow.values()].reduce((a, b) => a + b, 0);
      for (const [name, t] of [...firstWindow].sort((a, b) => b[1] - a[1])) {
        if (projected <= perWindow) break;
        const m = models.find((x) => x.name === name)!;
        if (keep(m) || dropped.has(name)) continue;
        dropped.set(name, `${t.toFixed(1)} s per window, ${(t * left).toFixed(0)} s more for ${left} windows`);
        projected -= t;
      }
    }
    const full = splitAt(train, cutoff, { h, minLength });
    // Local models only need the series scored from this cutoff; global ones learn from every series' past.
    const localSplit: Split = scored.size === full.train.series.length ? full : { ...full, train: { ...full.train, series: full.train.series.filter((s) => scored.has(s.id)) } };
    const split = full;
    split.excluded.forEach((e) => scored.has(e.id) && excluded.set(`${e.id}|${e.reason}`, e.id));
    // One frame per lag strategy and cutoff, built when the first model that reads it is reached.
    const frames = new Map<LagStrategy, Promise<FeatureFrame>>();
    const frameFor = (m: AnyModel) => {
      const st = strategyOf(m);
      if (!frames.has(st)) frames.set(st, options.featuresAt!(cutoff, st));
      return frames.get(st)!;
    };
    zeroWindows += Object.entries(split.actuals).filter(([id, a]) => scored.has(id) && a.y.length > 0 && a.y.every((v) => v === 0)).length;
    const req: PredictRequest = { h, levels, ...(Object.keys(split.future).length ? { future: split.future } : {}) };
    for (const [k, model] of models.entries()) {
      cancel();
      if (dropped.has(model.name)) continue;
      // The first window may use its share of the budget (budget / cutoffs); models reached after that are
      // not run at all, so a slow model late in the list cannot eat the time of every later window.
      if (w === 0 && elapsed() > share && !keep(model)) {
        dropped.set(model.name, `not run: the first window's share of the budget (${(share).toFixed(0)} s) was spent before it started`);
        continue;
      }
      const tModel = performance.now();
      // Past this instant the model is stopped: in the first window, the end of that window's share (it was
      // started within it); after it, three times its first window's time, or that time plus a tenth of a
      // window's share if more (the projection that kept it assumed about its first time, so a model running
      // away from it cannot overrun the budget by much, and load noise on a quick model stops nothing).
      const first = firstWindow.get(model.name);
      deadline = keep(model) || !Number.isFinite(budget) ? Infinity : w === 0 || first === undefined ? started + 1000 * share : tModel + 1000 * Math.max(3 * first, first + 0.1 * share);
      const sum = summaries[k];
      const need = model.minLength(season, h);
      const own = model.scope === 'local' ? localSplit.train : options.featuresAt ? { ...split.train, features: await frameFor(model) } : split.train;
      const tooShort = new Map(own.series.filter((s) => s.y.length < need).map((s) => [s.id, `too short for ${model.name}: ${s.y.length} < ${need} periods`]));
      const view = { ...own, series: own.series.filter((s) => !tooShort.has(s.id)) };
      let state = states.get(model.name);
      let out: Awaited<ReturnType<typeof predictModel>>;
      try {
        if (refit || !state) {
          const t0 = performance.now();
          state = view.series.length ? await fitModel(model, view, ctx) : { error: 'no series long enough' };
          sum.fit_seconds += (performance.now() - t0) / 1000;
          states.set(model.name, state);
        }
        cancel();
        const t1 = performance.now();
        out = view.series.length ? await predictModel(model, state, view, req, ctx) : { forecasts: new Map<string, SeriesForecast>(), failed: new Map<string, string>() };
        sum.predict_seconds += (performance.now() - t1) / 1000;
        // A model that stops itself at the deadline (a partial fit) is as late as one that throws.
        if (performance.now() > deadline) throw new CancelledError();
      } catch (e) {
        if (signal?.cancelled || !(e instanceof CancelledError || (e instanceof Error && e.name === 'CancelledError')) || performance.now() <= deadline) throw e;
        const t = (performance.now() - tModel) / 1000;
        dropped.set(model.name, w === 0
          ? `stopped after ${t.toFixed(0)} s: still running when the first window's share of the budget (${(share).toFixed(0)} s) was spent`
          : `stopped after ${t.toFixed(0)} s in window ${w + 1}, far over its first window's ${firstWindow.get(model.name)!.toFixed(0)} s`);
        states.delete(model.name);
        continue;
      } finally {
        deadline = Infinity;
      }
      const reasons = new Map([...tooShort, ...out.failed]);
      for (const [id, why] of reasons) if (scored.has(id)) sum.failures[id] ??= why;
      // A local model that fell back inside its own predict still counts as failed on that series.
      for (const [id, f] of out.forecasts) if (f.fallback && scored.has(id)) sum.failures[id] ??= f.fallback;
      for (const id of reasons.keys()) if (!scored.has(id)) reasons.delete(id);
      if (reasons.size && fallback) {
        try {
          for (const [id, f] of await fallbackForecasts(fallback, split.train, reasons, req, fallbackCtx)) out.forecasts.set(id, f);
        } catch (e) {
          if (signal?.cancelled) throw new CancelledError();
          result.issues.push(issue('warning', 'fallback_failed', `The fallback ${fallback.name} failed for ${model.name} at ${dayToIso(cutoff)}: ${e instanceof Error ? e.message : e}`, { count: reasons.size }));
        }
      }
      result.rows.push(...alignRows(model.name, scored, split, out.forecasts, season));
      if (w === 0) firstWindow.set(model.name, (performance.now() - tModel) / 1000);
      options.onProgress?.({ fraction: (w * models.length + k + 1) / (plan.cutoffs.length * models.length), model: model.name, window: w, message: `${model.name}: cutoff ${w + 1} of ${plan.cutoffs.length}` });
    }
  }
  summaries.forEach((s) => (s.failed_series = Object.keys(s.failures).length));
  if (dropped.size) {
    result.rows = result.rows.filter((r) => !dropped.has(r.model));
    result.models = summaries.filter((s) => !dropped.has(s.model));
    result.issues.push(issue('warning', 'time_budget', `The time budget of ${budget} s left out ${[...dropped].map(([m, why]) => `${m} (${why})`).join(', ')}.`, { count: dropped.size, hint: 'Raise --time-budget or choose fewer models.' }));
  }
  const tooShortIds = [...excluded].filter(([k]) => k.endsWith('|too_short')).map(([, id]) => id);
  if (tooShortIds.length) result.issues.push(issue('warning', 'series_too_short', `${tooShortIds.length} series have fewer than ${minLength} periods at some cutoff and are left out of those windows.`, { count: tooShortIds.length, where: tooShortIds.slice(0, 10).join(', ') }));
  if (zeroWindows) result.issues.push(issue('info', 'all_zero_actuals', `${zeroWindows} series-windows have only zero actuals: WAPE and MAPE are undefined there and leave them out.`, { count: zeroWindows }));
  return result;
}
