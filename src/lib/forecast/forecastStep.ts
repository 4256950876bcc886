/**
 * The studio's Forecast step as one engine-agnostic function (the train worker is its thin adapter): every
 * series is forecast by each chosen model — per-series, global or `auto` — through {@link forecastSales},
 * the function `npm run forecast` runs; the sets go into the `forecasts` table under the baseline plan, and
 * the project's selection (a series, or a level's / the total's sum) comes back for the chart.
 */
import type { CovariateMeta, Freq } from '../data/contract';
import { selectionWhere, type Selection } from '../data/selection';
import type { FeatureSpec } from '../features';
import { DEFAULT_CANDIDATES } from '../models/defaultCandidates';
import { getModel, modelsFor } from '../models';
import { loadTrainData } from '../pipeline/loadTrainData';
import { strings, type SqlEngine } from '../pipeline/sqlEngine';
import { aggregateForecast } from './aggregateForecast';
import { AUTO_LABEL } from './autoLabel';
import { calibratedForecast } from './calibratedForecast';
import { candidateRows } from './calibratedCoverage';
import { forecastSales } from './forecastSales';
import { writeForecasts } from './forecastsTable';
import { createBaselinePlan } from './plan';
import { parseQuantiles } from './quantiles';

/** A Forecast-step run (see the module comment). */
export interface ForecastRequest {
  /** The series, or the level's or the total's sum, to chart. */
  selection: Selection;
  freq: Freq;
  season: number;
  h: number;
  /** Registered model names, or `auto` (chosen by backtest among {@link DEFAULT_CANDIDATES}, as the CLI does). */
  models: string[];
  /** Quantile levels as the user wrote them (`0.05,0.1,…`; each strictly inside (0, 1)). */
  quantiles: string;
  /** The mapping's covariates: the known-future ones make the baseline plan's columns and reach the models. */
  covariates: CovariateMeta[];
  /** Attributes of the `series` table given to the global models as statics. */
  statics?: string[];
  /** The Features step's spec for the global models (null: the default spec). */
  spec?: FeatureSpec | null;
  /** Rolling origins whose residuals calibrate the quantiles (default 3). */
  windows?: number;
}

/** One model's forecast of the charted selection in the forecast contract. */
export interface QuantileForecast {
  model: string;
  label: string;
  ds: Int32Array;
  mean: Float64Array;
  /** Ascending levels (`label` as the user wrote it); `q[k]` is the forecast at `levels[k]`. */
  levels: { p: number; label: string }[];
  q: Float64Array[];
  fallback?: string;
  /** Seconds of the backtest that calibrated it, the fit and the forecast of every series. */
  seconds: number;
  /** What `auto` chose (a model or an ensemble); absent for a named model. */
  chosen?: string;
  /** Backtest coverage of the calibrated 80 % band on the last window (calibrated on the earlier ones). */
  coverage80?: number;
}

/** What a Forecast-step run made. */
export interface ForecastRunResult {
  forecasts: QuantileForecast[];
  errors: { model: string; message: string }[];
  /** Rows written to the `forecasts` table (series × horizon per model). */
  rows: number;
  /** Series forecast per model. */
  series: number;
  /** The baseline plan the forecasts were made under. */
  plan: { table: string; rows: number; fromFile: number };
  cancelled: boolean;
}

/** Progress of a run: the share done and what runs. */
export type ForecastStepProgress = { fraction: number; message?: string };


