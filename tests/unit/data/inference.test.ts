import { describe, expect, it } from 'vitest';
import { guessDateFormat, parseWith } from '../../../src/lib/data/dates';
import { inferFreq, inferMapping, toSnake } from '../../../src/lib/data/inferMapping';
import { sniffFile } from '../../../src/lib/data/ingest';
import { isoToDay, addPeriods, dayToIso } from '../../../src/lib/data/contract';

describe('date formats', () => {
  it('day-first when a first part exceeds 12, month-first when the second does', () => {
    expect(guessDateFormat(['13/01/2024', '14/01/2024']).formats).toEqual(['%d/%m/%Y']);
    expect(guessDateFormat(['01/13/2024', '01/14/2024']).formats).toEqual(['%m/%d/%Y']);
  });
  it('ambiguous slash dates are flagged and resolved by calendar regularity', () => {
    const g = guessDateFormat(['01/02/2024', '02/02/2024', '03/02/2024', '04/02/2024']);
    expect(g.ambiguous).toBe(true);
    expect(g.formats).toEqual(['%d/%m/%Y']); // 1–4 Feb are consecutive; 2 Jan, 2 Feb, 2 Mar are not
    const m = guessDateFormat(['02/01/2024', '02/02/2024', '02/03/2024', '02/04/2024']);
    expect(m.formats).toEqual(['%m/%d/%Y']); // 1–4 Feb again, month first
  });
  it('mixed formats are all listed; parseWith reads each', () => {
    const g = guessDateFormat(['2024-01-05', '06/01/2024', 'Jan 7 2024']);
    expect(g.mixed).toBe(true);
    expect(g.parsedShare).toBe(1);
    expect(dayToIso(parseWith('Jan 7 2024', '%b %d %Y'))).toBe('2024-01-07');
    expect(dayToIso(parseWith('31.12.2023', '%d.%m.%Y'))).toBe('2023-12-31');
    expect(parseWith('31/02/2024', '%d/%m/%Y')).toBeNaN();
  });
});

describe('mapping helpers', () => {
  it('frequency from the most common gap', () => {
    const d = (s: string) => isoToDay(s);
    expect(inferFreq([d('2024-01-01'), d('2024-01-02'), d('2024-01-03')])).toBe('D');
    expect(inferFreq([d('2024-01-05'), d('2024-01-12'), d('2024-01-19'), d('2024-02-02')])).toBe('W');
    expect(inferFreq([d('2024-01-01'), d('2024-02-01'), d('2024-03-01')])).toBe('M');
  });
  it('snake_case names never collide with the contract', () => {
    expect(toSnake('Weekly Sales')).toBe('weekly_sales');
    expect(toSnake('StoreType')).toBe('store_type');
    expect(toSnake('y')).toBe('y_x');
    expect(toSnake('<script>x</script>')).toBe('script_x_script');
    expect(toSnake('2024')).toBe('c_2024');
  });
  it('guess: date, target, id and covariate roles from names and values', () => {
    const n = 40;
    const g = inferMapping([
      { name: 'Date', type: 'DATE', values: Array.from({ length: n }, (_, i) => dayToIso(19000 + (i % 20))) },
      { name: 'store', type: 'VARCHAR', values: Array.from({ length: n }, (_, i) => (i < 20 ? 'a' : 'b')) },
      { name: 'units', type: 'BIGINT', values: Array.from({ length: n }, (_, i) => String(i * 3)) },
      { name: 'on_promo', type: 'BIGINT', values: Array.from({ length: n }, (_, i) => String(i % 2)) },
      { name: 'unit_price', type: 'DOUBLE', values: Array.from({ length: n }, () => '2.5') },
      { name: 'customers', type: 'DOUBLE', values: Array.from({ length: n }, (_, i) => String(100 + i)) },
    ]);
    expect(g.mapping.date).toBe('Date');
    expect(g.mapping.target).toBe('units');
    expect(g.mapping.id).toEqual(['store']);
    const roles = Object.fromEntries(g.mapping.covariates.map((c) => [c.source, `${c.role}/${c.timing}`]));
    expect(roles.on_promo).toBe('promo/known_future');
    expect(roles.unit_price).toBe('price/known_future');
    expect(roles.customers).toBe('other/past_only');
  });
  it('addPeriods moves months by the calendar', () => {
    expect(dayToIso(addPeriods(isoToDay('2024-01-31'), 1, 'M'))).toBe('2024-02-29');
    expect(dayToIso(addPeriods(isoToDay('2024-01-01'), 2, 'W'))).toBe('2024-01-15');
  });
  it('sniffing: parquet magic, JSON and NDJSON starts, TSV headers', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffFile('x.bin', 10, enc('PAR1abcd')).kind).toBe('parquet');
    expect(sniffFile('x.txt', 10, enc('  [{"a":1}]')).kind).toBe('json');
    expect(sniffFile('x.txt', 10, enc('{"a":1}\n{"a":2}')).kind).toBe('ndjson');
    expect(sniffFile('x.txt', 10, enc('a\tb\n1\t2')).kind).toBe('tsv');
    expect(sniffFile('book.xlsx', 10, enc('PK..')).issues[0].code).toBe('binary_file');
  });
});
