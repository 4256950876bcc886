/**
 * The corpus of awkward files (issue 14): each fixture in tests/fixtures/awkward/ with the outcome it
 * must have, run through the studio's own ingest code (unpack → sniff → read → guess → prepare) on
 * DuckDB-WASM in Node. Expected sums come from the formulas that wrote the files
 * (tests/tools/makeAwkward.mts), never from the code under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { decodeUpload, loadUpload } from '../../../src/lib/data/readUpload';
import { guessMapping, prepareSales } from '../../../src/lib/data/prepare';
import { DEFAULT_CLEANING } from '../../../src/lib/data/cleaning';
import { rows } from '../../../src/lib/data/engine';
import type { DataIssue, Freq } from '../../../src/lib/data/contract';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});

let n = 0;
/** What the worker's ingestBytes does: the shared decodeUpload → loadUpload, then the mapping guess. */
async function ingest(file: string) {
  const bytes = new Uint8Array(readFileSync(`tests/fixtures/awkward/${file}`));
  const opened = await decodeUpload(file, bytes);
  const issues: DataIssue[] = [...opened.issues];
  if (!opened.readable) return { issues, raw: null, guess: null };
  const raw = await loadUpload(db.engine, opened, file, { path: `awk_${++n}.${opened.sniff.kind}`, register: async (p, b) => db.registerBuffer(p, b) });
  issues.push(...raw.issues);
  const guess = raw.rows ? await guessMapping(db.engine, raw.columns) : null;
  if (guess) issues.push(...guess.issues);
  return { issues, raw, guess };
}

const codes = (issues: DataIssue[]) => issues.map((i) => i.code);
const range = (k: number) => Array.from({ length: k }, (_, i) => i);
/** Σ over 2 stores × k periods of 100·(s+1) + i: what most fixtures hold. */
const baseSum = (k: number, stores = 2) => range(stores).reduce((a, s) => a + range(k).reduce((b, i) => b + 100 * (s + 1) + i, 0), 0);
/** The currency fixtures hold (100·(s+1) + i) / 8 rounded to cents. */
const centsSum = range(2).reduce((a, s) => a + range(60).reduce((b, i) => b + Math.round(((100 * (s + 1) + i) / 8) * 100) / 100, 0), 0);

interface Loads {
  file: string;
  date: string;
  target: string;
  id: string[];
  freq: Freq;
  /** Info / warning codes that must be among the messages. */
  notes?: string[];
  series: number;
  rows: number;
  first: string;
  last: string;
  /** Sum of y in `sales` (after cleaning with the defaults). */
  sum: number;
}

