import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { createBaselinePlan, fitForecaster, forecastFromPlan, quantileLevels } from '../../../src/lib/forecast';
import { getModel } from '../../../src/lib/models';
import type { TrainData } from '../../../src/lib/models/protocol';
import { loadCsv, loadTrainData, mapSales, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { generatorCovariates } from '../../helpers/covariates';

const covariates = generatorCovariates(['price', 'promo']);
const H = 14;
const calibration = { h: H, byStep: [], pooled: Float64Array.from([-1, 0, 1]) };
const levels = quantileLevels([0.1, 0.5, 0.9]);
let engine: SqlEngine;
let train: TrainData;
const light = (name: string, d: Record<string, unknown>) => {
  const m = getModel(name);
  return { ...m, defaults: { ...m.defaults, ...d } };
};

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'fs-mixed-')), 'retail.csv');
  writeFileSync(path, toCsv(generateRetail({ stores: 2, items: 3, days: 400, seed: 9, intermittentShare: 0, stockouts: 0 })));
  engine = await openNodeEngine();
  await loadCsv(engine, { path });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
  train = await loadTrainData(engine, { freq: 'D', knownFuture: covariates.map((c) => c.name) });
  await createBaselinePlan(engine, { freq: 'D', h: H, covariates });
}, 120_000);

describe('a forecaster that mixes lag strategies (e.g. an ensemble of gbdt_recursive and linear)', () => {
  it('fits and forecasts each member on the frame of its own strategy, as the backtest does', async () => {
    const rec = light('gbdt_recursive', { numRounds: 40 });
    const lin = getModel('linear');
    const alone = await fitForecaster(engine, train, { freq: 'D', h: H, models: [rec], covariates, seed: 1 });
    // No ensemble recipe: the forecast is the first member's (gbdt_recursive) alone.
    const mixed = await fitForecaster(engine, train, { freq: 'D', h: H, models: [rec, lin], covariates, seed: 1 });
    expect(mixed.views?.map((v) => v.strategy).sort()).toEqual(['direct', 'recursive']);
    const lagCols = (names: string[]) => names.filter((n) => /lag|roll|ewm/i.test(n)).length;
    const direct = mixed.views!.find((v) => v.strategy === 'direct')!;
    const recursive = mixed.views!.find((v) => v.strategy === 'recursive')!;
    // The recursive frame has the short lags (1 … h−1) that a direct one must not read.
    expect(lagCols(recursive.baseFuture.names)).toBeGreaterThan(lagCols(direct.baseFuture.names));
    const a = await forecastFromPlan(alone, { levels, calibration });
    const b = await forecastFromPlan(mixed, { levels, calibration });
    expect(b.series.map((s) => s.id)).toEqual(a.series.map((s) => s.id));
    let maxDiff = 0;
    a.series.forEach((s, i) => s.mean.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - b.series[i].mean[j])))));
    expect(maxDiff).toBeLessThan(1e-9);
    // And the direct member forecasts as it does alone.
    const linAlone = await fitForecaster(engine, train, { freq: 'D', h: H, models: [lin], covariates, seed: 1 });
    const linMixed = await fitForecaster(engine, train, { freq: 'D', h: H, models: [lin, rec], covariates, seed: 1 });
    const c = await forecastFromPlan(linAlone, { levels, calibration });
    const d = await forecastFromPlan(linMixed, { levels, calibration });
    let linDiff = 0;
    c.series.forEach((s, i) => s.mean.forEach((v, j) => (linDiff = Math.max(linDiff, Math.abs(v - d.series[i].mean[j])))));
    expect(linDiff).toBeLessThan(1e-9);
    expect(c.series[0].mean.some((v) => v > 0)).toBe(true);
  }, 120_000);

  it('a recursive model given a direct frame is refused, not silently fitted as another model', async () => {
    const rec = light('gbdt_recursive', { numRounds: 5 });
    const mixed = await fitForecaster(engine, train, { freq: 'D', h: H, models: [getModel('linear')], covariates, seed: 1 });
    const cutoff = Math.max(...train.series.map((s) => s.ds[s.ds.length - 1]));
    const directFrame = await mixed.views![0].featuresAt(cutoff);
    expect(mixed.views![0].strategy).toBe('direct');
    await expect(rec.fit({ ...train, features: directFrame }, rec.defaults)).rejects.toThrow(/gbdt_recursive forecasts recursively/);
  }, 60_000);
});
