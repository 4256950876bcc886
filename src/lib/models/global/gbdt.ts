/** Global gradient-boosted trees on the feature frame, with quantile GBDTs for the intervals. */
import { fitGbdtAsync, predictTrees, type GbdtOptions, type TreeEnsemble } from '../trees';
import { makeGlobalModel } from './makeGlobalModel';
import type { GlobalOptions } from './types';

/** Options of the global GBDT: the tree settings plus the quantile fits' budget. */
export interface GlobalGbdtOptions extends Omit<GbdtOptions, 'categorical' | 'alpha'>, GlobalOptions {
  /** Boosting rounds of each quantile model (cheaper than the point model). */
  quantileRounds?: number;
  /** At most this many training rows for each quantile model (evenly spaced sample). */
  quantileMaxRows?: number;
}

/** Every `k`-th row so that at most `max` remain (deterministic). */
export function thinRows<T extends { columns: Float32Array[]; y: Float32Array }>(frame: T, max: number): T {
  const n = frame.y.length;
  if (n <= max) return frame;
  const step = n / max;
  const idx = Int32Array.from({ length: max }, (_, i) => Math.floor(i * step));
  return { ...frame, columns: frame.columns.map((c) => Float32Array.from(idx, (r) => c[r])), y: Float32Array.from(idx, (r) => frame.y[r]) };
}

/** Rounds chosen by early stopping in the calibration fit, per options object (see `fitMatrix`). */
const bestRounds = new WeakMap<object, number>();

const GBDT_DEFAULTS: GlobalGbdtOptions = {
  objective: 'l2',
  numRounds: 250,
  learningRate: 0.05,
  numLeaves: 63,
  minDataInLeaf: 40,
  lambda: 1,
  subsample: 0.8,
  colsample: 0.8,
  maxBins: 255,
  quantileRounds: 120,
  quantileMaxRows: 30_000,
  intervals: 'native',
  earlyStoppingRounds: 30,
  // 'offset' meets the generator's price/promotion response goals (tests/unit/accuracy/promoResponse)
  // but costs the studio sample's WAPE and coverage (0.169 and 74.4 % against 78.6 %): off until fixed.
  priceResponse: 'model',
};

/** A global GBDT ModelSpec under `name` with `defaults` (the two strategies share everything else). */
function gbdtModel(name: string, label: string, description: string, defaults: GlobalGbdtOptions) {
  return makeGlobalModel<GlobalGbdtOptions, TreeEnsemble>({
    name,
    label,
    kind: 'tree',
    description,
    defaults,
    async fitMatrix(frame, o, run) {
      const opts = { ...gbdtOptions(o), categorical: frame.categorical, seed: run.seed ?? o.seed };
      const stop = o.earlyStoppingRounds ?? 0;
      if (run.valid && stop > 0) {
        // Calibration fit on the earlier rows, validated on the held-out last horizon: its best round count
        // is remembered for the final fit on all rows (same options object), which has no validation set.
        const m = await fitGbdtAsync(frame, opts, { signal: run.signal, valid: run.valid });
        bestRounds.set(o, Math.max(20, Math.ceil((m.bestIteration + 1) * 1.1)));
        return m;
      }
      const rounds = bestRounds.get(o);
      return fitGbdtAsync(frame, rounds ? { ...opts, numRounds: rounds, earlyStoppingRounds: 0 } : { ...opts, earlyStoppingRounds: 0 }, { signal: run.signal });
    },
    fitQuantile: (frame, o, alpha, run) =>
      fitGbdtAsync(thinRows(frame, o.quantileMaxRows ?? 30_000), {
        ...gbdtOptions(o), objective: 'quantile', alpha, numRounds: o.quantileRounds, learningRate: 0.1, categorical: frame.categorical, seed: run.seed ?? o.seed,
      }, { signal: run.signal }),
    predictMatrix: (model, frame) => predictTrees(model, frame.columns),
  });
}

/** `gbdt`: one LightGBM-style model across all series, direct strategy (lags ≥ h), per-series scaled target. */
export const gbdt = gbdtModel(
  'gbdt',
  'Gradient boosting (global)',
  'One boosted-tree model across all series on calendar, promo, holiday and lag features (lags ≥ h).',
  GBDT_DEFAULTS,
);

/**
 * `gbdt_recursive`: the same trees on lags from 1 (weekly: 1–13, 26, 52) and rolling means ending one
 * period back, fed their own forecasts step by step; target log1p(y / s); intervals from the residuals of
 * a recursive forecast of each series' last training horizon (early stopping on the same rows).
 */
export const gbdtRecursive = gbdtModel(
  'gbdt_recursive',
  'Gradient boosting (global, recursive)',
  'One boosted-tree model across all series on short lags (from 1) fed back its own forecasts, with calendar, price, promo and holiday features.',
  // The direct model's tree settings (scikit-learn-like rate 0.1 / 31 leaves / 20 rows a leaf scored worse
  // on the selection windows of weekly price-driven data); conformal bands instead of quantile fits.
  { ...GBDT_DEFAULTS, intervals: 'conformal', targetTransform: 'log1p', strategy: 'recursive' },
);

/** The GbdtOptions part of the global options. */
function gbdtOptions(o: GlobalGbdtOptions): GbdtOptions {
  const { quantileRounds: _q, quantileMaxRows: _m, scaleTarget: _s, levels: _l, intervals: _i, priceResponse: _p, targetTransform: _t, strategy: _g, ...rest } = o;
  void _q, void _m, void _s, void _l, void _i, void _p, void _t, void _g;
  return rest;
}
