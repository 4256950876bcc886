/** Number formats, numeric dates, long CSV records, the storage message and the exact profile counts. */
import { describe, expect, it } from 'vitest';
import { guessNumberFormat, parseNumber } from '../../../src/lib/data/numbers';
import { guessNumericDate, numericDay } from '../../../src/lib/data/numericDates';
import { guessDateFormat, parseWith } from '../../../src/lib/data/dates';
import { longRecord, openUpload } from '../../../src/lib/data/unpack';
import { notSavedIssue } from '../../../src/lib/data/storageIssue';
import { inferFreq } from '../../../src/lib/data/inferMapping';
import { openTestDb } from '../../helpers/nodeDb';
import { loadRaw, profileColumns } from '../../../src/lib/data/prepare';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';

describe('number formats', () => {
  const cases: [string[], string | undefined, number[], string][] = [
    [['1,851', '12,345', '987'], ',', [1851, 12345, 987], 'grouped thousands in a comma file'],
    [['1,234,567', '12'], ';', [1234567, 12], 'two groups settle it even in a ; file'],
    [['12,5', '13,25', '11'], ';', [12.5, 13.25, 11], 'decimal comma'],
    [['1,851', '2,004'], ';', [1.851, 2.004], 'a lone comma + 3 digits in a ; file is a decimal comma'],
    [['1.234,56', '12,5'], ';', [1234.56, 12.5], 'dot groups, comma decimals'],
    [['1,234.56', '12.50'], ',', [1234.56, 12.5], 'comma groups, dot decimals'],
    [['$12.50', '$1,299.00', '($3.00)'], ',', [12.5, 1299, -3], 'dollars, accounting negatives'],
    [['12,50 €', '1.299,00 €'], ';', [12.5, 1299], 'euros'],
    [['1 234,5', '12,5'], ';', [1234.5, 12.5], 'space-grouped'],
    [["1'234.5", '12'], ',', [1234.5, 12], 'Swiss apostrophe'],
  ];
  for (const [values, delimiter, expected, what] of cases)
    it(what, () => {
      const f = guessNumberFormat(values, { delimiter });
      expect(values.map((v) => parseNumber(v, f))).toEqual(expected);
      expect(f.share).toBe(1);
    });
  it('NaN and inf are not numbers to convert', () => {
    const f = guessNumberFormat(['NaN', 'inf', '1,500']);
    expect(parseNumber('NaN', f)).toBeNaN();
    expect(parseNumber('1,500', f)).toBe(1500);
  });
});

describe('dates written as numbers or periods', () => {
  it('Excel serials, epoch seconds and milliseconds, years', () => {
    expect(numericDay(45292, 'excel')).toBe(Date.UTC(2024, 0, 1) / 864e5);
    expect(numericDay(1704067200 + 36000, 'epoch_s')).toBe(Date.UTC(2024, 0, 1) / 864e5);
    expect(numericDay(1704067200000, 'epoch_ms')).toBe(Date.UTC(2024, 0, 1) / 864e5);
    expect(numericDay(1995, 'year')).toBe(Date.UTC(1995, 0, 1) / 864e5);
  });
  it('a numeric column is a date only when its name or a regular calendar backs it', () => {
    const serials = Array.from({ length: 40 }, (_, i) => String(45292 + i));
    expect(guessNumericDate('date', serials)?.format).toBe('excel');
    expect(guessNumericDate('x', serials)?.format).toBe('excel'); // steady one-day steps
    const sales = ['31250', '40210', '25000', '77777', '52000', '61234'];
    expect(guessNumericDate('sales', sales)).toBeNull();
    expect(guessNumericDate('store', ['1990', '1991', '1992'])).toBeNull();
    expect(guessNumericDate('year', ['1990', '1991', '1992'])?.format).toBe('year');
    expect(guessNumericDate('date', ['20240101', '20240102', '20240131'])?.format).toBe('%Y%m%d');
    expect(guessNumericDate('week', ['1', '2', '3', '52'])).toBeNull(); // week numbers are not dates
  });
  it('monthly, quarterly and ISO-week text', () => {
    expect(guessDateFormat(['2024-01', '2024-02', '2024-03']).formats).toEqual(['%Y-%m']);
    expect(parseWith('2024-W05', '%G-W%V')).toBe(Date.UTC(2024, 0, 29) / 864e5); // Monday of week 5
    expect(parseWith('2021-W01', '%G-W%V')).toBe(Date.UTC(2021, 0, 4) / 864e5);
    expect(parseWith('2020-W53', '%G-W%V')).toBe(Date.UTC(2020, 11, 28) / 864e5);
    expect(parseWith('2024-Q3', '%Y-Q%q')).toBe(Date.UTC(2024, 6, 1) / 864e5);
    expect(inferFreq([0, 7, 14, 21])).toBe('W');
  });
});

