import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/lib/data/random';
import { arima } from '../../../../src/lib/models';
import { mae, makeTrain } from '../baselines/helpers';

describe('AutoARIMA with regressors', () => {
  const rng = createRng(21);
  const n = 300;
  const h = 28;
  // y = 5 + 3·x + AR(1) noise (φ = 0.6, σ = 1); x is a promo-like 0/1 flag plus a slow wave.
  const x = Float64Array.from({ length: n + h }, (_, t) => (rng.next() < 0.2 ? 1 : 0) + Math.sin(t / 10));
  let e = 0;
  const y = Float64Array.from(x, (v) => 5 + 3 * v + (e = 0.6 * e + rng.normal()));
  const train = makeTrain([{ id: 'a', y: y.subarray(0, n), x: { promo: x.subarray(0, n) } }], { knownFuture: ['promo'] });
  const req = { h, levels: [80, 95], future: { a: { promo: x.subarray(n) } } };
  const test = y.subarray(n);

  it('forecasts better with x than without; intervals match the AR(1) variance', async () => {
    const withX = await arima.fit(train, arima.defaults);
    const withoutX = await arima.fit(train, { ...arima.defaults, exog: false });
    expect(withX.state).toMatchObject({ series: { a: { exog: ['promo'] } } });
    const [fx] = await arima.predict(withX, train, req);
    const [f0] = await arima.predict(withoutX, train, req);
    const [mx, m0] = [mae(fx.mean, test), mae(f0.mean, test)];
    console.log(`ARIMA MAE with x ${mx.toFixed(3)}, without ${m0.toFixed(3)}`);
    expect(fx.fallback).toBeUndefined();
    expect(mx).toBeLessThan(0.75 * m0);
    expect(mx).toBeLessThan(1.25); // near the noise floor: E|AR(1) h-step error| ≈ 0.8 · 1.25
    // h-step sd of AR(1): √((1 − φ^{2h}) / (1 − φ²)) → 1 at h = 1, 1.25 in the limit.
    const sd1 = (fx.hi[95][0] - fx.lo[95][0]) / (2 * 1.959964);
    const sdH = (fx.hi[95][h - 1] - fx.lo[95][h - 1]) / (2 * 1.959964);
    console.log(`ARIMA interval sd: h=1 ${sd1.toFixed(3)}, h=${h} ${sdH.toFixed(3)}`);
    expect(sd1).toBeGreaterThan(0.8);
    expect(sd1).toBeLessThan(1.25);
    expect(sdH).toBeGreaterThan(1.0);
    expect(sdH).toBeLessThan(1.6);
  });

  it('falls back when future regressors are missing, and on short series', async () => {
    const t2 = makeTrain(
      [
        { id: 'a', y: y.subarray(0, n), x: { promo: x.subarray(0, n) } },
        { id: 'short', y: y.subarray(0, 12), x: { promo: x.subarray(0, 12) } },
      ],
      { knownFuture: ['promo'] },
    );
    const fitted = await arima.fit(t2, arima.defaults);
    expect(fitted.failed?.short).toMatch(/AutoARIMA needs 20/);
    const [a, short] = await arima.predict(fitted, t2, { h, levels: [80] });
    expect(a.fallback).toMatch(/future values of "promo" missing/);
    expect(short.fallback).toBe(fitted.failed!.short);
  });
});
