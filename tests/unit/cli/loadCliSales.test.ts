/**
 * `loadCliSales` (every CLI's `--data` stage) on awkward files of the studio's corpus (tests/fixtures/awkward):
 * monthly, ISO-week, Excel-serial, epoch and zoned dates, a workbook, currency, a JSON `{"rows": […]}` export.
 * The columns are named as the flags name them; rows, range and Σ y of `sales` come from the formulas that
 * wrote the files (tests/tools/makeAwkward.mts: store s·, period i → 100·(s+1) + i; currency: that / 8 in cents).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Freq } from '../../../src/lib/data/contract';
import { rows } from '../../../src/lib/data/engine';
import { loadCliSales } from '../../../src/lib/pipeline';
import { openNodeEngine, type NodeEngine } from '../../../src/lib/pipeline/nodeEngine';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(async () => {
  await engine.close?.();
});

const range = (k: number) => Array.from({ length: k }, (_, i) => i);
const baseSum = (k: number, stores = 2) => range(stores).reduce((a, s) => a + range(k).reduce((b, i) => b + 100 * (s + 1) + i, 0), 0);
const centsSum = range(2).reduce((a, s) => a + range(60).reduce((b, i) => b + Math.round(((100 * (s + 1) + i) / 8) * 100) / 100, 0), 0);

const load = (file: string, date: string, freq: Freq, target = 'sales') =>
  loadCliSales(engine, { file: { name: file, bytes: new Uint8Array(readFileSync(`tests/fixtures/awkward/${file}`)) }, register: (p, b) => engine.registerFile(p, b), id: ['store'], date, target, freq });

const cases: Array<[file: string, date: string, freq: Freq, rows: number, first: string, last: string, sum: number, target?: string, series?: number]> = [
  ['monthly_yyyy_mm.csv', 'month', 'M', 72, '2020-01-01', '2022-12-01', baseSum(36)],
  ['iso_weeks.csv', 'week', 'W', 140, '2023-01-02', '2024-04-29', baseSum(70)],
  ['excel_serial.csv', 'date', 'D', 120, '2024-01-01', '2024-02-29', baseSum(60)],
  ['epoch_seconds.csv', 'timestamp', 'D', 120, '2024-01-01', '2024-02-29', baseSum(60)],
  ['timezone_offset.csv', 'date', 'D', 120, '2024-01-01', '2024-02-29', baseSum(60)],
  ['workbook.xlsx', 'date', 'D', 120, '2024-01-01', '2024-02-29', baseSum(60)],
  ['currency_dollar.csv', 'date', 'D', 120, '2024-01-01', '2024-02-29', centsSum, 'revenue'],
  ['json_object_rows.json', 'date', 'D', 30, '2024-01-01', '2024-01-30', baseSum(30, 1), 'sales', 1],
];

describe('loadCliSales reads what the studio reads', () => {
  for (const [file, date, freq, n, first, last, sum, target, series = 2] of cases)
    it(file, async () => {
      const r = await load(file, date, freq, target);
      expect(r.issues.filter((i) => i.level === 'error'), file).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.mapped).toMatchObject({ series, rows: n });
      const s = (await rows<{ n: number; a: string; b: string; y: number }>(engine, 'SELECT count(*)::DOUBLE AS n, CAST(min(ds) AS VARCHAR) AS a, CAST(max(ds) AS VARCHAR) AS b, sum(y) AS y FROM sales'))[0];
      expect({ n: s.n, a: s.a.slice(0, 10), b: s.b.slice(0, 10) }).toEqual({ n, a: first, b: last });
      expect(s.y).toBeCloseTo(sum, 6);
    });

  it('refuses with exit code 2 and the studio\'s message: an old .xls, a broken NDJSON line, a missing column', async () => {
    const xls = await load('legacy.xls', 'date', 'D');
    expect(xls.exitCode).toBe(2);
    expect(xls.issues[0]).toMatchObject({ level: 'error', code: 'xls_legacy' });
    const nd = await load('ndjson_broken_line.ndjson', 'date', 'D');
    expect(nd.exitCode).toBe(2);
    expect(nd.issues[0].message).toMatch(/^Line 6 of "ndjson_broken_line.ndjson" is not valid JSON/);
    const col = await load('iso_weeks.csv', 'date', 'W');
    expect(col.exitCode).toBe(2);
    expect(col.issues.map((i) => i.message)).toContain('Column "date" (--date) is not in the file.');
    expect(col.mapped).toBeUndefined();
  });
});
