/**
 * Builds a global (`scope: 'global'`) ModelSpec from a fit and a predict over feature matrices, and handles
 * everything around them once: the direct-strategy leakage check, per-series target scaling, training and
 * future rows, native quantile or conformal intervals, non-negative clipping and cancellation.
 */
import { addPeriods } from '../../data/contract';
import { assertNoLeak, permutationImportance } from '../../features';
import { cancelledError } from '../baselines/localModel';
import type { FeatureFrame, FitContext, Fitted, ModelSpec, PredictRequest, SeriesForecast, TrainData } from '../protocol';
import { frameColumns, frameRows, isTargetColumn, type FrameMeta, type FrameRows } from './frameRows';
import { alphasOf, conformalQuantile, rescaleWidth, residualsByStep } from './intervals';
import { fitPriceOffset, offsetExplains, priceOffsetValues } from './priceOffset';
import { isRecursive, predictRecursive } from './recursive';
import { selectRows, seriesScales } from './targetScale';
import type { GlobalModelDef, GlobalOptions, GlobalRun, GlobalState } from './types';

const GLOBAL_DEFAULTS: Required<Omit<GlobalOptions, 'targetTransform' | 'strategy' | 'maxHistoryDays'>> = { scaleTarget: true, levels: [80, 95], intervals: 'conformal', importance: false, priceResponse: 'model' };

function features(train: TrainData): FeatureFrame & FrameMeta {
  if (!train.features) throw new Error('global model: train.features is missing (build the feature frame first)');
  return train.features;
}

/** Default training history of daily data (3 years; see `GlobalOptions.maxHistoryDays`). */
const DAILY_HISTORY_DAYS = 3 * 365;

/** `rows` without the training rows older than `days` before their series' last day. */
function recentRows(rows: FrameRows, frame: FeatureFrame, train: TrainData, days: number): FrameRows {
  if (!Number.isFinite(days)) return rows;
  const first = Int32Array.from(train.series, (s) => s.ds[s.ds.length - 1] - days);
  return { ...rows, train: rows.train.filter((r) => frame.ds[r] > first[rows.seriesOf[r]]) };
}

/** Step (1-based, in periods) of day `d` after origin `origin`. */
function stepOf(d: number, origin: number, freq: TrainData['freq']): number {
  return freq === 'D' ? d - origin : freq === 'W' ? Math.round((d - origin) / 7) : Math.round((d - origin) / (freq === 'M' ? 30.44 : freq === 'Q' ? 91.31 : 365.25));
}

