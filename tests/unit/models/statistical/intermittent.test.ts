import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import { croston, tsb, crostonRate } from '../../../../src/lib/models';
import { makeTrain } from '../baselines/helpers';

/** Demand occurs with probability 0.25, size 1 + Poisson(3): true mean demand 0.25 · 4 = 1 per period. */
function intermittentSeries(n: number, seeds: number[]) {
  return seeds.map((seed) => {
    const rng = createRng(seed);
    return { id: `s${seed}`, y: Float64Array.from({ length: n }, () => (rng.next() < 0.25 ? 1 + rng.poisson(3) : 0)) };
  });
}

describe('Croston and TSB', () => {
  const train = makeTrain(intermittentSeries(365, [1, 2, 3, 4, 5, 6, 7, 8]));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('hand-computed Croston recursion', () => {
    // first demand 4 at t=1 → z=4, p=2; t=4 demand 2 after q=3: z = 4 + 0.5·(2−4) = 3, p = 2 + 0.5·(3−2) = 2.5.
    expect(crostonRate([0, 4, 0, 0, 2], { alpha: 0.5, variant: 'classic' }).rate).toBeCloseTo(3 / 2.5, 12);
    expect(crostonRate([0, 4, 0, 0, 2], { alpha: 0.5, variant: 'sba' }).rate).toBeCloseTo((0.75 * 3) / 2.5, 12);
    expect(crostonRate([0, 0, 0], { alpha: 0.1, variant: 'classic' }).rate).toBe(0);
  });

  it.each([
    ['croston classic', croston, { alpha: 0.1, variant: 'classic' }],
    ['croston sba', croston, { alpha: 0.1, variant: 'sba' }],
    ['tsb', tsb, { alpha: 0.1, beta: 0.1 }],
  ] as const)('%s forecasts ≈ the true mean demand (1 per period) within 20 %', async (name, model, options) => {
    const fc = await model.predict(await model.fit(train, options as never), train, { h: 7, levels: [80] });
    const rates = fc.map((f) => f.mean[0]);
    console.log(`${name}: mean forecast ${avg(rates).toFixed(3)}, per series ${rates.map((r) => r.toFixed(2)).join(' ')}`);
    expect(Math.abs(avg(rates) - 1)).toBeLessThan(0.2);
    for (const f of fc) {
      expect(f.lo[80][0]).toBe(0); // non-negative series: lower bound clipped
      expect(f.hi[80][0]).toBeGreaterThan(f.mean[0]);
    }
  });

  it('TSB decays after demand stops; Croston does not', async () => {
    const y = Float64Array.from({ length: 200 }, (_, t) => (t < 150 && t % 4 === 0 ? 4 : 0));
    const dead = makeTrain([{ id: 'dead', y }]);
    const [c] = await croston.predict(await croston.fit(dead, croston.defaults), dead, { h: 1, levels: [80] });
    const [t] = await tsb.predict(await tsb.fit(dead, tsb.defaults), dead, { h: 1, levels: [80] });
    expect(Math.abs(c.mean[0] - 1)).toBeLessThan(0.05); // 4 every 4 periods, p still converging from 1
    expect(t.mean[0]).toBeLessThan(0.05);
  });
});
