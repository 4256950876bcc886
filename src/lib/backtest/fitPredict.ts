/**
 * Fitting and predicting one model with per-series failure isolation and a fallback model
 * (statsforecast's `fallback_model`): failures are reported per series, never fatal.
 */
import type { FitContext, Fitted, ModelSpec, PredictRequest, SeriesForecast, SeriesHistory, TrainData } from '../models/protocol';
import { forecastProblem } from '../models/baselines/sanity';
import { CancelledError } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = ModelSpec<any>;

/** A fitted model: whole-panel, or per series after the whole fit threw (local models only). */
export interface ModelState {
  whole?: Fitted;
  perSeries?: Map<string, Fitted | string>;
  /** Why the whole-panel fit failed. */
  error?: string;
}

/** Forecasts by series id, and reasons for the series without one. */
export interface PredictOutcome {
  forecasts: Map<string, SeriesForecast>;
  failed: Map<string, string>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)) || 'error';

function checkCancel(ctx?: FitContext, e?: unknown): void {
  if (e instanceof CancelledError || (e instanceof Error && e.name === 'CancelledError') || ctx?.signal?.cancelled) {
    throw e instanceof CancelledError ? e : new CancelledError();
  }
}

/** `train` restricted to `series`. */
export function subset(train: TrainData, series: SeriesHistory[]): TrainData {
  return { ...train, series };
}

function subsetRequest(req: PredictRequest, ids: string[]): PredictRequest {
  if (!req.future) return req;
  return { ...req, future: Object.fromEntries(ids.filter((id) => req.future![id]).map((id) => [id, req.future![id]])) };
}

/** Fits on the whole panel; when that throws, a local model is refitted series by series. */
export async function fitModel(model: AnyModel, train: TrainData, ctx?: FitContext): Promise<ModelState> {
  try {
    return { whole: await model.fit(train, model.defaults, ctx) };
  } catch (e) {
    checkCancel(ctx, e);
    if (model.scope !== 'local' || train.series.length < 2) return { error: message(e) };
    const perSeries = new Map<string, Fitted | string>();
    for (const s of train.series) {
      checkCancel(ctx);
      try {
        perSeries.set(s.id, await model.fit(subset(train, [s]), model.defaults, ctx));
      } catch (e2) {
        checkCancel(ctx, e2);
        perSeries.set(s.id, message(e2));
      }
    }
    return { perSeries, error: message(e) };
  }
}

/** Predicts every series of `train`; series that throw, are missing or are not finite end up in `failed`. */
export async function predictModel(model: AnyModel, state: ModelState, train: TrainData, req: PredictRequest, ctx?: FitContext): Promise<PredictOutcome> {
  const forecasts = new Map<string, SeriesForecast>();
  const failed = new Map<string, string>();
  const ids = new Set(train.series.map((s) => s.id));
  const history = new Map(train.series.map((s) => [s.id, s.y]));
  // Every forecast is checked (length, finite, within 5× the history's range); one that fails falls back.
  const take = (list: SeriesForecast[]) =>
    list.forEach((f) => {
      if (!ids.has(f.id)) return;
      const why = forecastProblem(f.mean, history.get(f.id)!, req.h);
      if (why) failed.set(f.id, why);
      else {
        forecasts.set(f.id, f);
        failed.delete(f.id);
      }
    });
  const one = async (fitted: Fitted, s: SeriesHistory) => {
    try {
      take(await model.predict(fitted, subset(train, [s]), subsetRequest(req, [s.id])));
    } catch (e) {
      checkCancel(ctx, e);
      failed.set(s.id, message(e));
    }
  };
  if (state.whole) {
    try {
      take(await model.predict(state.whole, train, req));
    } catch (e) {
      checkCancel(ctx, e);
      if (model.scope === 'local' && train.series.length > 1) for (const s of train.series) await one(state.whole, s);
      else train.series.forEach((s) => failed.set(s.id, message(e)));
    }
    for (const [id, why] of Object.entries(state.whole.failed ?? {})) {
      forecasts.delete(id);
      if (ids.has(id)) failed.set(id, why);
    }
  } else if (state.perSeries) {
    for (const s of train.series) {
      checkCancel(ctx);
      const f = state.perSeries.get(s.id);
      if (f && typeof f === 'object') await one(f, s);
      else failed.set(s.id, f ?? 'not fitted: series absent when the model was fitted');
    }
  } else {
    train.series.forEach((s) => failed.set(s.id, state.error ?? 'fit failed'));
  }
  for (const id of ids) if (!forecasts.has(id) && !failed.has(id)) failed.set(id, 'no usable forecast returned (missing, wrong length or not finite)');
  return { forecasts, failed };
}

/** Forecasts `ids` with the fallback model, tagging each with its reason; throws if the fallback fails. */
export async function fallbackForecasts(fallback: AnyModel, train: TrainData, reasons: Map<string, string>, req: PredictRequest, ctx?: FitContext): Promise<Map<string, SeriesForecast>> {
  const part = subset(train, train.series.filter((s) => reasons.has(s.id)));
  const out = new Map<string, SeriesForecast>();
  if (!part.series.length) return out;
  const fitted = await fallback.fit(part, fallback.defaults, ctx);
  for (const f of await fallback.predict(fitted, part, subsetRequest(req, [...reasons.keys()]))) {
    if (reasons.has(f.id)) out.set(f.id, { ...f, fallback: reasons.get(f.id) });
  }
  return out;
}