/** Makes a ModelSpec out of a {@link GlobalModelDef}. */
export function makeGlobalModel<O extends object, M>(def: GlobalModelDef<O, M>): ModelSpec<O & GlobalOptions> {
  return {
    name: def.name,
    label: def.label,
    kind: def.kind,
    scope: 'global',
    description: def.description,
    defaults: def.defaults,
    minLength: def.minLength ?? ((_season, h) => 2 * h),
    async fit(train: TrainData, options: Partial<O & GlobalOptions> = {}, ctx: FitContext = {}): Promise<Fitted> {
      const o = { ...GLOBAL_DEFAULTS, ...def.defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as O & Required<GlobalOptions>;
      const frame = features(train);
      const rows = recentRows(frameRows(frame, train), frame, train, o.maxHistoryDays ?? (train.freq === 'D' ? DAILY_HISTORY_DAYS : Infinity));
      if (!rows.train.length) throw new Error(`${def.name}: no training rows in the feature frame`);
      const horizon = Math.max(1, rows.horizon);
      const cols = frameColumns(frame, train);
      // A frame compiled for the recursive strategy carries y features rebuilt from forecasts at predict time.
      const recursive = isRecursive(cols);
      // A model that forecasts step by step must get lags from 1; on a direct frame it would silently be
      // another model than the one asked for.
      if (o.strategy === 'recursive' && !recursive)
        throw new Error(`${def.name} forecasts recursively: build its feature frame with the recursive strategy (lags from 1), not the direct one.`);
      assertNoLeak(cols, horizon, recursive ? 'recursive' : 'direct');
      let nonNegative = true;
      for (const r of rows.train) if (frame.y[r] < 0) (nonNegative = false);
      // log1p(y / s) where y ≥ 0 (the model fits relative errors; expm1 undoes it), else y / s.
      const log1p = o.targetTransform === 'log1p' && nonNegative;
      const inv = (z: number) => (log1p ? Math.expm1(z) : z);
      const scales = o.scaleTarget ? seriesScales(frame, rows.train, rows.seriesOf, train.series.length) : new Float64Array(train.series.length).fill(1);
      // Own-price response as a log-linear offset (see priceOffset.ts): the target is divided by it.
      // (Not with the recursive strategy: its fed-back forecasts must be in the lags' units, y / s.)
      const offset = o.priceResponse === 'offset' && !recursive ? fitPriceOffset(frame, rows, train) : null;
      const off = offset ? priceOffsetValues(offset, frame, rows, train) : null;
      const hidden = off ? frame.names.flatMap((_, j) => (offsetExplains(frame.meta?.[j]) ? [j] : [])) : [];
      const select = (r: Int32Array) => {
        const f = selectRows(frame, r, { scales, seriesOf: rows.seriesOf, scaled: cols.map((c) => o.scaleTarget && isTargetColumn(c)) });
        if (off) for (let i = 0; i < r.length; i++) f.y[i] /= Math.exp(off[r[i]]);
        for (const j of hidden) f.columns[j] = new Float32Array(f.columns[j].length);
        if (log1p) for (let i = 0; i < r.length; i++) f.y[i] = Math.log1p(Math.max(0, f.y[i]));
        return f;
      };
      const run: GlobalRun = { signal: ctx.signal, onProgress: ctx.onProgress, seed: ctx.seed };
      const check = () => { if (ctx.signal?.cancelled) throw cancelledError(); };
      const state: GlobalState<M> = {
        model: undefined as M, scales: Object.fromEntries(train.series.map((s, i) => [s.id, scales[i]])),
        nonNegative, horizon, names: frame.names, levels: o.levels, scaleTarget: o.scaleTarget,
        ...(log1p ? { targetTransform: 'log1p' as const } : {}), ...(recursive ? { recursive: true } : {}),
        ...(offset ? { priceOffset: offset } : {}),
      };
      const all = select(rows.train);
      if (o.intervals === 'native' && def.fitQuantile) {
        const stop = (o as { earlyStoppingRounds?: number }).earlyStoppingRounds ?? 0;
        if (stop > 0) {
          // Early stopping on a validation window: the last horizon of every series is held out once to
          // choose the number of rounds; the final fit below reuses that count on all rows.
          const origin = Int32Array.from(train.series, (s) => addPeriods(s.ds[s.ds.length - 1], -horizon, train.freq));
          const late = rows.train.filter((r) => frame.ds[r] > origin[rows.seriesOf[r]]);
          const early = rows.train.filter((r) => frame.ds[r] <= origin[rows.seriesOf[r]]);
          if (late.length && early.length) {
            check();
            ctx.onProgress?.({ fraction: 0, message: `${def.name}: early-stopping fit` });
            def.dispose?.(await def.fitMatrix(select(early), o, { ...run, valid: select(late) }));
          }
        }
        state.quantiles = {};
        for (const alpha of o.levels.flatMap(alphasOf)) {
          check();
          ctx.onProgress?.({ fraction: 0, message: `${def.name}: quantile ${alpha}` });
          state.quantiles[alpha] = await def.fitQuantile(all, o, alpha, run);
        }
      } else {
        const origin = Int32Array.from(train.series, (s) => addPeriods(s.ds[s.ds.length - 1], -horizon, train.freq));
        const late = rows.train.filter((r) => frame.ds[r] > origin[rows.seriesOf[r]]);
        const early = rows.train.filter((r) => frame.ds[r] <= origin[rows.seriesOf[r]]);
        if (late.length && early.length) {
          check();
          ctx.onProgress?.({ fraction: 0, message: `${def.name}: calibration fit` });
          const lateFrame = select(late);
          // The held-out last horizon doubles as the validation set: early stopping and the validation loss curve.
          const calib = await def.fitMatrix(select(early), o, { ...run, valid: lateFrame });
          const undo = async (f: typeof lateFrame) => Float64Array.from(await def.predictMatrix(calib, f), inv);
          // A recursive model is calibrated as it forecasts: the held-out horizon's y features are rebuilt
          // from its own forecasts, so the residuals grow with the step as the forecast errors do.
          const pred = recursive
            ? await predictRecursive({ frame, seriesOf: rows.seriesOf, history: early, target: late, origin, freq: train.freq, horizon, cols, scales, selected: lateFrame, predict: undo })
            : await undo(lateFrame);
          def.dispose?.(calib);
          const abs = Float64Array.from(pred, (p, i) => Math.abs(inv(lateFrame.y[i]) - p));
          const steps = Int32Array.from(late, (r) => stepOf(frame.ds[r], origin[rows.seriesOf[r]], train.freq));
          state.residuals = residualsByStep(abs, steps, horizon);
        }
      }
      check();
      ctx.onProgress?.({ fraction: 0.5, message: `${def.name}: fit` });
      state.model = await def.fitMatrix(all, o, run);
      if (o.importance && !ctx.signal?.cancelled) {
        // What drives the forecast: shuffle one feature at a time on the most recent horizon of training rows.
        const origin = Int32Array.from(train.series, (s) => addPeriods(s.ds[s.ds.length - 1], -horizon, train.freq));
        const recent = rows.train.filter((r) => frame.ds[r] > origin[rows.seriesOf[r]]);
        if (recent.length) {
          ctx.onProgress?.({ fraction: 1, message: `${def.name}: feature importance` });
          // Each shuffled prediction first lets a cancel message in; a cancel stops the importance (the fit is kept).
          const predict = async (f: Parameters<typeof def.predictMatrix>[1]) => {
            await new Promise((r) => setTimeout(r, 0));
            check();
            return def.predictMatrix(state.model, f);
          };
          state.importance = await permutationImportance(predict, select(recent), { repeats: 2, seed: ctx.seed ?? 1 }).catch((e: Error) => {
            if (e.name !== 'CancelledError') throw e;
            return undefined;
          });
        }
      }
      ctx.onProgress?.({ fraction: 1 });
      return { model: def.name, state };
    },
    async predict(fitted: Fitted, train: TrainData, req: PredictRequest): Promise<SeriesForecast[]> {
      const st = fitted.state as GlobalState<M>;
      const frame = features(train);
      if (frame.names.join('|') !== st.names.join('|')) throw new Error(`${def.name}: the feature frame's columns differ from the fitted ones`);
      const rows = frameRows(frame, train);
      if (req.h > rows.horizon) throw new Error(`${def.name}: the feature frame covers ${rows.horizon} future periods, ${req.h} were asked`);
      const cols = frameColumns(frame, train);
      const fresh = seriesScales(frame, rows.train, rows.seriesOf, train.series.length);
      const scales = Float64Array.from(train.series, (s, i) => st.scales[s.id] ?? fresh[i]);
      const scaled = cols.map((c) => st.scaleTarget && isTargetColumn(c));
      const fut = selectRows(frame, rows.future, { scales, seriesOf: rows.seriesOf, scaled });
      const inv = (z: number) => (st.targetTransform === 'log1p' ? Math.expm1(z) : z);
      const undo = async (f: FeatureFrame) => Float64Array.from(await def.predictMatrix(st.model, f), inv);
      const origin = Int32Array.from(train.series, (s) => s.ds[s.ds.length - 1]);
      // Recursive: the future rows' y features are filled step by step from the forecasts (in `fut`).
      const mean = st.recursive
        ? await predictRecursive({ frame, seriesOf: rows.seriesOf, history: rows.train, target: rows.future, origin, freq: train.freq, horizon: req.h, cols, scales, selected: fut, predict: undo })
        : await undo(fut);
      const off = st.priceOffset ? priceOffsetValues(st.priceOffset, frame, rows, train) : null;
      const q: Record<string, Float32Array> = {};
      for (const [alpha, m] of Object.entries(st.quantiles ?? {})) q[alpha] = Float32Array.from(await def.predictMatrix(m, fut), inv);
      const out = new Map<number, SeriesForecast>();
      const floor = st.nonNegative ? 0 : -Infinity;
      const days = train.series.map((s) => Int32Array.from({ length: req.h }, (_, j) => addPeriods(s.ds[s.ds.length - 1], j + 1, train.freq)));
      rows.future.forEach((r, i) => {
        const s = rows.seriesOf[r];
        const j = days[s].indexOf(frame.ds[r]);
        if (j < 0) return;
        let f = out.get(s);
        if (!f) {
          const nan = () => new Float64Array(req.h).fill(NaN);
          f = { id: train.series[s].id, ds: days[s], mean: nan(), lo: Object.fromEntries(req.levels.map((l) => [l, nan()])), hi: Object.fromEntries(req.levels.map((l) => [l, nan()])) };
          out.set(s, f);
        }
        const k = scales[s] * (off ? Math.exp(off[r]) : 1);
        const m = Math.max(floor, mean[i] * k);
        f.mean[j] = m;
        for (const level of req.levels) {
          const base = st.levels.includes(level) ? level : st.levels[0];
          let lo: number, hi: number;
          if (st.quantiles) {
            const [a, b] = alphasOf(base);
            lo = Math.min(q[a][i] * k, m);
            hi = Math.max(q[b][i] * k, m);
          } else {
            const w = st.residuals ? conformalQuantile(st.residuals[Math.min(j, st.residuals.length - 1)], base) * k : NaN;
            (lo = m - w), (hi = m + w);
          }
          if (base !== level) {
            const half = (hi - lo) / 2;
            const w = rescaleWidth(half, base, level);
            (lo = m - w), (hi = m + w);
          }
          f.lo[level][j] = Math.max(floor, lo);
          f.hi[level][j] = Math.max(floor, hi);
        }
      });
      return [...out.values()];
    },
  };
}
