/** Global sequence models (LSTM, GRU, TiDE, transformer) trained on windows sampled from all series. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../data/random';
import type { TrainData } from '../protocol';
import type { NeuralModel } from './artifacts';
import { buildSeqNet, type SeqKind } from './seqNetworks';
import { channels, fillWindow, fitScalers, windowBuffers, WindowSampler, type SeqLayout, type WindowBuffers } from './seqWindows';
import { trainLoop, type Batch } from './trainLoop';
import { checkQuantiles, NEURAL_DEFAULTS, withDefaults, type NeuralOptions, type NeuralRun } from './types';

/** Sequence model options; defaults in `SEQ_DEFAULTS`. */
export interface SeqOptions extends NeuralOptions {
  /** Look-back L; 0 = automatic (56 for daily data, else 4 · season). */
  inputLength?: number;
  /** Direct multi-horizon output length; `predictSeq` may ask for any h up to it. */
  horizon?: number;
  /** Covariates read over the input window only. */
  pastCovariates?: string[];
  /** Known-future covariates: read over the input window and over the horizon (`future` at predict). */
  futureCovariates?: string[];
  /** Static attributes (`series.statics`) fed to the head. */
  statics?: string[];
  /** Recurrent units, model width (transformer) or residual-block width (TiDE). */
  hidden?: number;
  /** Recurrent layers, attention blocks or TiDE encoder blocks (1 or 2 recommended). */
  layers?: number;
  /** Attention heads (transformer; must divide `hidden`). */
  heads?: number;
  /** Windows sampled per epoch, so training on 1M rows stays bounded. */
  windowsPerEpoch?: number;
}

/** Defaults of `fitSeq`. */
export const SEQ_DEFAULTS: Required<SeqOptions> = {
  ...NEURAL_DEFAULTS,
  batchSize: 64,
  inputLength: 0,
  horizon: 14,
  pastCovariates: [],
  futureCovariates: [],
  statics: [],
  hidden: 32,
  layers: 1,
  heads: 4,
  windowsPerEpoch: 4096,
};

/** The sequence model's JSON side object. */
export interface SeqMeta {
  kind: SeqKind;
  layout: SeqLayout;
  quantiles: number[];
  /** Throughput (windows/s) of the last full epoch. */
  samplesPerSec: number;
}

/** A fitted sequence model; `net` maps scaled windows to `[h, 1 + quantiles]`. */
export type SeqModel = NeuralModel<SeqMeta>;

/** Batch tensors from the first `m` windows of the buffers (subarray views, consumed inside tidy). */
export function windowTensors(l: SeqLayout, b: WindowBuffers, m: number): tf.Tensor[] {
  const { inputLength: L, horizon: h } = l;
  const C = channels(l);
  const F = l.futureCovariates.length;
  const S = l.statics.length;
  return [
    tf.tensor3d(b.past.subarray(0, m * L * C), [m, L, C]),
    ...(F ? [tf.tensor3d(b.future.subarray(0, m * h * F), [m, h, F])] : []),
    ...(S ? [tf.tensor2d(b.statics.subarray(0, m * S), [m, S])] : []),
  ];
}

/** Fits one global model of `kind` on windows of every series; validation uses each series' last h points. */
export async function fitSeq(kind: SeqKind, train: TrainData, options: SeqOptions = {}, run: NeuralRun<TrainData> = {}): Promise<SeqModel> {
  const o = withDefaults(SEQ_DEFAULTS, options);
  o.quantiles = checkQuantiles(o.quantiles);
  if (kind === 'transformer' && o.hidden % o.heads) throw new Error(`fitSeq: hidden ${o.hidden} not divisible by heads ${o.heads}`);
  const layout: SeqLayout = {
    inputLength: o.inputLength || (train.freq === 'D' ? 56 : 4 * train.season),
    horizon: o.horizon,
    pastCovariates: o.pastCovariates,
    futureCovariates: o.futureCovariates,
    statics: o.statics,
    scalers: fitScalers(train, [...o.pastCovariates, ...o.futureCovariates], o.statics),
  };
  const sampler = new WindowSampler(train, layout);
  if (!sampler.total) throw new Error(`fitSeq: no series longer than inputLength + horizon = ${layout.inputLength + layout.horizon}`);
  const perEpoch = Math.min(sampler.total, o.windowsPerEpoch);
  const series = new Int32Array(perEpoch);
  const origin = new Int32Array(perEpoch);
  const rng = createRng(o.seed);
  const bs = o.batchSize;
  const bufs = windowBuffers(layout, bs);
  const h = layout.horizon;
  const toBatch = (m: number): Batch => ({
    inputs: windowTensors(layout, bufs, m),
    y: tf.tensor2d(bufs.y.subarray(0, m * h), [m, h]),
    mask: tf.tensor2d(bufs.mask.subarray(0, m * h), [m, h]),
    rows: m,
  });
  const vSeries = (run.valid?.series ?? []).filter((s) => s.y.length > h);
  const net = buildSeqNet(
    kind,
    { L: layout.inputLength, C: channels(layout), h, F: o.futureCovariates.length, S: o.statics.length, K: 1 + o.quantiles.length },
    o,
  );
  const result = await trainLoop({
    net,
    options: o,
    run,
    startEpoch: () => (sampler.sample(series, origin, rng.next), Math.ceil(perEpoch / bs)),
    batch: (b) => {
      const m = Math.min(bs, perEpoch - b * bs);
      for (let i = 0; i < m; i++) fillWindow(layout, train.series[series[b * bs + i]], origin[b * bs + i], bufs, i);
      return toBatch(m);
    },
    validBatches: Math.ceil(vSeries.length / bs),
    validBatch: (b) => {
      const m = Math.min(bs, vSeries.length - b * bs);
      for (let i = 0; i < m; i++) {
        const s = vSeries[b * bs + i];
        fillWindow(layout, s, s.y.length - h, bufs, i);
      }
      return toBatch(m);
    },
  });
  return { net, meta: { kind, layout, quantiles: o.quantiles, samplesPerSec: result.samplesPerSec } };
}
