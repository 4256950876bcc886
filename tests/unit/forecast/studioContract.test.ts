/**
 * The forecast contract as the studio runs it (`calibratedForecast`): quantiles calibrated on a rolling-origin
 * backtest cover held-out outcomes as promised, the forecasts table reads back exactly what was written, and
 * the CSV export has the CLI's columns.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayToIso, type CovariateMeta } from '../../../src/lib/data/contract';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import {
  calibratedForecast, countForecasts, createBaselinePlan, DEFAULT_QUANTILES, forecastSetCsv, forecastSetsCsv, forecastsCsvText, forecastsParquet, parseQuantiles, planCsvText,
  quantileLevels, quantileOf, readForecasts, writeForecasts, type ParquetWriter,
  type ForecastSet,
} from '../../../src/lib/forecast';
import { getModel } from '../../../src/lib/models';
import type { TrainData } from '../../../src/lib/models/protocol';
import { loadCsv, loadTrainData, mapSales, numbers, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';

const covariates: CovariateMeta[] = [
  { name: 'price', source: 'price', type: 'numeric', timing: 'known_future', role: 'price' },
  { name: 'promo', source: 'promo', type: 'numeric', timing: 'known_future', role: 'promo' },
];
const H = 28;
let engine: SqlEngine;
let full: TrainData;

beforeAll(async () => {
  const data = generateRetail({ stores: 5, items: 10, days: 730, seed: 11, intermittentShare: 0, stockouts: 0 });
  const path = join(mkdtempSync(join(tmpdir(), 'fs-contract-')), 'retail.csv');
  writeFileSync(path, toCsv(data));
  engine = await openNodeEngine();
  await loadCsv(engine, { path });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
  full = await loadTrainData(engine, { freq: 'D' });
}, 120_000);
afterAll(async () => engine?.close?.());

/** `train` without its last `h` periods (the held-out outcomes), and those outcomes by series. */
function holdOut(train: TrainData, h: number): { train: TrainData; actual: Map<string, Float64Array> } {
  const actual = new Map(train.series.map((s) => [s.id, s.y.slice(-h)]));
  return { train: { ...train, series: train.series.map((s) => ({ ...s, ds: s.ds.slice(0, -h), y: s.y.slice(0, -h) })) }, actual };
}