describe('a huge CSV cell', () => {
  const enc = new TextEncoder();
  const text = 'date,note,sales\n2024-01-01,"two\nlines",1\n2024-01-02,b,2\n2024-01-03,"' + 'x'.repeat(3_000_000) + '",3\n2024-01-04,c,4\n';
  it('is found on the line where its record starts, counting quoted newlines', () => {
    expect(longRecord(enc.encode(text))).toEqual({ line: 5, bytes: 3_000_000 + 15 });
  });
  it('is read in full, and the note names that line', async () => {
    const o = openUpload('huge_cell.csv', enc.encode(text));
    expect(o.notes.find((n) => n.code === 'long_line')?.message).toMatch(/^Line 5 of "huge_cell.csv" holds 2\.9 MB/);
    const db = await openTestDb();
    db.registerBuffer('h.csv', o.bytes);
    const raw = await loadRaw(db.engine, 'h.csv', 'csv', 'huge_cell.csv', o.readOptions);
    expect(raw.issues.filter((i) => i.level === 'error')).toEqual([]);
    expect(raw.rows).toBe(4);
    expect(db.query<{ n: number }>('SELECT max(length(note)) AS n FROM raw')[0].n).toBe(3_000_000);
  });
});

describe('storage message', () => {
  it('a full storage says so and never mentions a project export that does not exist', () => {
    const full = notSavedIssue(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }), 5 * 1024 ** 2);
    expect(full.code).toBe('storage_full');
    expect(full.message).toContain('5.0 MB');
    for (const i of [full, notSavedIssue(false, 10)]) expect(`${i.message} ${i.hint}`).not.toMatch(/export/i);
  });
});

describe('profile distinct counts', () => {
  it('are exact for the sample (store 5, item 10, date 1,095), not HyperLogLog estimates', async () => {
    const csv = toCsv(generateRetail({}));
    const lines = csv.trim().split('\n').slice(1).map((l) => l.split(','));
    const db = await openTestDb();
    db.registerBuffer('s.csv', new TextEncoder().encode(csv));
    const raw = await loadRaw(db.engine, 's.csv', 'csv', 's.csv');
    const prof = await profileColumns(db.engine, raw.columns);
    const distinct = (k: number) => new Set(lines.map((l) => l[k])).size;
    const by = Object.fromEntries(prof.map((p) => [p.name, p]));
    expect(by.store.distinct).toBe(distinct(1));
    expect(by.item.distinct).toBe(distinct(2));
    expect(by.date.distinct).toBe(distinct(0));
    expect([by.store.distinct, by.item.distinct, by.date.distinct]).toEqual([5, 10, 1095]);
    expect(by.date.distinctApprox).toBe(false);
  });
});

describe('guards and guesses without a file', () => {
  it('an all-zero numeric column is named as all zeros, not "no numeric column"', async () => {
    const { inferMapping } = await import('../../../src/lib/data/inferMapping');
    const g = inferMapping([
      { name: 'day', type: 'DATE', values: ['2024-01-01', '2024-01-02', '2024-01-03'] },
      { name: 'qty_x', type: 'BIGINT', values: ['0', '0', '0'] },
    ]);
    const e = g.issues.find((i) => i.level === 'error');
    expect(e?.code).toBe('target_all_zero');
    expect(e?.message).toContain('"qty_x" is 0 in every row');
  });
  it('a sparse short file is fine; 3 rows over two centuries are refused before 73,000 days are added', async () => {
    const { spanIssue } = await import('../../../src/lib/data/span');
    const base = { first: '2024-01-01', last: '2024-12-31', widest: 'a' };
    expect(spanIssue({ ...base, rows: 20, gridRows: 366, years: 1 }, 'days')).toBeNull();
    const grid = Math.round((Date.UTC(2200, 0, 1) - Date.UTC(2000, 0, 1)) / 864e5) + 1;
    const e = spanIssue({ rows: 3, gridRows: grid, first: '2000-01-01', last: '2200-01-01', years: 200, widest: 'a' }, 'days');
    expect(e?.code).toBe('too_many_gaps');
    expect(e?.count).toBe(grid - 3);
    expect(e?.message).toContain(`${(grid - 3).toLocaleString('en')} missing days to 3 rows`);
  });
});
