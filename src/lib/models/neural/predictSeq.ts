/** Forecasts of a fitted sequence model from the end of every series' history. */
import * as tf from '@tensorflow/tfjs';
import type { FutureCovariates, TrainData } from '../protocol';
import { windowTensors, type SeqModel } from './fitSeq';
import { sortQuantileRows } from './quantileLoss';
import { fillWindow, windowBuffers } from './seqWindows';
import type { QuantileOutput } from './types';

/** Prediction request: horizon (≤ the trained horizon) and known-future covariates per series id. */
export interface SeqPredictRequest {
  h: number;
  future?: Record<string, FutureCovariates>;
}

/** One series' forecast: point and sorted quantiles, `h` long each. */
export type SeqForecast = QuantileOutput<Float64Array> & { id: string };

const CHUNK = 256;

/** Forecasts `h` steps after the last observation of every series of `train`, in the same order. */
export async function predictSeq(model: SeqModel, train: TrainData, req: SeqPredictRequest): Promise<SeqForecast[]> {
  const { layout, quantiles } = model.meta;
  const H = layout.horizon;
  if (!(req.h >= 1 && req.h <= H)) throw new Error(`predictSeq: h = ${req.h} outside 1..${H} (the trained horizon)`);
  const K = 1 + quantiles.length;
  const bufs = windowBuffers(layout, Math.min(CHUNK, train.series.length));
  const out: SeqForecast[] = [];
  for (let s0 = 0; s0 < train.series.length; s0 += CHUNK) {
    const chunk = train.series.slice(s0, s0 + CHUNK);
    chunk.forEach((s, i) => {
      const fut = req.future?.[s.id];
      for (const c of layout.futureCovariates)
        if (!fut?.[c] || fut[c].length < req.h) throw new Error(`predictSeq: future covariate ${c} missing or short for series ${s.id}`);
      // Steps beyond the requested h only feed unused outputs: pad them with the last given value.
      const padded = fut && Object.fromEntries(layout.futureCovariates.map((c) => [c, Float64Array.from({ length: H }, (_, k) => fut[c][Math.min(k, fut[c].length - 1)])]));
      fillWindow(layout, s, s.y.length, bufs, i, padded);
    });
    const pred = tf.tidy(() => model.net.predict(windowTensors(layout, bufs, chunk.length)) as tf.Tensor);
    const vals = (await pred.data()) as Float32Array;
    pred.dispose();
    sortQuantileRows(vals, K);
    chunk.forEach((s, i) => {
      const scale = bufs.scale[i];
      const col = (c: number) => Float64Array.from({ length: req.h }, (_, k) => scale * vals[(i * H + k) * K + c]);
      out.push({ id: s.id, mean: col(0), quantiles: Object.fromEntries(quantiles.map((q, j) => [q, col(1 + j)])) });
    });
  }
  return out;
}
