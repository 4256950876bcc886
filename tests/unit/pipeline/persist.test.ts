import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { getModel } from '../../../src/lib/models';
import { loadModel, saveModel } from '../../../src/lib/models/global/persist';
import type { FeatureFrame, TrainData } from '../../../src/lib/models/protocol';
import { createRng } from '../../../src/lib/data/random';

/** Two series, y = level · (1 + 0.4 promo) + noise, 100 days + 7 future rows; features promo and day of week. */
function panel(): TrainData {
  const rng = createRng(4);
  const T = 100, H = 7, S = 2;
  const n = S * (T + H);
  const promo = new Float32Array(n), dow = new Float32Array(n), y = new Float32Array(n);
  const seriesIndex = new Int32Array(n), ds = new Int32Array(n);
  const series = [];
  let r = 0;
  for (let s = 0; s < S; s++) {
    const hist = new Float64Array(T);
    for (let t = 0; t < T + H; t++, r++) {
      promo[r] = t % 6 === 0 ? 1 : 0;
      dow[r] = t % 7;
      const v = (s + 1) * 50 * (1 + 0.4 * promo[r]) + rng.normal();
      if (t < T) hist[t] = v;
      y[r] = t < T ? v : NaN;
      seriesIndex[r] = s;
      ds[r] = 19_000 + t;
    }
    series.push({ id: `s${s}`, ds: Int32Array.from({ length: T }, (_, t) => 19_000 + t), y: hist });
  }
  const features: FeatureFrame = { names: ['promo', 'dow'], timing: ['known_future', 'known_future'], categorical: [false, false], columns: [promo, dow], y, seriesIndex, ds };
  return { freq: 'D', season: 7, series, features };
}

const columns = [
  { name: 'promo', family: 'promo', timing: 'known_future', categorical: false, description: '' },
  { name: 'dow', family: 'calendar', timing: 'known_future', categorical: false, description: '' },
] as never;

describe('saving and loading fitted global models', () => {
  it('gbdt and linear: a file round trip predicts exactly the same', async () => {
    for (const name of ['gbdt', 'linear']) {
      const spec = getModel(name);
      const train = panel();
      const fitted = await spec.fit(train, spec.defaults);
      const before = await spec.predict(fitted, train, { h: 7, levels: [80, 95] });
      const text = await saveModel(fitted, columns, 7);
      const { fitted: back, doc } = await loadModel(text);
      expect(doc.model).toBe(name);
      expect(doc.h).toBe(7);
      const after = await spec.predict(back, train, { h: 7, levels: [80, 95] });
      expect(Array.from(after[1].mean)).toEqual(Array.from(before[1].mean));
      expect(Array.from(after[0].hi[95])).toEqual(Array.from(before[0].hi[95]));
    }
  });
  it('mlp: the network and its scalers come back; predictions match', async () => {
    await tf.setBackend('cpu');
    const spec = getModel('mlp');
    const train = panel();
    const fitted = await spec.fit(train, { ...spec.defaults, epochs: 3 });
    const before = await spec.predict(fitted, train, { h: 7, levels: [80] });
    const { fitted: back } = await loadModel(await saveModel(fitted, columns, 7));
    const after = await spec.predict(back, train, { h: 7, levels: [80] });
    for (let j = 0; j < 7; j++) expect(after[0].mean[j]).toBeCloseTo(before[0].mean[j], 4);
  });
  it('refuses files that are not model files', async () => {
    await expect(loadModel('not json')).rejects.toThrow(/not a Forecast Studio model/);
    await expect(loadModel('{"kind":"other"}')).rejects.toThrow(/not a Forecast Studio model file/);
  });
});
