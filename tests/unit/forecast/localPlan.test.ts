import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CovariateMeta } from '../../../src/lib/data/contract';
import { createBaselinePlan, fitForecaster, forecastFromPlan, quantileLevels } from '../../../src/lib/forecast';
import { getModel } from '../../../src/lib/models';
import { loadCsv, loadTrainData, mapSales } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';

const covariates: CovariateMeta[] = [
  { name: 'promo', source: 'promo', type: 'numeric', timing: 'known_future', role: 'promo' },
];

describe('a local model with regressors answers a plan through its future covariates', () => {
  it('ARIMA with promo as a regressor forecasts more on promoted days (small_retail: promotions lift sales)', async () => {
    const engine = await openNodeEngine();
    await loadCsv(engine, { path: resolve(__dirname, '../../fixtures/small_retail.csv') });
    await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
    const train = await loadTrainData(engine, { freq: 'D', knownFuture: ['promo'] });
    await createBaselinePlan(engine, { freq: 'D', h: 14, covariates });
    await engine.exec(`CREATE TABLE plan_promo AS SELECT * REPLACE (CASE WHEN ds >= DATE '2023-09-02' AND ds <= DATE '2023-09-05' THEN 1 ELSE promo END AS promo) FROM plan`);
    const f = await fitForecaster(engine, train, { freq: 'D', h: 14, models: [getModel('arima')], covariates });
    const cal = { h: 14, byStep: [], pooled: Float64Array.from([-1, 0, 1]) };
    const levels = quantileLevels([0.1, 0.9]);
    const base = await forecastFromPlan(f, { levels, calibration: cal });
    const promo = await forecastFromPlan(f, { table: 'plan_promo', levels, calibration: cal });
    for (const [s, b] of base.series.entries()) {
      const p = promo.series[s];
      expect(b.fallback).toBeUndefined();
      for (let j = 4; j <= 7; j++) expect(p.mean[j]).toBeGreaterThan(b.mean[j] * 1.05);
      expect(p.mean[0]).toBeCloseTo(b.mean[0], 6);
    }
    await engine.close?.();
  }, 600_000);
});
