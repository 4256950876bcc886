/**
 * The global trees' price-response offset on a frame with a known response: demand = level × weekday ×
 * (price / regular)^e × type lift, Poisson noise, one stock-out inside a campaign. The offset must recover
 * e and the lifts (the stock-out left out), and read a planned price against the last regular price.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import type { FeatureColumn } from '../../../../src/lib/features';
import type { FeatureFrame, TrainData } from '../../../../src/lib/models';
import { frameRows } from '../../../../src/lib/models/global/frameRows';
import { fitPriceOffset, outages, priceOffsetValues } from '../../../../src/lib/models/global/priceOffset';

const E = -1.7;
const LIFT = { 0: 1, 1: 1.3 } as Record<number, number>;

function build(days: number, future: number) {
  const rng = createRng(3);
  const ds: number[] = [], y: number[] = [], price: number[] = [], flag: number[] = [], type: number[] = [];
  const start = 19_000;
  let k = 0;
  const truth: number[] = [];
  while (k < days + future) {
    const len = 7, gap = 30 + rng.int(0, 20), depth = rng.pick([0.1, 0.2, 0.3]), ty = rng.int(0, 2);
    for (let j = 0; j < gap + len && k < days + future; j++, k++) {
      const on = j >= gap;
      const p = on ? 4 * (1 - depth) : 4;
      const mu = 30 * (1 + 0.3 * (((start + k) % 7) === 2 ? 1 : 0)) * (on ? Math.pow(1 - depth, E) * LIFT[ty] : 1);
      ds.push(start + k), price.push(p), flag.push(on ? 1 : 0), type.push(on ? ty : 2), truth.push(mu);
      y.push(k >= days ? NaN : k >= 200 && k < 204 && on ? 0 : rng.poisson(mu));
    }
  }
  const meta = (name: string, family: FeatureColumn['family'], categorical = false): FeatureColumn => ({ name, family, timing: 'known_future', categorical, description: name });
  const frame: FeatureFrame & { meta: FeatureColumn[] } = {
    names: ['price', 'promo_flag', 'promo_type'],
    timing: ['known_future', 'known_future', 'known_future'],
    categorical: [false, false, true],
    meta: [meta('price', 'price'), meta('promo_flag', 'promo'), meta('promo_type', 'covariate', true)],
    columns: [Float32Array.from(price), Float32Array.from(flag), Float32Array.from(type)],
    y: Float32Array.from(y),
    seriesIndex: new Int32Array(ds.length),
    ds: Int32Array.from(ds),
  };
  const train: TrainData = { freq: 'D', season: 7, series: [{ id: 'a', ds: Int32Array.from(ds.slice(0, days)), y: Float64Array.from(y.slice(0, days)) }] };
  return { frame, train, price, flag };
}

describe('price-response offset', () => {
  it('flags a zero as an outage only where the neighbours sell', () => {
    // 40 periods selling about 10 (zeros at 10 and 11: a stock-out), then 40 selling about 1 (zeros are demand).
    const y = Array.from({ length: 80 }, (_, i) => (i < 40 ? (i === 10 || i === 11 ? 0 : 9 + (i % 3)) : i % 3 === 0 ? 0 : 1));
    const out = outages(y);
    expect([...out.keys()].filter((i) => out[i])).toEqual([10, 11]);
  });

  it('recovers the elasticity and the type lifts, and offsets a planned promotion', () => {
    const { frame, train, price, flag } = build(720, 28);
    const rows = frameRows(frame, train);
    const st = fitPriceOffset(frame, rows, train)!;
    const e = st.series.a;
    expect(Math.abs(e.elasticity - E)).toBeLessThan(0.2);
    expect(Math.exp(e.typeLift['1'] - e.typeLift['0'])).toBeGreaterThan(1.2);
    expect(Math.exp(e.typeLift['1'] - e.typeLift['0'])).toBeLessThan(1.4);
    const off = priceOffsetValues(st, frame, rows, train);
    // Every future promoted row: elasticity × log(price / last regular price) + its type's lift.
    for (const r of rows.future) {
      if (!flag[r]) continue;
      const want = e.elasticity * Math.log(price[r] / 4) + e.typeLift[String(frame.columns[2][r])];
      expect(off[r]).toBeCloseTo(want, 4);
    }
    // A regular row right after a campaign carries the dip term, a later one nothing.
    expect(Array.from(rows.future).some((r) => !flag[r] && off[r] === 0)).toBe(true);
  });
});
