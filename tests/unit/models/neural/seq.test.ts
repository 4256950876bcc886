import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../../src/lib/data/random';
import type { SeriesHistory, TrainData } from '../../../../src/lib/models/protocol';
import { disposeModel, fitSeq, fromArtifacts, predictSeq, toArtifacts, type NeuralEpochInfo, type SeqForecast } from '../../../../src/lib/models/neural';
import { useWasmBackend } from '../../../helpers/tfWasm';

const H = 14;

/** Sine series: level 5–15, weekly or 2-week period, random phase, N(0, 0.3²) noise. */
function sines(nSeries: number, n: number, seed: number): TrainData {
  const rng = createRng(seed);
  const series: SeriesHistory[] = Array.from({ length: nSeries }, (_, k) => {
    const level = 5 + 10 * rng.next();
    const amp = 2 + 2 * rng.next();
    const period = k % 2 ? 7 : 14;
    const phase = 2 * Math.PI * rng.next();
    const y = Float64Array.from({ length: n }, (_, t) => level + amp * Math.sin((2 * Math.PI * t) / period + phase) + 0.3 * rng.normal());
    return { id: `s${k}`, ds: Int32Array.from({ length: n }, (_, t) => t), y };
  });
  return { freq: 'D', season: 7, series };
}

/** Weekly-seasonal sales multiplied by 1.5 on promo days (promo ≈ 20 % of days, known in advance). */
function promoSet(nSeries: number, n: number, seed: number): TrainData {
  const rng = createRng(seed);
  const series: SeriesHistory[] = Array.from({ length: nSeries }, (_, k) => {
    const level = 20 + 20 * rng.next();
    const promo = Float64Array.from({ length: n }, () => +(rng.next() < 0.2));
    const y = Float64Array.from(promo, (p, t) => level * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 7)) * (p ? 1.5 : 1) + rng.normal());
    return { id: `p${k}`, ds: Int32Array.from({ length: n }, (_, t) => t), y, x: { promo } };
  });
  return { freq: 'D', season: 7, series, knownFuture: ['promo'] };
}

/** Splits off the last `h` points of every series as the test horizon. */
function holdout(data: TrainData, h: number) {
  const train = { ...data, series: data.series.map((s) => ({ ...s, y: s.y.slice(0, -h), ds: s.ds.slice(0, -h), x: s.x && Object.fromEntries(Object.entries(s.x).map(([k, v]) => [k, v.slice(0, -h)])) })) };
  const actual = data.series.map((s) => s.y.slice(-h));
  const future = Object.fromEntries(data.series.map((s) => [s.id, Object.fromEntries(Object.entries(s.x ?? {}).map(([k, v]) => [k, v.slice(-h)]))]));
  return { train, actual, future };
}

const mae = (fc: SeqForecast[], actual: Float64Array[]) =>
  fc.reduce((s, f, i) => s + f.mean.reduce((a, v, k) => a + Math.abs(v - actual[i][k]), 0), 0) / (fc.length * actual[0].length);

beforeAll(async () => {
  await useWasmBackend();
});