const loads: Loads[] = [
  { file: 'thousands.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['thousands_separator'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: range(2).reduce((a, s) => a + range(60).reduce((b, i) => b + 1000 * (s + 1) + 851 + i, 0), 0) },
  { file: 'thousands_decimals.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['thousands_separator'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: range(2).reduce((a, s) => a + range(60).reduce((b, i) => b + 1234.5 * (s + 1) + i, 0), 0) },
  { file: 'european_grouped.csv', date: 'datum', target: 'umsatz', id: ['filiale'], freq: 'D', notes: ['decimal_comma', 'thousands_separator'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: range(2).reduce((a, s) => a + range(60).reduce((b, i) => b + 1234.5 * (s + 1) + i, 0), 0) },
  { file: 'currency_dollar.csv', date: 'date', target: 'revenue', id: ['store'], freq: 'D', notes: ['currency'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: centsSum },
  { file: 'currency_euro.csv', date: 'datum', target: 'umsatz', id: ['filiale'], freq: 'D', notes: ['currency', 'decimal_comma'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: centsSum },
  // NaN, inf and -inf on days 5–7 of each store: missing (filled with 0 by default), counted, never summed.
  { file: 'nan_inf.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['non_finite_target'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) - range(2).reduce((a, s) => a + [5, 6, 7].reduce((b, i) => b + 100 * (s + 1) + i, 0), 0) },
  { file: 'all_zero.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['target_all_zero'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: 0 },
  { file: 'monthly_yyyy_mm.csv', date: 'month', target: 'sales', id: ['store'], freq: 'M', series: 2, rows: 72, first: '2020-01-01', last: '2022-12-01', sum: baseSum(36) },
  { file: 'iso_weeks.csv', date: 'week', target: 'sales', id: ['store'], freq: 'W', series: 2, rows: 140, first: '2023-01-02', last: '2024-04-29', sum: baseSum(70) },
  { file: 'excel_serial.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['numeric_dates'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'epoch_seconds.csv', date: 'timestamp', target: 'sales', id: ['store'], freq: 'D', notes: ['numeric_dates'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'epoch_millis.csv', date: 'ts', target: 'sales', id: ['store'], freq: 'D', notes: ['numeric_dates'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  // The day written in the file, whatever the offset (10:00+02:00 and 23:30Z stay on their own day).
  { file: 'timezone_offset.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'timezone_z.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'utf16le_bom.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['utf16'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'utf16le_nobom.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['utf16'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'utf16be_bom.csv', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['utf16'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'gzipped.csv.gz', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['gzip'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'zipped.zip', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['zip_entry'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'workbook.xlsx', date: 'date', target: 'sales', id: ['store'], freq: 'D', notes: ['xlsx_first_sheet'], series: 2, rows: 120, first: '2024-01-01', last: '2024-02-29', sum: baseSum(60) },
  { file: 'numeric_ids_5000.csv', date: 'date', target: 'sales', id: ['series'], freq: 'D', series: 5000, rows: 15000, first: '2024-01-01', last: '2024-01-03', sum: range(3).reduce((a, d) => a + range(5000).reduce((b, k) => b + (k % 17) + d, 0), 0) },
  { file: 'numeric_ids_10000.csv', date: 'date', target: 'sales', id: ['series'], freq: 'D', series: 10000, rows: 30000, first: '2024-01-01', last: '2024-01-03', sum: range(3).reduce((a, d) => a + range(10000).reduce((b, k) => b + (k % 17) + d, 0), 0) },
  { file: 'json_object_rows.json', date: 'date', target: 'sales', id: [], freq: 'D', series: 1, rows: 30, first: '2024-01-01', last: '2024-01-30', sum: baseSum(30, 1) },
  { file: 'json_object_columns.json', date: 'date', target: 'sales', id: [], freq: 'D', series: 1, rows: 30, first: '2024-01-01', last: '2024-01-30', sum: baseSum(30, 1) },
];

describe('awkward files that must load, with the right numbers', () => {
  for (const t of loads)
    it(t.file, async () => {
      const { issues, raw, guess } = await ingest(t.file);
      expect(issues.filter((i) => i.level === 'error'), t.file).toEqual([]);
      expect(raw).not.toBeNull();
      const m = guess!.mapping;
      expect({ date: m.date, target: m.target, id: m.id, freq: m.freq }).toEqual({ date: t.date, target: t.target, id: t.id, freq: t.freq });
      const p = await prepareSales(db.engine, m, guess!.statics, raw!.columns, DEFAULT_CLEANING);
      const all = codes([...issues, ...p.issues]);
      for (const c of t.notes ?? []) expect(all, t.file).toContain(c);
      // A decimal-comma note on grouped thousands would be a silent wrong number.
      if (t.notes?.includes('thousands_separator') && !t.notes.includes('decimal_comma')) expect(all).not.toContain('decimal_comma');
      expect(p.issues.filter((i) => i.level === 'error')).toEqual([]);
      expect({ series: p.series, rows: p.rows, first: p.range.start, last: p.range.end }).toEqual({ series: t.series, rows: t.rows, first: t.first, last: t.last });
      const s = (await rows<{ s: number; bad: number }>(db.engine, 'SELECT sum(y) AS s, count(*) FILTER (WHERE NOT isfinite(y)) AS bad FROM sales'))[0];
      expect(s.bad).toBe(0);
      if (t.file === 'nan_inf.csv') {
        expect(p.issues.find((i) => i.code === 'non_finite_target')?.count).toBe(6);
        expect(p.counts.missing_filled).toBe(6);
        expect(p.counts.outliers).toBe(0); // missing, not outliers
      }
      expect(s.s).toBeCloseTo(t.sum, 6);
      for (const i of p.issues) expect(i.message).not.toMatch(/Error:|undefined|null/);
    });
});

describe('awkward files that are refused or warned about, with a message that says what to do', () => {
  const refused: [string, string, RegExp][] = [
    ['legacy.xls', 'xls_legacy', /Excel 97/],
    ['json_object_other.json', 'bad_json_shape', /valid JSON but an object with the keys "name", "version"/],
    ['ndjson_broken_line.ndjson', 'bad_json', /^Line 6 of/],
    ['json_broken.json', 'bad_json', /line 3/],
  ];
  for (const [file, code, text] of refused)
    it(file, async () => {
      const { issues } = await ingest(file);
      const e = issues.find((i) => i.level === 'error');
      expect(e?.code).toBe(code);
      expect(e?.message).toMatch(text);
      expect(e?.hint).toBeTruthy();
    });

  it('legacy .xls says exactly how to export', async () => {
    const { issues } = await ingest('legacy.xls');
    expect(issues[0].hint).toContain('File → Save As');
    expect(issues[0].hint).toContain('CSV UTF-8');
  });

  it('a 5-row file dated 0001-01-01 … 9999-12-31 is refused before filling 3.65 million days, within 2 s', async () => {
    const { raw, guess } = await ingest('absurd_span.csv');
    const t0 = performance.now();
    const p = await prepareSales(db.engine, guess!.mapping, guess!.statics, raw!.columns, DEFAULT_CLEANING);
    expect(performance.now() - t0).toBeLessThan(2000);
    const e = p.issues.find((i) => i.level === 'error');
    expect(e?.code).toBe('date_span_too_long');
    expect(e?.message).toContain('0001-01-01');
    expect(e?.message).toContain('9999-12-31');
    expect(e?.hint).toMatch(/placeholder dates/);
    expect(p.rows).toBe(0);
  });

  it('a yearly column is read as dates (1 January of each year)', async () => {
    const { issues, raw, guess } = await ingest('year_column.csv');
    expect(guess!.mapping.date).toBe('year');
    expect(guess!.mapping.dateFormat).toBe('year');
    expect(codes(issues)).toContain('numeric_dates');
    expect(codes(issues)).toContain('yearly_data');
    expect(guess!.mapping.target).toBe('sales');
    expect(raw!.rows).toBe(60);
  });
});
