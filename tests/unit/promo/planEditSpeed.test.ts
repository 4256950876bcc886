/**
 * A what-if edit re-forecasts without refitting, and rebuilds only the future feature rows the edit reaches
 * (`planReach`): the edited series and the other items of its store × category (the cross-item features read
 * them). The answer must be the same as a rebuild of every series (timed best of 3, as
 * tests/unit/forecast/planForecast.test.ts times a re-forecast).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { createBaselinePlan, fitForecaster, forecastFromPlan, quantileLevels, type ForecastSet, type PlanForecaster } from '../../../src/lib/forecast';
import { planReach } from '../../../src/lib/forecast/planForecastReach';
import { getModel } from '../../../src/lib/models';
import { loadCsv, loadTrainData, mapSales, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { generatorCovariates } from '../../helpers/covariates';

const covariates = generatorCovariates();
const H = 28;
const calibration = { h: H, byStep: [], pooled: Float64Array.from([-1, 0, 1]) };
const levels = quantileLevels([0.1, 0.9]);
const gen = generateRetail({ stores: 3, items: 8, days: 300, seed: 3, intermittentShare: 0, stockouts: 0 });
const EDITED = 'store_2/item_03';
let engine: SqlEngine;
let f: PlanForecaster;
let baseline: ForecastSet;

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'fs-edit-')), 'retail.csv');
  writeFileSync(path, toCsv(gen));
  engine = await openNodeEngine();
  await loadCsv(engine, { path });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates, statics: ['category'] });
  const train = await loadTrainData(engine, { freq: 'D', knownFuture: covariates.map((c) => c.name), statics: ['category'] });
  await createBaselinePlan(engine, { freq: 'D', h: H, covariates });
  const gbdt = getModel('gbdt');
  f = await fitForecaster(engine, train, { freq: 'D', h: H, models: [{ ...gbdt, defaults: { ...gbdt.defaults, numRounds: 60 } }], covariates, statics: ['category'], seed: 1 });
  expect(f.baseFuture?.names).toContain('cross_promo_share');
  baseline = await forecastFromPlan(f, { levels, calibration, rebuild: 'all' });
  // 20 % off the edited series on days 8–14 of the horizon
  await engine.exec(`CREATE OR REPLACE TABLE plan_edit AS SELECT * REPLACE (
      CASE WHEN unique_id = '${EDITED}' AND row_number() OVER w BETWEEN 8 AND 14 THEN 1 ELSE promo END AS promo,
      CASE WHEN unique_id = '${EDITED}' AND row_number() OVER w BETWEEN 8 AND 14 THEN round(price * 0.8, 2) ELSE price END AS price)
    FROM plan WINDOW w AS (PARTITION BY unique_id ORDER BY ds)`);
}, 120_000);
afterAll(async () => {
  await engine?.close?.();
});

/** Best of 3 wall-clock milliseconds of `run`, and its last result. */
async function bestOf3<T>(run: () => Promise<T>): Promise<{ ms: number; out: T }> {
  let ms = Infinity;
  let out!: T;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    out = await run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, out };
}

describe('a plan edit rebuilds only the series it reaches', () => {
  it('reaches the edited series and the other items of its store and category (from the generator), nothing for the baseline', async () => {
    const cat = gen.truth.items.find((i) => i.item === EDITED.split('/')[1])!.category;
    const expected = gen.truth.items.filter((i) => i.category === cat).map((i) => `store_2/${i.item}`).sort();
    expect(expected.length).toBeGreaterThan(1);
    expect(await planReach(engine, 'plan_edit', f.planDigest!, f.spec!)).toEqual(expected);
    expect(await planReach(engine, 'plan', f.planDigest!, f.spec!)).toEqual([]);
  });

  it('gives the same forecast as a rebuild of every series (timed, best of 3)', async () => {
    const fast = await bestOf3(() => forecastFromPlan(f, { table: 'plan_edit', levels, calibration }));
    const full = await bestOf3(() => forecastFromPlan(f, { table: 'plan_edit', levels, calibration, rebuild: 'all' }));
    console.log(`plan edit of 1 of ${f.train.series.length} series × ${H} days: ${fast.ms.toFixed(0)} ms rebuilding the reached series, ${full.ms.toFixed(0)} ms rebuilding all`);
    expect(fast.out.series.map((s) => s.id)).toEqual(full.out.series.map((s) => s.id));
    fast.out.series.forEach((s, i) => {
      expect(Array.from(s.mean)).toEqual(Array.from(full.out.series[i].mean));
      s.q.forEach((q, k) => expect(Array.from(q)).toEqual(Array.from(full.out.series[i].q[k])));
    });
    // the edit moved the edited series on its promoted days; a series of another store is the baseline's
    const edited = fast.out.series.find((s) => s.id === EDITED)!;
    const before = baseline.series.find((s) => s.id === EDITED)!;
    expect(edited.mean[9]).toBeGreaterThan(before.mean[9] * 1.05);
    expect(Array.from(fast.out.series.find((s) => s.id === 'store_1/item_03')!.mean)).toEqual(Array.from(baseline.series.find((s) => s.id === 'store_1/item_03')!.mean));
    // The feature SQL's planning is most of a rebuild and does not shrink with the rows (measured 250 vs 223 ms
    // here, 913 vs 925 ms on 40 series); the bound only catches a reach that costs far more than it saves.
    expect(fast.ms).toBeLessThan(1.5 * full.ms);
  }, 60_000);
});
