import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayToIso, type CovariateMeta } from '../../../src/lib/data/contract';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { createBaselinePlan, fitForecaster, forecastFromPlan, quantileLevels, countForecasts, writeForecasts, type PlanForecaster } from '../../../src/lib/forecast';
import { getModel } from '../../../src/lib/models';
import type { TrainData } from '../../../src/lib/models/protocol';
import { defaultFeatureSpec, loadCsv, loadTrainData, makeFeaturesAt, mapSales, numbers, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { generatorCovariates } from '../../helpers/covariates';

const covariates = generatorCovariates();
const H = 28;
/** A wide band: the tests here are about the mean; calibration is tested on backtests. */
const calibration = { h: H, byStep: [], pooled: Float64Array.from([-1, 0, 1]) };
const levels = quantileLevels([0.1, 0.5, 0.9]);
let engine: SqlEngine;
let train: TrainData;
let gbdtF: PlanForecaster;
let trueLift = 1;

/** 50 series (5 stores × 10 items) × 2 years of the seeded generator: promotions lift sales (known truth). */
beforeAll(async () => {
  const data = generateRetail({ stores: 5, items: 10, days: 730, seed: 5, intermittentShare: 0, stockouts: 0 });
  let lift = 0, k = 0;
  data.columns.promo.forEach((on, r) => on && data.baseline[r] > 0 && ((lift += data.expected[r] / data.baseline[r]), k++));
  trueLift = lift / k;
  expect(trueLift).toBeGreaterThan(1.2); // promotions lift demand (price cut and display/feature lift)
  const path = join(mkdtempSync(join(tmpdir(), 'fs-plan-')), 'retail.csv');
  writeFileSync(path, toCsv(data));
  engine = await openNodeEngine();
  await loadCsv(engine, { path });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
  train = await loadTrainData(engine, { freq: 'D', knownFuture: covariates.map((c) => c.name) });
  await createBaselinePlan(engine, { freq: 'D', h: H, covariates });
  const gbdt = getModel('gbdt');
  gbdtF = await fitForecaster(engine, train, { freq: 'D', h: H, models: [{ ...gbdt, defaults: { ...gbdt.defaults, numRounds: 120 } }], covariates, seed: 1 });
}, 240_000);

/**
 * A copy of the baseline plan with a promotion on days 8–14 of the horizon for every series: the flag and a
 * 20 % price cut, as the generator's campaigns do (a model with price features reads the lift from both).
 */
async function promoPlan(): Promise<string> {
  await engine.exec(`CREATE OR REPLACE TABLE plan_promo AS SELECT * REPLACE (
      CASE WHEN row_number() OVER w BETWEEN 8 AND 14 THEN 1 ELSE promo END AS promo,
      CASE WHEN row_number() OVER w BETWEEN 8 AND 14 THEN round(price * 0.8, 2) ELSE price END AS price)
    FROM plan WINDOW w AS (PARTITION BY unique_id ORDER BY ds)`);
  return 'plan_promo';
}

describe('baseline plan', () => {
  it('has h rows per series after its last sales day, no promotion, the last regular (non-promotion) price', async () => {
    const t = await engine.query(`SELECT count(*)::DOUBLE AS n, count(DISTINCT unique_id)::DOUBLE AS s, min(ds) = max(ds) AS one, sum(promo)::DOUBLE AS promo,
      sum(CASE WHEN p.price = (SELECT arg_max(price, ds) FILTER (WHERE promo = 0) FROM sales s WHERE s.unique_id = p.unique_id) THEN 1 ELSE 0 END)::DOUBLE AS last_price,
      CAST(min(ds) AS VARCHAR) AS first FROM plan p`);
    expect(numbers(t, 'n')[0]).toBe(50 * H);
    expect(numbers(t, 's')[0]).toBe(50);
    expect(numbers(t, 'promo')[0]).toBe(0);
    expect(numbers(t, 'last_price')[0]).toBe(50 * H);
    expect(String(t.getChild('first')!.toArray()[0])).toBe(dayToIso(train.series[0].ds[train.series[0].ds.length - 1] + 1));
  });

  it("takes the file's own future rows where it has them", async () => {
    await engine.exec(`CREATE OR REPLACE TABLE sales2 AS SELECT * FROM sales`);
    await engine.exec(`INSERT INTO sales2 SELECT unique_id, ds + 1 AS ds, NULL AS y, 9.99 AS price, 1 AS promo, 0 AS is_holiday FROM sales WHERE ds = (SELECT max(ds) FROM sales)`);
    const p = await createBaselinePlan(engine, { freq: 'D', h: H, covariates, sales: 'sales2', table: 'plan2' });
    expect(p.fromFile).toBe(50);
    const t = await engine.query(`SELECT count(*) FILTER (WHERE promo = 1)::DOUBLE AS promo, count(*) FILTER (WHERE price = 9.99)::DOUBLE AS price FROM plan2`);
    expect(numbers(t, 'promo')[0]).toBe(50);
    expect(numbers(t, 'price')[0]).toBe(50); // only the file's row; later days carry the last observed price
  });

  it('daily open flags repeat the last week of history (closed Sundays stay closed), not the last day', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE sales3 AS SELECT *, CASE WHEN dayofweek(ds) = 0 THEN 0 ELSE 1 END AS open FROM sales`);
    const open: CovariateMeta = { name: 'open', source: 'open', type: 'numeric', timing: 'known_future', role: 'open' };
    await createBaselinePlan(engine, { freq: 'D', h: H, covariates: [...covariates, open], sales: 'sales3', table: 'plan3' });
    const t = await engine.query(`SELECT count(*) FILTER (WHERE open = CASE WHEN dayofweek(ds) = 0 THEN 0 ELSE 1 END)::DOUBLE AS ok, count(*) FILTER (WHERE open = 0)::DOUBLE AS closed FROM plan3`);
    expect(numbers(t, 'ok')[0]).toBe(50 * H);
    expect(numbers(t, 'closed')[0]).toBe(50 * 4); // 4 Sundays in 28 days
  });
});

describe('forecast from a plan without refitting', () => {
  it('the fast rebuild of the future rows equals a full rebuild of the features from the plan', async () => {
    const table = await promoPlan();
    const spec = defaultFeatureSpec({ freq: 'D', h: H, covariates, historyLength: 730 });
    const full = await makeFeaturesAt(engine, { freq: 'D', h: H, spec, covariates, seriesIds: train.series.map((s) => s.id), plan: table });
    const cutoff = gbdtF.cutoff;
    const all = await full(cutoff);
    const fast = await gbdtF.featuresAt!(cutoff, { plan: table, futureOnly: true, history: 182 + H });
    const fut = Array.from(all.ds.keys()).filter((r) => all.ds[r] > cutoff);
    expect(fast.ds.length).toBe(50 * H);
    expect(fut.length).toBe(50 * H);
    let diff = 0;
    all.names.forEach((name, j) => {
      if (all.meta?.[j].family === 'lag') return; // taken from the fit's frame, not from this rebuild
      fut.forEach((r, i) => {
        const a = all.columns[j][r];
        const b = fast.columns[j][i];
        if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) diff++;
      });
    });
    expect(diff).toBe(0);
    expect(all.names).toContain('promo');
  });

  it('a promotion in the horizon raises the GBDT forecast on those days only; seasonal naive is unchanged', async () => {
    const table = await promoPlan();
    const base = await forecastFromPlan(gbdtF, { levels, calibration });
    const t0 = performance.now();
    const promo = await forecastFromPlan(gbdtF, { table, levels, calibration, name: 'promo_week_2' });
    let ms = performance.now() - t0;
    for (let i = 0; i < 2; i++) {
      const t1 = performance.now();
      await forecastFromPlan(gbdtF, { table, levels, calibration });
      ms = Math.min(ms, performance.now() - t1);
    }
    console.log(`re-forecast 50 series × ${H} days with the global GBDT from a changed plan: ${ms.toFixed(0)} ms (fit ${gbdtF.fitSeconds.toFixed(1)} s)`);
    // Goal 300 ms (184 ms measured on a quiet run); the test machine is shared, so the bound is relative: no refit.
    expect(ms).toBeLessThan(Math.min(10_000, 0.1 * gbdtF.fitSeconds * 1000));
    expect(base.plan).toBe('baseline');
    expect(promo.plan).toBe('promo_week_2');
    let inside = 0, outside = 0, n = 0;
    base.series.forEach((b, s) => {
      const p = promo.series[s];
      expect(p.id).toBe(b.id);
      for (let j = 0; j < H; j++) {
        if (j >= 7 && j < 14) (inside += p.mean[j] / Math.max(b.mean[j], 1e-9)), n++;
        else outside += Math.abs(p.mean[j] - b.mean[j]) / Math.max(b.mean[j], 1e-9);
      }
    });
    console.log(`promo week: forecast ×${(inside / n).toFixed(3)}; generator's mean lift on promo days ×${trueLift.toFixed(3)} (its depths vary; the plan cuts 20 %)`);
    expect(inside / n).toBeGreaterThan(1.05);
    // Days around the campaign move a little (days-until / days-since promotion features, the post-promo dip).
    expect(outside / (50 * 21)).toBeLessThan(0.1);
    expect(inside / n - 1).toBeGreaterThan(3 * (outside / (50 * 21)));
    const snaive = await fitForecaster(engine, train, { freq: 'D', h: H, models: [getModel('snaive')], covariates });
    const a = await forecastFromPlan(snaive, { levels, calibration });
    const b = await forecastFromPlan(snaive, { table, levels, calibration });
    expect(b.series.map((f) => Array.from(f.mean))).toEqual(a.series.map((f) => Array.from(f.mean)));
    expect(a.series[0].mean.some((v) => v > 0)).toBe(true);
  }, 60_000);

  it('writes both plans into the forecasts table with their quantile columns', async () => {
    const base = await forecastFromPlan(gbdtF, { levels, calibration });
    const promo = await forecastFromPlan(gbdtF, { table: await promoPlan(), levels: quantileLevels([0.05, 0.5, 0.98]), calibration, name: 'promo' });
    expect(await writeForecasts(engine, base)).toBe(50 * H);
    expect(await writeForecasts(engine, promo)).toBe(50 * H);
    expect(await writeForecasts(engine, promo)).toBe(50 * H); // rewriting replaces, never duplicates
    expect(await countForecasts(engine)).toBe(2 * 50 * H);
    const t = await engine.query(`SELECT count(*) FILTER (WHERE "q_0.1" <= "q_0.5" AND "q_0.5" <= "q_0.9")::DOUBLE AS ordered_base,
      count(*) FILTER (WHERE "q_0.05" <= "q_0.5" AND "q_0.5" <= "q_0.98")::DOUBLE AS ordered_promo FROM forecasts`);
    expect(numbers(t, 'ordered_base')[0]).toBe(50 * H);
    expect(numbers(t, 'ordered_promo')[0]).toBe(50 * H);
  });
});