describe('sequence models', () => {
  const { train, actual } = holdout(sines(16, 200, 1), H);
  const naive = train.series.reduce((s, x, i) => s + actual[i].reduce((a, v) => a + Math.abs(v - x.y[x.y.length - 1]), 0), 0) / (16 * H);
  const opts = { inputLength: 14, horizon: H, hidden: 16, epochs: 12, windowsPerEpoch: 256, learningRate: 0.02, batchSize: 32 };

  for (const kind of ['lstm', 'gru'] as const)
    it(`${kind} beats the naive forecast on a 14-step horizon of noisy sines`, async () => {
      const model = await fitSeq(kind, train, opts);
      const fc = await predictSeq(model, train, { h: H });
      const err = mae(fc, actual);
      console.log(`${kind}: ${tf.getBackend()} windows/s ≈ ${Math.round(model.meta.samplesPerSec)}, MAE ${err.toFixed(3)} vs naive ${naive.toFixed(3)}`);
      expect(err).toBeLessThan(0.75 * naive);
      expect(fc[0].mean).toHaveLength(H);
      const q = fc[3].quantiles;
      expect(q[0.025].every((v, k) => v <= q[0.1][k] && q[0.1][k] <= q[0.5][k] && q[0.9][k] <= q[0.975][k])).toBe(true);
      disposeModel(model);
    }, 180_000); // 12 epochs (wasm backend; on cpu the GRU ran past 60 s at load ≈ 10 on 2 cores)

  it('TiDE with a known-future promo flag beats TiDE without it', async () => {
    const { train: pt, actual: pa, future } = holdout(promoSet(12, 220, 2), H);
    const o = { inputLength: 14, horizon: H, epochs: 10, windowsPerEpoch: 256, batchSize: 32, learningRate: 5e-3, seed: 2, nonNegative: 'softplus' as const };
    const withPromo = await fitSeq('tide', pt, { ...o, futureCovariates: ['promo'] });
    const without = await fitSeq('tide', pt, o);
    const f1 = await predictSeq(withPromo, pt, { h: H, future });
    expect(f1.every((f) => f.quantiles[0.025].every((v) => v >= 0))).toBe(true);
    const e1 = mae(f1, pa);
    const e0 = mae(await predictSeq(without, pt, { h: H }), pa);
    console.log(`TiDE MAE with promo ${e1.toFixed(2)}, without ${e0.toFixed(2)}`);
    expect(e1).toBeLessThan(0.7 * e0);
    await expect(predictSeq(withPromo, pt, { h: H })).rejects.toThrow(/promo missing/);
    disposeModel(withPromo);
    disposeModel(without);
  });

  it('transformer: loss falls by > 30 % in a few epochs and predictions have the right shapes', async () => {
    const curve: NeuralEpochInfo[] = [];
    const model = await fitSeq('transformer', train, { ...opts, epochs: 4, learningRate: 5e-3, heads: 2, layers: 1 }, { onEpoch: (e) => curve.push(e) });
    expect(curve).toHaveLength(4);
    expect(curve[3].loss).toBeLessThan(0.7 * curve[0].loss);
    const fc = await predictSeq(model, train, { h: 7 });
    expect(fc.map((f) => f.id)).toEqual(train.series.map((s) => s.id));
    expect(fc.every((f) => f.mean.length === 7 && Object.keys(f.quantiles).length === 5 && f.mean.every(Number.isFinite))).toBe(true);
    const saved = await toArtifacts(model);
    const loaded = await fromArtifacts(saved);
    const again = await predictSeq(loaded, train, { h: 7 });
    expect(Array.from(again[5].quantiles[0.9])).toEqual(Array.from(fc[5].quantiles[0.9]));
    disposeModel(model);
    disposeModel(loaded);
  });

  it('LSTM: tensors do not grow across epochs; same seed reproduces; save → load is exact', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const small = { ...opts, epochs: 3, windowsPerEpoch: 128, dropout: 0.1 };
    const m1 = await fitSeq('lstm', train, small, { valid: sines(16, 200, 1), onEpoch: () => counts.push(tf.memory().numTensors) });
    expect(counts).toHaveLength(3);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const m2 = await fitSeq('lstm', train, small, { valid: sines(16, 200, 1) });
    const [f1, f2] = [await predictSeq(m1, train, { h: H }), await predictSeq(m2, train, { h: H })];
    expect(Array.from(f2[7].mean)).toEqual(Array.from(f1[7].mean));
    const saved = await toArtifacts(m1);
    const loaded = await fromArtifacts({ artifacts: saved.artifacts, meta: JSON.parse(JSON.stringify(saved.meta)) });
    const f3 = await predictSeq(loaded, train, { h: H });
    expect(Array.from(f3[7].mean)).toEqual(Array.from(f1[7].mean));
    [m1, m2, loaded].forEach(disposeModel);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancel in the first epoch returns a usable model within one batch', async () => {
    let checks = 0;
    const signal = { get cancelled() { return ++checks > 2; } };
    const t0 = performance.now();
    const model = await fitSeq('gru', train, { ...opts, epochs: 100 }, { signal });
    expect(checks).toBe(3);
    expect(performance.now() - t0).toBeLessThan(3000);
    const fc = await predictSeq(model, train, { h: H });
    expect(fc.every((f) => f.mean.every(Number.isFinite))).toBe(true);
    disposeModel(model);
  });
});
