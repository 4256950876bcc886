import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { exportFileName, tableToParquet, toCsv, toTsv, type ExportTable } from '../../../src/lib/export';

const table: ExportTable = {
  columns: ['model', 'note', 'wape', 'ok'],
  rows: [
    ['theta', 'plain', 0.307, true],
    ['a\tb', 'two\nlines', null, false],
    ['say "hi"', 'x,y', NaN, null],
  ],
};

/** Parses spreadsheet TSV (quoted cells may hold tabs, newlines and doubled quotes). */
function parseTsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === '\t') rows.at(-1)!.push(cell), (cell = '');
    else if (c === '\n') rows.at(-1)!.push(cell), (cell = ''), rows.push([]);
    else cell += c;
  }
  rows.at(-1)!.push(cell);
  return rows;
}

describe('toTsv', () => {
  it('writes one line per row and keeps a tab, newline or quote inside its cell', () => {
    const text = toTsv(table);
    expect(text.split('\n')[0]).toBe('model\tnote\twape\tok');
    expect(text.split('\n')[1]).toBe('theta\tplain\t0.307\ttrue');
    const back = parseTsv(text);
    expect(back).toHaveLength(4);
    expect(back.every((r) => r.length === 4)).toBe(true);
    expect(back[2]).toEqual(['a\tb', 'two\nlines', '', 'false']);
    expect(back[3]).toEqual(['say "hi"', 'x,y', '', '']);
  });
  it('refuses a row of the wrong length', () => {
    expect(() => toTsv({ columns: ['a', 'b'], rows: [[1]] })).toThrow(/row 0 has 1 cells, 2 columns/);
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const lines = toCsv(table).split('\r\n');
    expect(lines[0]).toBe('model,note,wape,ok');
    expect(lines[1]).toBe('theta,plain,0.307,true');
    expect(toCsv(table)).toContain('"say ""hi""","x,y",,');
    expect(toCsv(table)).toContain('a\tb,"two\nlines",,false');
  });
});

describe('tableToParquet', () => {
  it('writes Parquet that reads back with the same values and types', () => {
    const pq = createRequire(import.meta.url)('parquet-wasm/node');
    const bytes = tableToParquet(table, pq);
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    expect(new TextDecoder().decode(bytes.slice(-4))).toBe('PAR1');
    const back = tableFromIPC(pq.readParquet(bytes).intoIPCStream());
    expect(back.numRows).toBe(3);
    expect(back.getChild('model')!.toArray()).toEqual(['theta', 'a\tb', 'say "hi"']);
    const w = back.getChild('wape')!;
    expect(w.get(0)).toBeCloseTo(0.307, 15);
    expect(w.get(1)).toBeNull();
    expect(w.get(2)).toBeNull(); // NaN is written as missing
    expect([back.getChild('ok')!.get(0), back.getChild('ok')!.get(1), back.getChild('ok')!.get(2)]).toEqual(['true', 'false', null]);
    expect(String(back.schema.fields.find((f) => f.name === 'wape')!.type)).toBe('Float64');
  });
});

describe('exportFileName', () => {
  it('makes a safe dated name', () => {
    expect(exportFileName('Backtest results / h=14', 'csv', new Date('2026-03-04T10:00:00Z'))).toBe('forecast-studio-backtest-results-h-14-2026-03-04.csv');
  });
});
