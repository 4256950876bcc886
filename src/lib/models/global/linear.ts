/**
 * Global ridge regression on the feature frame. Closed form by default (fast and exact); `solver: 'gd'`
 * trains the same objective with TF.js gradient descent (loaded lazily) for a loss curve in the UI.
 */
import { fitRidgeClosedForm } from '../linear/fitRidgeClosedForm';
import { predictLinear } from '../linear/predictLinear';
import type { LinearModel } from '../linear/types';
import type { FeatureFrame } from '../protocol';
import { makeGlobalModel } from './makeGlobalModel';
import type { GlobalOptions, GlobalRun } from './types';

/** Options of the global linear model. */
export interface GlobalLinearOptions extends GlobalOptions {
  /** Ridge penalty on standardised weights. */
  l2?: number;
  solver?: 'closed_form' | 'gd';
  /** Epochs of the gradient-descent solver. */
  epochs?: number;
  /** One-hot encode categorical features with at most this many codes (others stay numeric). */
  maxOneHot?: number;
}

/** Linear model + the categorical codes it one-hot encodes. */
export interface GlobalLinearState {
  linear: LinearModel;
  /** Per original column: the codes expanded into indicator columns (empty: used as a number). */
  oneHot: number[][];
}

/** Design columns: numeric columns as they are, small categoricals as indicators. */
function design(frame: FeatureFrame, oneHot: number[][]): Float32Array[] {
  const out: Float32Array[] = [];
  frame.columns.forEach((col, j) => {
    if (!oneHot[j].length) return void out.push(col);
    for (const code of oneHot[j]) out.push(Float32Array.from(col, (v) => (v === code ? 1 : 0)));
  });
  return out;
}

/** Codes of each categorical column to one-hot encode (all but the first, the baseline level). */
function oneHotCodes(frame: FeatureFrame, max: number): number[][] {
  return frame.columns.map((col, j) => {
    if (!frame.categorical[j]) return [];
    const codes = [...new Set(Array.from(col).filter((v) => v === v))].sort((a, b) => a - b);
    return codes.length <= max ? codes.slice(1) : [];
  });
}

async function fitLinear(frame: FeatureFrame, o: GlobalLinearOptions, run: GlobalRun): Promise<GlobalLinearState> {
  const oneHot = oneHotCodes(frame, o.maxOneHot ?? 12);
  const data = { columns: design(frame, oneHot), y: frame.y };
  if (o.solver === 'gd') {
    const { fitRidgeGd } = await import('../linear/fitRidgeGd');
    return { linear: await fitRidgeGd(data, { l2: o.l2, epochs: o.epochs, seed: run.seed }, { signal: run.signal }), oneHot };
  }
  return { linear: fitRidgeClosedForm(data, { l2: o.l2 }), oneHot };
}

/** `linear`: ridge regression across all series (one-hot calendar codes, scaled target). */
export const linear = makeGlobalModel<GlobalLinearOptions, GlobalLinearState>({
  name: 'linear',
  label: 'Ridge regression (global)',
  kind: 'linear',
  description: 'One ridge regression across all series on the feature frame; closed form, intervals from held-out residuals.',
  defaults: { l2: 1e-3, solver: 'closed_form', epochs: 30, maxOneHot: 12, intervals: 'conformal' },
  fitMatrix: fitLinear,
  predictMatrix: (m, frame) => predictLinear(m.linear, design(frame, m.oneHot)),
});