/** Runs the Forecast step over the `sales` table of `engine` (see the module comment). */
export async function forecastStep(engine: SqlEngine, req: ForecastRequest, run: { signal?: { cancelled: boolean }; onProgress?: (p: ForecastStepProgress) => void } = {}): Promise<ForecastRunResult> {
  const signal = run.signal ?? { cancelled: false };
  const parsed = parseQuantiles(req.quantiles);
  if ('error' in parsed) throw new Error(`Quantiles: ${parsed.error}.`);
  const levels = parsed.levels;
  const windows = req.windows ?? 3;
  const plan = await createBaselinePlan(engine, { freq: req.freq, h: req.h, covariates: req.covariates });
  const all = await loadTrainData(engine, { freq: req.freq, season: req.season });
  const one = req.selection.kind === 'series' ? null : await loadTrainData(engine, { freq: req.freq, season: req.season, selection: req.selection });
  const shown = one ? one.series[0] : all.series.find((s) => req.selection.kind === 'series' && s.id === req.selection.id);
  const members = one ? strings(await engine.query(`SELECT DISTINCT unique_id FROM sales WHERE ${selectionWhere(req.selection)}`), 'unique_id') : [];
  // A new run replaces the baseline forecasts of the last one (other plans' forecasts stay).
  await engine.exec(`DELETE FROM forecasts WHERE plan = 'baseline'`).catch(() => undefined);
  const forecasts: QuantileForecast[] = [];
  const errors: { model: string; message: string }[] = [];
  let rows = 0;
  const n = req.models.length;
  for (let i = 0; i < n && !signal.cancelled; i++) {
    const name = req.models[i];
    const auto = name === 'auto';
    const t0 = performance.now();
    try {
      const spec = auto ? null : getModel(name);
      const label = spec?.label ?? AUTO_LABEL;
      const len = shown?.y.length ?? 0;
      const need = spec ? spec.minLength(req.season, req.h) : 0;
      if (spec && len < need) {
        const fits = modelsFor(len, req.season, req.h).filter((m) => m.scope === 'local').map((m) => m.label);
        errors.push({ model: name, message: `${spec.label} needs at least ${need} periods; this series has ${len}.${fits.length ? ` Try ${fits.slice(0, 3).join(', ')}.` : ' Load more history.'}` });
        continue;
      }
      const local = spec?.scope === 'local';
      const part = one && local ? 0.7 : 1;
      const progress = (share: number, at: number, what: string) => (p: { fraction?: number; message?: string }) =>
        run.onProgress?.({ fraction: (i + at + share * (p.fraction ?? 0)) / n, message: `${label}: ${what}${p.message ? ` (${p.message})` : ''}` });
      run.onProgress?.({ fraction: i / n, message: `${label}: backtesting every series to calibrate the quantiles…` });
      const r = await forecastSales(engine, {
        freq: req.freq, h: req.h, model: name, candidates: [...DEFAULT_CANDIDATES], levels, windows, covariates: req.covariates, statics: req.statics,
        spec: req.spec ?? null, baselinePlan: plan.table, signal, onProgress: progress(part, 0, 'every series'),
      });
      if (signal.cancelled) break;
      if (!r.set || !r.backtest || !r.score) {
        const e = r.issues.find((x) => x.level === 'error');
        errors.push({ model: name, message: e ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : `no backtest window fits: the series are too short for a ${req.h}-period horizon with ${windows} rolling origins; shorten the horizon` });
        continue;
      }
      rows += await writeForecasts(engine, r.set);
      let f;
      if (!one) f = r.set.series.find((x) => x.id === shown!.id) ?? r.set.series[0];
      else if (local) {
        // A per-series model forecasts the summed series itself (as it would any series).
        const common = { freq: req.freq, h: req.h, model: spec!, levels, windows, fallback: getModel('snaive'), plan: plan.table, covariates: req.covariates, signal };
        f = (await calibratedForecast(engine, one, { ...common, onProgress: progress(1 - part, part, one.series[0].id) })).set.series[0];
      } else f = aggregateForecast(r.set, candidateRows(r.backtest, r.score, r.chosen!), { ids: members, history: one.series[0], season: req.season, h: req.h });
      if (f) forecasts.push({
        model: name, label: auto ? `${AUTO_LABEL}: ${r.chosen}` : label, ds: f.ds, mean: f.mean, levels: r.set.levels, q: f.q,
        ...(f.fallback ? { fallback: f.fallback } : {}), seconds: (performance.now() - t0) / 1000,
        ...(auto ? { chosen: r.chosen } : {}), ...(r.coverage && Number.isFinite(r.coverage.share) ? { coverage80: r.coverage.share } : {}),
      });
    } catch (e) {
      if ((e as Error).name === 'CancelledError' || signal.cancelled) break;
      errors.push({ model: name, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { forecasts, errors, rows, series: all.series.length, plan, cancelled: signal.cancelled };
}
