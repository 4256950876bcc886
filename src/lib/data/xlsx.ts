/**
 * The first worksheet of an Excel workbook (.xlsx: zipped XML) as CSV text, so it goes through the
 * same reader as any CSV. Cells formatted as dates become ISO dates; other numbers stay as written by
 * Excel (full precision); shared and inline strings are unescaped. No DOM: it runs in the worker.
 */

export interface SheetCsv {
  csv: string;
  sheet: string;
  sheets: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
    );
}

/** Text of every `<t>` inside a fragment (rich text has several runs). */
function texts(fragment: string): string {
  let out = '';
  for (const m of fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return unescapeXml(out);
}

function attr(tag: string, name: string): string | null {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? null;
}

/** 0-based column index of a cell reference such as "AB12". */
function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.match(/^[A-Z]+/)?.[0] ?? 'A') n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** Built-in number formats that show dates (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** For each cell style index, whether it formats numbers as dates. */
function dateStyles(styles: string | undefined): boolean[] {
  if (!styles) return [];
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\s[^>]*>/g)) custom.set(Number(attr(m[0], 'numFmtId')), unescapeXml(attr(m[0], 'formatCode') ?? ''));
  const xfs = styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\s[^>]*>/g)].map((m) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    return DATE_FORMAT_IDS.has(id) || (code != null && /[dy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]/g, '')));
  });
}

function excelDate(serial: number): string {
  const ms = Math.round((serial - 25569) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return serial % 1 === 0 ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Reads the first sheet of the unzipped workbook `files` (path → UTF-8 text getter). */
export function firstSheetCsv(file: (path: string) => string | undefined): SheetCsv | null {
  const wb = file('xl/workbook.xml');
  if (!wb) return null;
  const sheetTags = [...wb.matchAll(/<sheet\s[^>]*>/g)].map((m) => m[0]);
  if (!sheetTags.length) return null;
  const first = sheetTags[0];
  const rid = attr(first, 'r:id');
  const rels = file('xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<Relationship\s[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'Id') === rid);
  let target = rel ? attr(rel, 'Target')! : 'worksheets/sheet1.xml';
  target = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const sheet = file(target);
  if (sheet == null) return null;
  const shared = [...(file('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const isDate = dateStyles(file('xl/styles.xml'));
  const table: string[][] = [];
  for (const row of sheet.matchAll(/<row[\s>][\s\S]*?<\/row>|<row\s[^>]*\/>/g)) {
    const cells: string[] = [];
    for (const c of row[0].matchAll(/<c(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const tag = c[1] ?? '';
      const body = c[2] ?? '';
      const ref = attr(tag, 'r');
      const idx = ref ? colIndex(ref) : cells.length;
      const t = attr(tag, 't');
      const v = body.match(/<v>([\s\S]*?)<\/v>/)?.[1];
      let value = '';
      if (t === 's') value = shared[Number(v)] ?? '';
      else if (t === 'inlineStr') value = texts(body);
      else if (t === 'b') value = v === '1' ? 'TRUE' : 'FALSE';
      else if (t === 'e') value = '';
      else if (v != null) {
        value = unescapeXml(v);
        const s = Number(attr(tag, 's') ?? -1);
        if (t !== 'str' && isDate[s] && Number.isFinite(Number(value))) value = excelDate(Number(value));
      }
      while (cells.length < idx) cells.push('');
      cells[idx] = csvField(value);
    }
    table.push(cells);
  }
  // Rows can differ in length; pad to the widest so the CSV reader sees a rectangle.
  const width = table.reduce((w, r) => Math.max(w, r.length), 0);
  const csv = table.map((r) => [...r, ...new Array(width - r.length).fill('')].join(',')).join('\n') + '\n';
  return { csv, sheet: unescapeXml(attr(first, 'name') ?? 'Sheet1'), sheets: sheetTags.length };
}
