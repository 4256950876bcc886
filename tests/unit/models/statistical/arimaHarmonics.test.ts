import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import { arima } from '../../../../src/lib/models';
import { mae, makeTrain } from '../baselines/helpers';

/**
 * Weekly demand with a yearly cycle and a constant price elasticity:
 * log y = 8 − 1.5 · log price + 0.4 · sin(2πt/52) + 0.3 · cos(2πt/52) + AR(1) noise (φ = 0.5, σ = 0.05).
 * Season 52 is longer than `maxSeason` (24), so seasonal ARIMA terms are not searched; the cycle can
 * only come in as harmonics.
 */
describe('AutoARIMA on weekly data: harmonics for a long season, logs for an elasticity', () => {
  const rng = createRng(52);
  const n = 156;
  const h = 13;
  const price = Float64Array.from({ length: n + h }, () => 1 + 0.6 * rng.next());
  let e = 0;
  const y = Float64Array.from(price, (p, t) => Math.exp(8 - 1.5 * Math.log(p) + 0.4 * Math.sin((2 * Math.PI * t) / 52) + 0.3 * Math.cos((2 * Math.PI * t) / 52) + (e = 0.5 * e + 0.05 * rng.normal())));
  const train = makeTrain([{ id: 'a', y: y.subarray(0, n), x: { price: price.subarray(0, n) } }], { season: 52, freq: 'W', knownFuture: ['price'] });
  const req = { h, levels: [80], future: { a: { price: price.subarray(n) } } };
  const test = y.subarray(n);

  it('the yearly cycle as harmonics beats no harmonics; logs of y and price beat both', async () => {
    const plain = await arima.fit(train, { ...arima.defaults, fourier: 0 });
    const harm = await arima.fit(train, { ...arima.defaults });
    const logs = await arima.fit(train, { ...arima.defaults, log: true });
    expect(harm.state).toMatchObject({ series: { a: { exog: ['price'], fourier: 3, period: 52 } } });
    expect(logs.state).toMatchObject({ series: { a: { logY: true, logX: ['price'], fourier: 3 } } });
    const err = async (f: typeof plain) => {
      const [fc] = await arima.predict(f, train, req);
      expect(fc.fallback).toBeUndefined();
      return mae(fc.mean, test);
    };
    const [m0, m1, m2] = [await err(plain), await err(harm), await err(logs)];
    const level = mae(new Float64Array(h), test); // the mean level, ≈ 3,000
    console.log(`weekly ARIMA MAE: no harmonics ${m0.toFixed(1)}, harmonics ${m1.toFixed(1)}, logs + harmonics ${m2.toFixed(1)} (level ${level.toFixed(0)})`);
    expect(m1).toBeLessThan(0.8 * m0);
    expect(m2).toBeLessThan(m1);
    // the noise floor: 5 % log noise ≈ 4 % of the level as MAE
    expect(m2).toBeLessThan(0.08 * level);
  }, 60_000);
});