describe('calibratedForecast (the studio Forecast step)', () => {
  it('80 % band from the calibration covers 70–90 % of 1,400 held-out outcomes; quantiles never cross', async () => {
    const { train, actual } = holdOut(full, H);
    // The plan table the forecast reads is built on the shortened history (its dates follow the cutoff).
    await engine.exec(`CREATE OR REPLACE TABLE sales_short AS SELECT * FROM sales WHERE ds <= DATE '${dayToIso(train.series[0].ds.at(-1)!)}'`);
    await createBaselinePlan(engine, { freq: 'D', h: H, covariates, sales: 'sales_short', table: 'plan_short' });
    const levels = quantileLevels([...DEFAULT_QUANTILES.filter((p) => [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95].includes(p)), 0.98]);
    const r = await calibratedForecast(engine, train, { freq: 'D', h: H, model: getModel('snaive'), levels, windows: 4, plan: 'plan_short', fallback: getModel('naive') });
    expect(r.set.series).toHaveLength(50);
    expect(r.residuals).toBe(50 * H * 4);
    let inside = 0, n = 0, below98 = 0;
    for (const f of r.set.series) {
      const lo = quantileOf(r.set, f, 0.1)!, hi = quantileOf(r.set, f, 0.9)!, q98 = quantileOf(r.set, f, 0.98)!;
      const y = actual.get(f.id)!;
      expect(f.ds.length).toBe(H);
      for (let j = 0; j < H; j++) {
        for (let k = 1; k < f.q.length; k++) expect(f.q[k][j]).toBeGreaterThanOrEqual(f.q[k - 1][j]);
        inside += Number(y[j] >= lo[j] && y[j] <= hi[j]);
        below98 += Number(y[j] <= q98[j]);
        n++;
      }
    }
    expect(n).toBe(1400);
    expect(inside / n).toBeGreaterThan(0.7);
    expect(inside / n).toBeLessThan(0.9);
    expect(below98 / n).toBeGreaterThan(0.94);
    // snaive's mean is the value one week earlier (weekly season), independently of the model code.
    const s0 = train.series[0];
    expect(r.set.series.find((f) => f.id === s0.id)!.mean[0]).toBe(s0.y[s0.y.length - 7]);
  }, 120_000);

  it('writes to the forecasts table and reads the same sets back; the CSV has the CLI columns', async () => {
    await createBaselinePlan(engine, { freq: 'D', h: H, covariates });
    const levels = (parseQuantiles('0.1,0.5,0.9,0.98') as { levels: ReturnType<typeof quantileLevels> }).levels;
    const sets: ForecastSet[] = [];
    for (const name of ['snaive', 'naive']) {
      const r = await calibratedForecast(engine, full, { freq: 'D', h: H, model: getModel(name), levels, windows: 2 });
      expect(await writeForecasts(engine, r.set)).toBe(50 * H);
      sets.push(r.set);
    }
    expect(await countForecasts(engine)).toBe(2 * 50 * H);
    const back = await readForecasts(engine);
    expect(back.map((s) => s.model)).toEqual(['naive', 'snaive']);
    const snaive = back.find((s) => s.model === 'snaive')!;
    expect(snaive.plan).toBe('baseline');
    expect(snaive.cutoff).toBe(sets[0].cutoff);
    expect(snaive.levels.map((l) => l.label)).toEqual(['0.1', '0.5', '0.9', '0.98']);
    const a = sets[0].series[3], b = snaive.series.find((f) => f.id === a.id)!;
    expect(Array.from(b.ds)).toEqual(Array.from(a.ds));
    for (let k = 0; k < 4; k++) for (let j = 0; j < H; j++) expect(b.q[k][j]).toBeCloseTo(a.q[k][j], 9);
    const csv = forecastSetsCsv(back).trimEnd().split('\n');
    expect(csv[0]).toBe('unique_id,ds,model,mean,q_0.1,q_0.5,q_0.9,q_0.98');
    expect(csv).toHaveLength(1 + 2 * 50 * H);
    const row = csv.find((l) => l.startsWith(`${a.id},${dayToIso(a.ds[0])},snaive,`))!.split(',');
    expect(Number(row[5])).toBeCloseTo(a.q[1][0], 4);
    expect(forecastSetCsv(sets[0]).split('\n')[0]).toBe(csv[0]);
    // Sets with other levels would shift the columns: refused, saying which.
    expect(() => forecastSetsCsv([sets[0], { ...sets[1], levels: quantileLevels([0.1, 0.9]), series: [] }])).toThrow(/naive forecast has quantiles 0.1, 0.9/);
    const t = await engine.query(`SELECT count(*)::DOUBLE AS n FROM forecasts WHERE q_0.1 > q_0.5 OR q_0.5 > q_0.9`.replace(/q_0\.(\d+)/g, '"q_0.$1"'));
    expect(numbers(t, 'n')[0]).toBe(0);
  }, 120_000);

  it('refuses a global model and a quantile outside (0, 1) with a message', async () => {
    await expect(calibratedForecast(engine, full, { freq: 'D', h: H, model: getModel('gbdt'), levels: quantileLevels([0.5]) })).rejects.toThrow(/global model/);
    expect(parseQuantiles('0.1,1.2')).toEqual({ error: expect.stringMatching(/1\.2 is outside \(0, 1\)/) });
  });
});

describe('exports of the forecasts table and the plan', () => {
  it('Parquet bytes read back with parquet-wasm to the same rows; the plan CSV has the plan table', async () => {
    // In Node 'parquet-wasm' resolves to its node build, which loads its wasm itself (the worker passes a URL).
    const pq = await import('parquet-wasm');
    const bytes = await forecastsParquet(engine, pq as unknown as ParquetWriter);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
    const { tableFromIPC } = await import('apache-arrow');
    const back = tableFromIPC(pq.readParquet(bytes).intoIPCStream());
    const n = await countForecasts(engine);
    expect(back.numRows).toBe(n);
    expect(back.schema.fields.map((f) => f.name).slice(0, 6)).toEqual(['unique_id', 'ds', 'model', 'cutoff', 'plan', 'mean']);
    const csv = (await forecastsCsvText(engine)).trimEnd().split('\n');
    expect(csv).toHaveLength(1 + n);
    const plan = (await planCsvText(engine)).trimEnd().split('\n');
    expect(plan[0]).toBe('unique_id,ds,price,promo');
    expect(plan).toHaveLength(1 + 50 * H);
    const t = await engine.query(`SELECT unique_id, CAST(ds AS VARCHAR) AS d, price FROM plan ORDER BY unique_id, ds LIMIT 1`);
    expect(plan[1]).toBe(`${String(t.getChild('unique_id')!.get(0))},${String(t.getChild('d')!.get(0))},${numbers(t, 'price')[0]},0`);
  }, 60_000);
});
