/**
 * The studio's Forecast step (`forecastStep`, the train worker's body) and `npm run forecast` compose the
 * same stages (`forecastSales`): on the same data they write the same forecasts for a global model, and a
 * level's sum is the sum of its series' means with quantiles calibrated on that sum's own backtest.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runForecast } from '../../../src/cli/runForecast';
import { dayToIso } from '../../../src/lib/data/contract';
import { forecastStep, quantileOf, readForecasts, type ForecastRunResult } from '../../../src/lib/forecast';
import { flagCovariates, loadCsv, mapSales, tableColumns, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';

const data = resolve(__dirname, '../../fixtures/small_retail.csv');
const Q = '0.05,0.1,0.25,0.5,0.75,0.9,0.95';
const H = 14;
let engine: SqlEngine;
let cli: string[][];
let step: ForecastRunResult;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fs-step-')), 'gbdt.csv');
  const err: string[] = [];
  const code = await runForecast(
    ['--data', data, '--id', 'store,item', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', String(H), '--known-future', 'price,promo,is_holiday', '--model', 'gbdt', '--quantiles', Q, '--windows', '3', '--out', out],
    { stdout: () => undefined, stderr: (l) => err.push(l) },
  );
  expect(code, err.join('\n')).toBe(0);
  cli = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
  // The studio's side: the same file mapped the same way, then the Forecast step's function.
  engine = await openNodeEngine();
  await loadCsv(engine, { path: data });
  const covariates = flagCovariates(await tableColumns(engine, 'raw'), { knownFuture: ['price', 'promo', 'is_holiday'] });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
  step = await forecastStep(engine, { selection: { kind: 'series', id: 'store_1/item_02' }, freq: 'D', season: 7, h: H, models: ['gbdt'], quantiles: Q, covariates, windows: 3 });
}, 300_000);
afterAll(async () => engine?.close?.());

describe('forecastStep (the studio) and npm run forecast (the CLI)', () => {
  it('write the same GBDT forecasts: every series, date, mean and quantile', async () => {
    expect(step.errors).toEqual([]);
    expect(step.rows).toBe(2 * H);
    expect(cli[0]).toEqual(['unique_id', 'ds', 'model', 'mean', ...Q.split(',').map((q) => `q_${q}`)]);
    const [set] = await readForecasts(engine, { model: 'gbdt' });
    expect(set.plan).toBe('baseline');
    const rows = set.series.flatMap((f) => Array.from(f.ds, (d, j) => [f.id, dayToIso(d), set.model, f.mean[j], ...f.q.map((q) => q[j])]));
    expect(rows).toHaveLength(cli.length - 1);
    rows.forEach((r, i) => {
      const c = cli[i + 1];
      expect(r.slice(0, 3)).toEqual(c.slice(0, 3));
      // The CSV writes 8 significant digits: equal to within half a unit of the 8th digit.
      for (let k = 3; k < c.length; k++) expect(Math.abs(Number(r[k]) - Number(c[k]))).toBeLessThanOrEqual(5e-8 * Math.abs(Number(c[k])) + 1e-12);
    });
    // The band is not a copy of the mean: the calibration widened it.
    const f = set.series[0];
    expect(quantileOf(set, f, 0.9)![0] - quantileOf(set, f, 0.1)![0]).toBeGreaterThan(0);
  });

  it('charts the selected series from the same set, with its backtest coverage', async () => {
    const [set] = await readForecasts(engine, { model: 'gbdt' });
    const f = set.series.find((s) => s.id === 'store_1/item_02')!;
    const shown = step.forecasts[0];
    expect(shown.model).toBe('gbdt');
    expect(Array.from(shown.mean)).toEqual(Array.from(f.mean));
    expect(shown.coverage80).toBeGreaterThanOrEqual(0);
    expect(shown.coverage80).toBeLessThanOrEqual(1);
  });

  it('a level sums its series’ means and calibrates the sum’s own quantiles (ordered, not the sum of quantiles)', async () => {
    const r = await forecastStep(engine, { selection: { kind: 'total' }, freq: 'D', season: 7, h: H, models: ['gbdt'], quantiles: Q, covariates: flagCovariates(await tableColumns(engine, 'raw'), { knownFuture: ['price', 'promo', 'is_holiday'] }), windows: 3 });
    expect(r.errors).toEqual([]);
    const [set] = await readForecasts(engine, { model: 'gbdt' });
    const total = r.forecasts[0];
    expect(total.ds).toHaveLength(H);
    let summedQ = 0, ownQ = 0;
    for (let j = 0; j < H; j++) {
      expect(total.mean[j]).toBeCloseTo(set.series[0].mean[j] + set.series[1].mean[j], 6);
      for (let k = 1; k < total.q.length; k++) expect(total.q[k][j]).toBeGreaterThanOrEqual(total.q[k - 1][j]);
      summedQ += set.series[0].q[6][j] - set.series[0].q[0][j] + set.series[1].q[6][j] - set.series[1].q[0][j];
      ownQ += total.q[6][j] - total.q[0][j];
    }
    expect(ownQ).toBeGreaterThan(0);
    expect(Math.abs(ownQ - summedQ)).toBeGreaterThan(1e-6);
  }, 120_000);
});
