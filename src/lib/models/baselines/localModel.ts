/**
 * Builds a per-series (`scope: 'local'`) ModelSpec from two small functions, and handles everything
 * around them once: option defaults, the minimum-length check, per-series failure capture with a
 * seasonal-naive fallback, cancellation, progress, future dates and normal intervals.
 */
import { addPeriods } from '../../data/contract';
import type { FitContext, Fitted, ModelKind, ModelSpec, PredictRequest, SeriesForecast, SeriesHistory, TrainData } from '../protocol';
import { fallbackForecast, type StepForecast } from './fallback';
import { normalBounds } from './intervals';
import { forecastProblem } from './sanity';

/** What a local model computes; throw from either function to make that series fall back. */
export interface LocalKernel<O, S> {
  /** Fits one series and returns JSON-serialisable state. */
  fitOne(series: SeriesHistory, train: TrainData, options: O): S | Promise<S>;
  /** Forecasts `req.h` steps for one series: mean and sd per step. */
  forecastOne(state: S, series: SeriesHistory, train: TrainData, options: O, req: PredictRequest): StepForecast | Promise<StepForecast>;
}

/** Descriptive fields of a local model. */
export interface LocalMeta<O> {
  name: string;
  label: string;
  kind: ModelKind;
  description: string;
  defaults: O;
  minLength(season: number, h: number): number;
  /** Suggested alternatives when a series is too short. */
  suggest?: string;
}

/** Fitted state of every local model. */
export interface LocalState<O, S> {
  options: O;
  series: Record<string, S>;
}

/** Error thrown when `ctx.signal.cancelled` is seen; comlink keeps its `name`. */
export function cancelledError(): Error {
  const e = new Error('cancelled');
  e.name = 'CancelledError';
  return e;
}

/** Days of the `h` periods after a series' last observation. */
export function futureDays(series: SeriesHistory, h: number, train: TrainData): Int32Array {
  const last = series.ds[series.ds.length - 1];
  return Int32Array.from({ length: h }, (_, i) => addPeriods(last, i + 1, train.freq));
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Lets a worker process messages (e.g. a cancel) now and then during a long synchronous loop. */
function yielder(): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < 50) return;
    await new Promise((r) => setTimeout(r, 0));
    last = Date.now();
  };
}

/** Makes a ModelSpec out of a LocalKernel. */
export function localModel<O extends object, S>(meta: LocalMeta<O>, kernel: LocalKernel<O, S>): ModelSpec<O> {
  return {
    ...meta,
    scope: 'local',
    async fit(train: TrainData, options: Partial<O> = {}, ctx: FitContext = {}): Promise<Fitted> {
      const o = { ...meta.defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as O;
      const need = meta.minLength(train.season, 1);
      const state: LocalState<O, S> = { options: o, series: {} };
      const failed: Record<string, string> = {};
      const pause = yielder();
      for (let i = 0; i < train.series.length; i++) {
        if (ctx.signal?.cancelled) throw cancelledError();
        const s = train.series[i];
        if (s.y.length < need) {
          failed[s.id] = `too little data: ${s.y.length} points, ${meta.label} needs ${need}; try ${meta.suggest ?? 'snaive or naive'}`;
        } else {
          try {
            state.series[s.id] = await kernel.fitOne(s, train, o);
          } catch (e) {
            failed[s.id] = `${meta.label} failed: ${reason(e)}`;
          }
        }
        ctx.onProgress?.({ fraction: (i + 1) / train.series.length, step: i + 1 });
        await pause();
      }
      return { model: meta.name, state, failed };
    },
    async predict(fitted: Fitted, train: TrainData, req: PredictRequest): Promise<SeriesForecast[]> {
      const st = fitted.state as LocalState<O, S>;
      const out: SeriesForecast[] = [];
      for (const s of train.series) {
        let f: StepForecast | undefined;
        let why = fitted.failed?.[s.id] ?? (st.series[s.id] === undefined ? 'series was not fitted' : undefined);
        if (!why) {
          try {
            f = await kernel.forecastOne(st.series[s.id], s, train, st.options, req);
            const problem = forecastProblem(f.mean, s.y, req.h);
            if (problem) why = `${meta.label}: ${problem}`;
          } catch (e) {
            why = `${meta.label} failed: ${reason(e)}`;
          }
        }
        if (why) f = fallbackForecast(s.y, train.season, req.h);
        const nonNegative = s.y.every((v) => !(v < 0));
        out.push({ id: s.id, ds: futureDays(s, req.h, train), mean: f!.mean, ...normalBounds(f!.mean, f!.sd, req.levels, nonNegative), ...(why ? { fallback: why } : {}) });
      }
      return out;
    },
  };
}
