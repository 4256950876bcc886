/**
 * Writes the awkward input files of issue 14 into tests/fixtures/awkward/ (committed; rerun with
 * `npx tsx tests/tools/makeAwkward.mts` after changing them). Each is small and deterministic; its
 * expected outcome is in tests/unit/data/awkward.test.ts and tests/e2e/awkward.spec.ts.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

const dir = 'tests/fixtures/awkward';
/** A fixed time stamp, so the archives are byte-for-byte the same on every run. */
const ZIP_OPTS = { mtime: new Date('2024-01-01T00:00:00Z') };
const put = (name: string, data: string | Uint8Array) => writeFileSync(`${dir}/${name}`, data);
const day = (i: number, start = Date.UTC(2024, 0, 1)) => new Date(start + i * 86_400_000).toISOString().slice(0, 10);
/** 60 days of two stores; sales[s][i] = 100·(s+1) + i (so sums are easy to check independently). */
const sales = (s: number, i: number) => 100 * (s + 1) + i;
const rowsOf = (f: (s: number, i: number) => string, n = 60, stores = 2) => {
  const out: string[] = [];
  for (let s = 0; s < stores; s++) for (let i = 0; i < n; i++) out.push(f(s, i));
  return out.join('\n') + '\n';
};

// 1. Numbers written for people.
put('thousands.csv', 'date,store,sales\n' + rowsOf((s, i) => `${day(i)},s${s},"${(1000 * (s + 1) + 851 + i).toLocaleString('en')}"`));
put('thousands_decimals.csv', 'date,store,sales\n' + rowsOf((s, i) => `${day(i)},s${s},"${(1234.5 * (s + 1) + i).toLocaleString('en', { minimumFractionDigits: 2 })}"`));
put('european_grouped.csv', 'datum;filiale;umsatz\n' + rowsOf((s, i) => `${day(i)};F${s};${(1234.5 * (s + 1) + i).toLocaleString('de', { minimumFractionDigits: 2 })}`));
put('currency_dollar.csv', 'date,store,revenue\n' + rowsOf((s, i) => `${day(i)},s${s},$${(sales(s, i) / 8).toFixed(2)}`));
put('currency_euro.csv', 'datum;filiale;umsatz\n' + rowsOf((s, i) => `${day(i)};F${s};${(sales(s, i) / 8).toFixed(2).replace('.', ',')} €`));
put('nan_inf.csv', 'date,store,sales\n' + rowsOf((s, i) => `${day(i)},s${s},${i === 5 ? 'NaN' : i === 6 ? 'inf' : i === 7 ? '-inf' : sales(s, i)}`));
put('all_zero.csv', 'date,store,sales\n' + rowsOf((s, i) => `${day(i)},s${s},0`));

// 2. Dates that are not yyyy-mm-dd.
const month = (i: number) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
put('monthly_yyyy_mm.csv', 'month,store,sales\n' + rowsOf((s, i) => `${month(i)},s${s},${sales(s, i)}`, 36));
const isoWeek = (i: number) => {
  // ISO weeks of 2023-W01 (Mon 2023-01-02) onwards.
  const d = new Date(Date.UTC(2023, 0, 2) + i * 7 * 86_400_000);
  const t = new Date(d.getTime() + 3 * 86_400_000);
  const y = t.getUTCFullYear();
  const w = 1 + Math.floor((t.getTime() - Date.UTC(y, 0, 4) + ((new Date(Date.UTC(y, 0, 4)).getUTCDay() + 6) % 7) * 86_400_000) / (7 * 86_400_000));
  return `${y}-W${String(w).padStart(2, '0')}`;
};
put('iso_weeks.csv', 'week,store,sales\n' + rowsOf((s, i) => `${isoWeek(i)},s${s},${sales(s, i)}`, 70));
put('excel_serial.csv', 'date,store,sales\n' + rowsOf((s, i) => `${45292 + i},s${s},${sales(s, i)}`)); // 45292 = 2024-01-01
put('epoch_seconds.csv', 'timestamp,store,sales\n' + rowsOf((s, i) => `${1704067200 + i * 86400 + 36000},s${s},${sales(s, i)}`));
put('epoch_millis.csv', 'ts,store,sales\n' + rowsOf((s, i) => `${(1704067200 + i * 86400) * 1000},s${s},${sales(s, i)}`));
put('year_column.csv', 'year,country,sales\n' + rowsOf((s, i) => `${1990 + i},c${s},${sales(s, i)}`, 30));
put('timezone_offset.csv', 'date,store,sales\n' + rowsOf((s, i) => `${day(i)}T10:00:00+02:00,s${s},${sales(s, i)}`));
put('timezone_z.csv', 'date,store,sales\n' + rowsOf((s, i) => `${day(i)}T23:30:00Z,s${s},${sales(s, i)}`));
put('absurd_span.csv', 'date,store,sales\n0001-01-01,a,1\n2024-01-02,a,2\n2024-01-03,a,3\n2024-01-04,a,4\n9999-12-31,a,5\n');

