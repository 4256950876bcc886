/** Sequence networks (LSTM, GRU, TiDE, transformer) are saved and loaded like every global model: same forecasts after a round trip. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { getModel } from '../../../src/lib/models';
import { loadModel, saveModel } from '../../../src/lib/models/global/persist';
import type { TrainData } from '../../../src/lib/models/protocol';
import { createRng } from '../../../src/lib/data/random';

/** Three weekly-seasonal series of 120 days with a promotion flag known in advance. */
function panel(): TrainData {
  const rng = createRng(9);
  const series = Array.from({ length: 3 }, (_, s) => {
    const promo = Float64Array.from({ length: 120 }, (_, t) => (t % 9 === 0 ? 1 : 0));
    const y = Float64Array.from({ length: 120 }, (_, t) => (s + 2) * 10 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 7)) * (1 + 0.5 * promo[t]) + rng.normal());
    return { id: `s${s}`, ds: Int32Array.from({ length: 120 }, (_, t) => 19_000 + t), y, x: { promo } };
  });
  return { freq: 'D', season: 7, series, knownFuture: ['promo'] };
}

describe('saving and loading the sequence networks', () => {
  it.each(['lstm', 'tide', 'transformer'])('%s: a file round trip predicts the same', async (name) => {
    await tf.setBackend('cpu');
    const spec = getModel(name);
    const train = panel();
    const fitted = await spec.fit(train, { ...spec.defaults, epochs: 1, windowsPerEpoch: 64, hidden: 8 }, { h: 7 });
    const future = Object.fromEntries(train.series.map((s) => [s.id, { promo: Float64Array.from({ length: 7 }, (_, j) => (j === 2 ? 1 : 0)) }]));
    const req = { h: 7, levels: [80], future };
    const before = await spec.predict(fitted, train, req);
    const text = await saveModel(fitted, [], 7);
    const { fitted: back, doc } = await loadModel(text);
    expect(doc.model).toBe(name);
    const after = await spec.predict(back, train, req);
    expect(after).toHaveLength(3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 7; j++) expect(after[i].mean[j]).toBeCloseTo(before[i].mean[j], 4);
    // A forecast that is not a constant: the network was really restored, not replaced by zeros.
    expect(new Set(Array.from(after[0].mean, (v) => v.toFixed(3))).size).toBeGreaterThan(1);
  }, 120_000);
});
