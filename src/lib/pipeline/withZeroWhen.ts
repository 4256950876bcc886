/**
 * Wraps a model so its forecast (and interval) is 0 wherever a known-future covariate has a given value,
 * e.g. closed stores (`open = 0`). The value comes from `PredictRequest.future`, so it is known in advance.
 */
import type { ModelSpec, PredictRequest, SeriesForecast } from '../models/protocol';

/** Options of {@link withZeroWhen}. */
export interface ZeroWhenOptions {
  /** Known-future covariate read from `req.future[id][column]`. */
  column: string;
  /** Numeric value that means "zero demand" (text covariates arrive as codes: pass the code). */
  value: number;
}

/** Forecasts of `out` with every step where `req.future[id][column] === value` set to 0. */
export function applyZeroWhen(out: SeriesForecast[], req: PredictRequest, options: ZeroWhenOptions): SeriesForecast[] {
  return out.map((f) => {
    const flag = req.future?.[f.id]?.[options.column];
    if (!flag) return f;
    const zero = (a: Float64Array) => Float64Array.from(a, (v, i) => (flag[i] === options.value ? 0 : v));
    const side = (r: Record<number, Float64Array>) => Object.fromEntries(Object.entries(r).map(([l, a]) => [l, zero(a)]));
    return { ...f, mean: zero(f.mean), lo: side(f.lo), hi: side(f.hi) };
  });
}

/** The same model (same name) whose forecasts are zeroed where `column` equals `value`. */
export function withZeroWhen<O>(model: ModelSpec<O>, options: ZeroWhenOptions): ModelSpec<O> {
  return {
    ...model,
    fit: (train, o, ctx) => model.fit(train, o, ctx),
    predict: async (fitted, train, req) => applyZeroWhen(await model.predict(fitted, train, req), req, options),
  };
}
