/**
 * One reader for every input file of the CLIs: `--plan` (loadPlanInput, used by `npm run forecast` and
 * `npm run replenish`) and `--stock` (loadCliStock) go through the reader `--data` uses (loadTableFile →
 * decodeUpload / loadUpload), so a plan or a stock file written as CSV, Parquet or JSON gives the same
 * table, a file that cannot be read gets the data reader's message, and the sales' `raw` table is kept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../src/lib/data/engine';
import { loadTableFile } from '../../../src/lib/data/readUpload';
import { tableToParquet, type ParquetWriter } from '../../../src/lib/export/parquet';
import { loadPlanInput, validatePlan } from '../../../src/lib/forecast';
import { openNodeEngine, type NodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { loadCliStock } from '../../../src/cli/cliPrologue';
import { runForecast } from '../../../src/cli/runForecast';
import { runPromo } from '../../../src/cli/runPromo';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await openNodeEngine();
  // The sales file's raw table and a baseline plan of 2 series × 3 days (price, promo).
  await engine.exec(`CREATE TABLE raw AS SELECT 'kept' AS marker, 42 AS n`);
  await engine.exec(`CREATE TABLE base AS SELECT s AS unique_id, DATE '2024-03-01' + d::INTEGER AS ds, 2.5::DOUBLE AS price, 0::DOUBLE AS promo FROM (VALUES ('a'), ('b')) t(s), range(3) r(d)`);
});
afterAll(async () => {
  await engine.close?.();
});

const enc = (s: string) => new TextEncoder().encode(s);
const PLAN = [['a', '2024-03-01', 2.5, 0], ['a', '2024-03-02', 2.0, 1], ['a', '2024-03-03', 2.0, 1], ['b', '2024-03-01', 2.5, 0], ['b', '2024-03-02', 2.5, 0], ['b', '2024-03-03', 3.0, 0]] as const;
const csv = 'unique_id,ds,price,promo\n' + PLAN.map((r) => r.join(',')).join('\n') + '\n';
const register = (p: string, b: Uint8Array) => engine.registerFile(p, b);
const planTable = async () => rows<{ _line: number; unique_id: string; ds: string; price: number; promo: number }>(engine, `SELECT _line::DOUBLE AS _line, CAST(unique_id AS VARCHAR) AS unique_id, CAST(ds AS VARCHAR) AS ds, CAST(price AS DOUBLE) AS price, CAST(promo AS DOUBLE) AS promo FROM plan_input ORDER BY _line`);
const validated = async () => {
  const v = await validatePlan(engine, { input: 'plan_input', baseline: 'base', out: 'plan_checked' });
  expect(v.issues).toEqual([]);
  return rows<{ unique_id: string; ds: string; price: number; promo: number }>(engine, `SELECT unique_id, CAST(ds AS VARCHAR) AS ds, price, promo FROM plan_checked ORDER BY 1, 2`);
};

describe('loadPlanInput', () => {
  it('a CSV plan: every row with its line (header = line 1), and raw is untouched', async () => {
    const r = await loadPlanInput(engine, { name: 'plan.csv', bytes: enc(csv) }, { register });
    expect(r.table).toBe('plan_input');
    const t = await planTable();
    expect(t.map((x) => x._line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(t.map((x) => [x.unique_id, x.ds, x.price, x.promo])).toEqual(PLAN.map((p) => [...p]));
    expect(await rows(engine, 'SELECT marker, n::DOUBLE AS n FROM raw')).toEqual([{ marker: 'kept', n: 42 }]);
    expect((await validated()).map((x) => x.price)).toEqual([2.5, 2, 2, 2.5, 2.5, 3]);
  });

  it('the same plan as Parquet and as JSON validates to the same table as the CSV', async () => {
    await loadPlanInput(engine, { name: 'plan.csv', bytes: enc(csv) }, { register });
    const fromCsv = await validated();
    const pq = tableToParquet({ columns: ['unique_id', 'ds', 'price', 'promo'], rows: PLAN.map((r) => [...r]) }, (await import('parquet-wasm')) as unknown as ParquetWriter);
    await loadPlanInput(engine, { name: 'plan.parquet', bytes: pq }, { register });
    expect((await planTable()).map((x) => x._line)).toEqual([1, 2, 3, 4, 5, 6]); // records, not lines
    expect(await validated()).toEqual(fromCsv);
    const json = JSON.stringify(PLAN.map(([unique_id, ds, price, promo]) => ({ unique_id, ds, price, promo })));
    await loadPlanInput(engine, { name: 'plan.json', bytes: enc(json) }, { register });
    expect(await validated()).toEqual(fromCsv);
  });

  it('a bad cell is still reported on its CSV line', async () => {
    await loadPlanInput(engine, { name: 'plan.csv', bytes: enc(csv.replace('b,2024-03-02,2.5', 'b,2024-03-02,cheap')) }, { register });
    const v = await validatePlan(engine, { input: 'plan_input', baseline: 'base', out: 'plan_checked' });
    expect(v.issues.map((i) => i.message)).toEqual(['Column "price" is not a number in plan row(s) 6.']);
  });

  it('a file that is not a table gets the data reader\'s message, and no table', async () => {
    const r = await loadPlanInput(engine, { name: 'plan.csv', bytes: new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7, 9, 0, 0]) }, { register });
    expect(r.table).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ level: 'error' });
    expect(r.issues[0].message).toMatch(/plan\.csv/);
    expect(await rows(engine, 'SELECT marker FROM raw')).toEqual([{ marker: 'kept' }]);
  });
});

describe('loadCliStock: the stock file through the same reader', () => {
  const io = () => {
    const err: string[] = [];
    return { err, io: { stdout: () => {}, stderr: (l: string) => err.push(l) } };
  };
  const dir = mkdtempSync(join(tmpdir(), 'fs-stock-'));
  const opts = { id: ['store', 'item'], asOf: Date.UTC(2024, 2, 1) / 86_400_000, periodDays: 1 };
  const want = [
    { id: 's1/i1', onHand: 40, leadTime: 3, service: 0.95, openOrders: [{ quantity: 120, arrivesIn: 2 }] },
    { id: 's1/i2', onHand: 0, leadTime: 2, service: 0.9, salvage: 0.5 },
  ];

  it('CSV and JSON give the same rows; percent signs and open orders are read as before', async () => {
    const c = join(dir, 'stock.csv');
    writeFileSync(c, 'store,item,on_hand,lead_time,service,open_orders,salvage\ns1,i1,40,3,95%,120@2024-03-03,\ns1,i2,0,2,0.9,,0.5\n');
    const j = join(dir, 'stock.json');
    writeFileSync(j, JSON.stringify([{ store: 's1', item: 'i1', on_hand: 40, lead_time: 3, service: 0.95, open_orders: '120@2024-03-03' }, { store: 's1', item: 'i2', on_hand: 0, lead_time: 2, service: 0.9, salvage: 0.5 }]));
    for (const f of [c, j]) {
      const o = io();
      const got = await loadCliStock(engine, o.io, f, opts);
      expect(got, o.err.join('\n')).toEqual(want);
    }
  });

  it('a stock file that cannot be read or has a bad cell exits 2 with the reason', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'unique_id,on_hand\ns1/i1,lots\n');
    const o = io();
    expect(await loadCliStock(engine, o.io, bad, opts)).toBe(2);
    expect(o.err.join('\n')).toMatch(/Stock file row 2, column on_hand: "lots" is not a number/);
    const o2 = io();
    expect(await loadCliStock(engine, o2.io, dir, opts)).toBe(2);
    expect(o2.err.join('\n')).toMatch(/--stock file cannot be read: .* \(it is a folder\)/);
  });
});

describe('npm run forecast --plan', () => {
  it('a plan that is not a table stops with the reader\'s message, before any model runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-plan-'));
    const data = join(dir, 'sales.csv');
    const lines = ['store,date,sales'];
    for (const s of ['s1', 's2']) for (let d = 0; d < 40; d++) lines.push(`${s},${new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)},${10 + (d % 7)}`);
    writeFileSync(data, lines.join('\n') + '\n');
    const plan = join(dir, 'plan.parquet');
    writeFileSync(plan, 'this is not parquet at all');
    const err: string[] = [];
    const code = await runForecast(['--data', data, '--id', 'store', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '7', '--model', 'snaive', '--plan', plan, '--out', join(dir, 'fc.csv')], { stdout: () => {}, stderr: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/plan\.parquet/);
    expect(err.join('\n')).not.toMatch(/backtest:/);
  }, 30_000);
});

describe('npm run promo --scenario', () => {
  it('goes through the same file reader: a folder exits 2 saying so; a UTF-8 BOM is not a JSON error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-scen-'));
    const flags = ['--data', join(dir, 'x.csv'), '--id', 'store', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '7'];
    writeFileSync(join(dir, 'x.csv'), 'store,date,sales\n');
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (l: string) => err.push(l) };
    expect(await runPromo([...flags, '--scenario', dir, '--out', join(dir, 'r.json')], io)).toBe(2);
    expect(err.join('\n')).toMatch(/--scenario file cannot be read: .* \(it is a folder\)/);
    err.length = 0;
    writeFileSync(join(dir, 'bom.json'), '\uFEFF{"promotions": "not a list"}');
    expect(await runPromo([...flags, '--scenario', join(dir, 'bom.json'), '--out', join(dir, 'r.json')], io)).toBe(2);
    expect(err.join('\n')).not.toMatch(/not valid JSON/);
  });
});
