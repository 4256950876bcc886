import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../../src/lib/backtest';
import { createRng } from '../../../../src/lib/data/random';
import { getModel, lstm, tide } from '../../../../src/lib/models';
import type { SeriesHistory, TrainData } from '../../../../src/lib/models/protocol';
import { seqInputLength } from '../../../../src/lib/models/global/neural';
import { useWasmBackend } from '../../../helpers/tfWasm';

/** Weekly series (ds 7 days apart): level 50–150, a 13-week cycle, noise; one series only 30 weeks long. */
function weekly(nSeries: number, n: number, seed: number): TrainData {
  const rng = createRng(seed);
  const series: SeriesHistory[] = Array.from({ length: nSeries }, (_, k) => {
    const len = k === 0 ? 30 : n;
    const level = 50 + 100 * rng.next();
    const phase = 2 * Math.PI * rng.next();
    const y = Float64Array.from({ length: len }, (_, t) => level * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 13 + phase)) + 2 * rng.normal());
    const start = 16_000 + 7 * (n - len);
    return { id: `w${k}`, ds: Int32Array.from({ length: len }, (_, t) => start + 7 * t), y };
  });
  return { freq: 'W', season: 52, series };
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('sequence networks as registry models', () => {
  it('need look-back + horizon, not four seasons: a weekly series of 120 weeks qualifies at h = 13', () => {
    expect(seqInputLength(52)).toBe(26);
    expect(lstm.minLength(52, 13)).toBe(39);
    expect(lstm.minLength(7, 42)).toBe(98);
  });

  it('the studio form options (hidden as a layer list) train instead of failing with a NaN shape', async () => {
    const train = weekly(6, 100, 3);
    const fitted = await tide.fit(train, { ...tide.defaults, hidden: [64, 64] as unknown as number, epochs: 2, windowsPerEpoch: 128 }, { h: 13 });
    const out = await tide.predict(fitted, train, { h: 13, levels: [80, 95] });
    expect(out).toHaveLength(6);
    expect(out[1].mean.every(Number.isFinite)).toBe(true);
    expect(fitted.failed?.w0).toMatch(/too short for tide: 30 < 39 periods/);
  });

  it('in the runner, an LSTM forecasts weekly series itself (no silent fallback) and learns the 13-week cycle (beats a flat forecast)', async () => {
    const train = weekly(12, 120, 5);
    const model = { ...getModel('lstm'), defaults: { ...getModel('lstm').defaults, epochs: 12, windowsPerEpoch: 256, learningRate: 0.02, hidden: 16 } };
    const r = await runBacktest({ train, models: [model, getModel('snaive')], h: 13, windows: 1, minLength: 1, fallback: getModel('snaive') });
    const rows = r.rows.filter((x) => x.model === 'lstm');
    const own = rows.filter((x) => !x.fallback);
    expect(own).toHaveLength(11);
    expect(r.models[0].failures.w0).toMatch(/too short for lstm/);
    expect(r.models[0].failed_series).toBe(1);
    const err = (m: string) => {
      let e = 0, a = 0;
      for (const x of r.rows.filter((q) => q.model === m && q.id !== 'w0')) x.actual.forEach((v, i) => ((e += Math.abs(v - x.mean[i])), (a += Math.abs(v))));
      return e / a;
    };
    // A flat forecast at the mean of the last 26 weeks: what a network that learned nothing would give.
    let fe = 0, fa = 0;
    for (const x of r.rows.filter((q) => q.model === 'lstm' && q.id !== 'w0')) {
      const s = train.series.find((q) => q.id === x.id)!;
      const past = s.y.slice(0, s.ds.indexOf(x.cutoff) + 1).slice(-26);
      const flat = past.reduce((a, b) => a + b, 0) / past.length;
      x.actual.forEach((v) => ((fe += Math.abs(v - flat)), (fa += Math.abs(v))));
    }
    console.log(`weekly lstm WAPE ${err('lstm').toFixed(3)}, flat ${(fe / fa).toFixed(3)}, snaive ${err('snaive').toFixed(3)}`);
    expect(err('lstm')).toBeLessThan(0.8 * (fe / fa));
  }, 120_000);
});