// 3. Encodings and containers.
const plain = 'date,store,sales\n' + rowsOf((s, i) => `${day(i)},caf\u00e9 ${s},${sales(s, i)}`);
const le = new Uint8Array(2 + plain.length * 2);
le[0] = 0xff;
le[1] = 0xfe;
for (let i = 0; i < plain.length; i++) (le[2 + 2 * i] = plain.charCodeAt(i) & 0xff), (le[3 + 2 * i] = plain.charCodeAt(i) >> 8);
put('utf16le_bom.csv', le);
put('utf16le_nobom.csv', le.subarray(2)); // as some exporters write it: no byte-order mark
const be = new Uint8Array(le.length);
for (let i = 0; i < le.length; i += 2) (be[i] = le[i + 1]), (be[i + 1] = le[i]);
put('utf16be_bom.csv', be);
put('gzipped.csv.gz', gzipSync(plain));
put('zipped.zip', zipSync({ 'export/readme.txt': strToU8('see sales.csv'), 'export/sales.csv': strToU8(plain) }, ZIP_OPTS));
// A minimal but genuine workbook: shared strings, a date-formatted column (style 1 = numFmt 14), a second sheet.
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const strings = ['date', 'store', 'sales', 's0', 's1'];
const cells: string[] = [`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`];
let r = 2;
for (let s = 0; s < 2; s++)
  for (let i = 0; i < 60; i++, r++)
    cells.push(`<row r="${r}"><c r="A${r}" s="1"><v>${45292 + i}</v></c><c r="B${r}" t="s"><v>${3 + s}</v></c><c r="C${r}"><v>${sales(s, i)}</v></c></row>`);
const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
put(
  'workbook.xlsx',
  zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sales &amp; more" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst>${strings.map((x) => `<si><t>${esc(x)}</t></si>`).join('')}</sst>`),
    'xl/styles.xml': strToU8('<?xml version="1.0"?><styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'),
    'xl/worksheets/sheet1.xml': strToU8(sheet(cells.join(''))),
    'xl/worksheets/sheet2.xml': strToU8(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>not this one</t></is></c></row>')),
  }, ZIP_OPTS),
);
put('legacy.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]));

// 4. Wrong guesses and misleading messages.
const ids = (n: number) => {
  const out: string[] = [];
  for (let d = 0; d < 3; d++) for (let k = 0; k < n; k++) out.push(`${day(d)},${100000 + k},${(k % 17) + d}`);
  return 'date,series,sales\n' + out.join('\n') + '\n';
};
put('numeric_ids_5000.csv', ids(5000));
put('numeric_ids_10000.csv', ids(10000));
put('json_object_rows.json', JSON.stringify({ source: 'export', rows: Array.from({ length: 30 }, (_, i) => ({ date: day(i), store: 'a', sales: sales(0, i) })) }, null, 2));
put('json_object_columns.json', JSON.stringify({ date: Array.from({ length: 30 }, (_, i) => day(i)), store: Array(30).fill('a'), sales: Array.from({ length: 30 }, (_, i) => sales(0, i)) }, null, 2));
put('json_object_other.json', JSON.stringify({ name: 'sales export', version: 3 }, null, 2));
put('ndjson_broken_line.ndjson', Array.from({ length: 8 }, (_, i) => (i === 5 ? `{"date":"${day(i)}","store":"a","sales":}` : JSON.stringify({ date: day(i), store: 'a', sales: i }))).join('\n') + '\n');
put('json_broken.json', '[\n  {"date": "2024-01-01", "sales": 1},\n  {"date": "2024-01-02", "sales": 2,},\n  {"date": "2024-01-03", "sales": 3}\n]\n');
