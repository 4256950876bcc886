/**
 * `--data` takes what the studio's Data step takes: the same sales written as a plain CSV, Parquet, NDJSON,
 * a gzipped CSV and a CSV with thousands separators (`"1,851"`) give the backtest CLI the same series,
 * metrics and forecast rows, and the forecast CLI the same forecast (JSON, workbooks, odd dates and refusals:
 * loadCliSales.test.ts). A folder exits 2 with the reason. The data: 3 stores × 120 days, sales in the
 * thousands (seeded), a promo flag.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/data/random';
import { tableToParquet, type ParquetWriter } from '../../../src/lib/export/parquet';
import { runCli } from '../../../src/cli/runCli';
import { runForecast } from '../../../src/cli/runForecast';

const dir = mkdtempSync(join(tmpdir(), 'fs-formats-'));

interface Row { store: string; date: string; sales: number; promo: number }
const rng = createRng(5);
const DATA: Row[] = [];
for (let s = 1; s <= 3; s++)
  for (let d = 0; d < 120; d++) {
    const date = new Date(Date.UTC(2024, 0, 1) + d * 86_400_000);
    const promo = Math.floor(d / 5) % 4 === 0 ? 1 : 0;
    const dow = [0.8, 1, 1, 1.1, 1.2, 1.5, 0.7][date.getUTCDay()];
    DATA.push({ store: `s${s}`, date: date.toISOString().slice(0, 10), sales: Math.round(1000 * s * dow * (promo ? 1.4 : 1) * (1 + 0.05 * rng.normal())), promo });
  }

const csvLines = (sales: (v: number) => string) => ['store,date,sales,promo', ...DATA.map((r) => `${r.store},${r.date},${sales(r.sales)},${r.promo}`)].join('\n') + '\n';
const file = (name: string, bytes: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const FILES = {
  csv: file('sales.csv', csvLines(String)),
  parquet: file('sales.parquet', tableToParquet({ columns: ['store', 'date', 'sales', 'promo'], rows: DATA.map((r) => [r.store, r.date, r.sales, r.promo]) }, (await import('parquet-wasm')) as unknown as ParquetWriter)),
  ndjson: file('sales.ndjson', DATA.map((r) => JSON.stringify(r)).join('\n') + '\n'),
  gzip: file('sales.csv.gz', gzipSync(csvLines(String))),
  thousands: file('thousands.csv', csvLines((v) => `"${v.toLocaleString('en-US')}"`)),
};

async function run(cli: typeof runCli, argv: string[]) {
  const err: string[] = [];
  const out: string[] = [];
  const code = await cli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

const flags = (data: string) => ['--data', data, '--id', 'store', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '7'];

async function backtest(kind: keyof typeof FILES) {
  const out = join(dir, `${kind}.json`);
  const fc = join(dir, `${kind}_fc.csv`);
  const r = await run(runCli, [...flags(FILES[kind]), '--known-future', 'promo', '--models', 'snaive,ets', '--selection-windows', '1', '--out', out, '--forecast-out', fc]);
  expect(r.code, r.err).toBe(0);
  return { err: r.err, result: JSON.parse(readFileSync(out, 'utf8')) as { models: Array<Record<string, unknown>>; selected: string }, forecasts: readFileSync(fc, 'utf8') };
}

describe('--data in every format the studio reads', () => {
  it('Parquet, NDJSON, gzip and thousands separators give the plain CSV\'s metrics and forecasts', async () => {
    const plain = await backtest('csv');
    expect(plain.err).toContain('sales: 3 series, 360 rows');
    // The reference is a real backtest of the file's numbers: seasonal naive's WAPE is Σ|ŷ − y| / Σ|y| of its
    // rows in the evaluated window, and those y are the file's last 7 days of each store.
    const head = plain.forecasts.split('\n')[0].split(',');
    const [iDs, iCut, iModel, iY, iHat] = ['ds', 'cutoff', 'model', 'y', 'y_hat'].map((c) => head.indexOf(c));
    const rows = plain.forecasts.trim().split('\n').slice(1).map((l) => l.split(','));
    const last = rows.map((r) => r[iCut]).sort().at(-1);
    const naive = rows.filter((r) => r[iModel] === 'snaive' && r[iCut] === last);
    const lastDays = new Set(DATA.slice(-7).map((r) => r.date));
    expect(naive.map((r) => r[iDs]).every((d) => lastDays.has(d))).toBe(true);
    expect(naive.reduce((a, r) => a + Number(r[iY]), 0)).toBe(DATA.filter((r) => lastDays.has(r.date)).reduce((a, r) => a + r.sales, 0));
    const wape = naive.reduce((a, r) => a + Math.abs(Number(r[iHat]) - Number(r[iY])), 0) / naive.reduce((a, r) => a + Math.abs(Number(r[iY])), 0);
    expect(plain.result.models.find((m) => m.model === 'snaive')!.wape as number).toBeCloseTo(wape, 6);
    expect(wape).toBeGreaterThan(0.01);
    for (const kind of ['parquet', 'ndjson', 'gzip', 'thousands'] as const) {
      const other = await backtest(kind);
      expect(other.err, kind).toContain('sales: 3 series, 360 rows');
      const fit = (m: Record<string, unknown>) => ({ ...m, fit_seconds: 0 });
      expect(other.result.models.map(fit), kind).toEqual(plain.result.models.map(fit));
      expect(other.result.selected, kind).toBe(plain.result.selected);
      expect(other.forecasts, kind).toBe(plain.forecasts);
    }
  }, 180_000);

  it('npm run forecast reads Parquet to the same forecast as the CSV', async () => {
    const fc = async (kind: 'csv' | 'parquet') => {
      const out = join(dir, `forecast_${kind}.csv`);
      const r = await run(runForecast, [...flags(FILES[kind]), '--model', 'snaive', '--quantiles', '0.1,0.9', '--out', out]);
      expect(r.code, r.err).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const csv = await fc('csv');
    expect(csv.split('\n')[0]).toBe('unique_id,ds,model,mean,q_0.1,q_0.9');
    expect(csv.trim().split('\n')).toHaveLength(1 + 3 * 7);
    expect(await fc('parquet')).toBe(csv);
  }, 120_000);

  it('a folder: exit 2 with the reason before the engine starts, no stack trace', async () => {
    const folder = join(dir, 'a_folder');
    mkdirSync(folder);
    const a = await run(runCli, [...flags(folder), '--models', 'snaive']);
    expect(a.code).toBe(2);
    expect(a.err).toBe(`error: --data file cannot be read: ${folder} (it is a folder)`);
  });
});
