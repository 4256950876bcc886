/** Network builders of the sequence models: LSTM/GRU, TiDE (dense encoder–decoder) and a small transformer. */
import * as tf from '@tensorflow/tfjs';
import { DotProductAttention, PositionalEncoding, SeededDropout } from './layers';
import type { NonNegative } from './types';

/** Kinds of sequence model. */
export type SeqKind = 'lstm' | 'gru' | 'tide' | 'transformer';

/** Sizes of the network: input length L × channels C, horizon h, future covariates F, statics S, outputs K per step. */
export interface SeqDims {
  L: number;
  C: number;
  h: number;
  F: number;
  S: number;
  K: number;
}

/** Architecture knobs (see `SeqOptions`). */
export interface SeqNetOptions {
  hidden: number;
  layers: number;
  heads: number;
  dropout: number;
  seed: number;
  nonNegative: NonNegative;
}

type T = tf.SymbolicTensor;

/** Inputs `[past [L, C], future [h, F]?, statics [S]?]` → output `[h, K]` (point, then quantiles). */
export function buildSeqNet(kind: SeqKind, d: SeqDims, o: SeqNetOptions): tf.LayersModel {
  let seed = o.seed * 1000;
  const init = () => tf.initializers.glorotUniform({ seed: ++seed });
  const dense = (units: number, activation: 'relu' | 'linear' = 'linear') => tf.layers.dense({ units, activation, kernelInitializer: init() });
  const drop = (x: T) => (o.dropout > 0 ? (new SeededDropout({ rate: o.dropout, seed: ++seed }).apply(x) as T) : x);
  const past = tf.input({ shape: [d.L, d.C], name: 'past' });
  const future = d.F ? tf.input({ shape: [d.h, d.F], name: 'future' }) : null;
  const statics = d.S ? tf.input({ shape: [d.S], name: 'statics' }) : null;
  const flatPast = tf.layers.flatten().apply(past) as T;
  const concat = (xs: T[]) => (xs.length === 1 ? xs[0] : (tf.layers.concatenate().apply(xs) as T));
  const aux = [...(future ? [tf.layers.flatten().apply(future) as T] : []), ...(statics ? [statics] : [])];
  const toSteps = (x: T, k: number) => tf.layers.reshape({ targetShape: [d.h, k] }).apply(x) as T;
  // Residual block of TiDE: relu dense → dense (+ dropout), plus a linear skip, layer-normalised.
  const residual = (x: T, units: number, norm = true) => {
    const y = drop(dense(units).apply(dense(o.hidden, 'relu').apply(x) as T) as T);
    const sum = tf.layers.add().apply([y, dense(units).apply(x) as T]) as T;
    return norm ? (tf.layers.layerNormalization().apply(sum) as T) : sum;
  };
  // Dense head shared by the RNNs and the transformer: encoding + flattened future + statics → h·K.
  const head = (enc: T) => toSteps(dense(d.h * d.K).apply(drop(dense(o.hidden, 'relu').apply(concat([enc, ...aux])) as T)) as T, d.K);
  let out: T;
  if (kind === 'lstm' || kind === 'gru') {
    let x: T = past;
    for (let i = 0; i < o.layers; i++) {
      const args = { units: o.hidden, returnSequences: i < o.layers - 1, kernelInitializer: init(), recurrentInitializer: init() };
      x = (kind === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args)).apply(x) as T;
    }
    out = head(x);
  } else if (kind === 'transformer') {
    const dm = o.hidden;
    let x = new PositionalEncoding({}).apply(dense(dm).apply(past) as T) as T;
    for (let i = 0; i < o.layers; i++) {
      let n = tf.layers.layerNormalization().apply(x) as T;
      const [q, k, v] = [dense(dm).apply(n), dense(dm).apply(n), dense(dm).apply(n)] as T[];
      const att = new DotProductAttention({ numHeads: o.heads }).apply([q, k, v]) as T;
      x = tf.layers.add().apply([x, drop(dense(dm).apply(att) as T)]) as T;
      n = tf.layers.layerNormalization().apply(x) as T;
      x = tf.layers.add().apply([x, drop(dense(dm).apply(dense(2 * dm, 'relu').apply(n) as T) as T)]) as T;
    }
    const pooled = tf.layers.globalAveragePooling1d().apply(x) as T;
    // Linear skip from the past window: pooling alone loses the level of the last steps.
    out = tf.layers.add().apply([head(pooled), toSteps(dense(d.h * d.K).apply(flatPast) as T, d.K)]) as T;
  } else {
    let x = concat([flatPast, ...aux]);
    for (let i = 0; i < o.layers; i++) x = residual(x, o.hidden);
    const p = 8;
    let steps = toSteps(residual(x, d.h * p), p);
    // Temporal decoder: each step sees its own decoded vector and its own future covariates.
    if (future) steps = concat([steps, future]);
    const temporal = residual(steps, d.K, false);
    out = tf.layers.add().apply([temporal, toSteps(dense(d.h * d.K).apply(flatPast) as T, d.K)]) as T;
  }
  if (o.nonNegative) out = tf.layers.activation({ activation: o.nonNegative }).apply(out) as T;
  return tf.model({ inputs: [past, ...(future ? [future] : []), ...(statics ? [statics] : [])], outputs: out });
}
