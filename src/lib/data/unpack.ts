/**
 * The bytes a user dropped, made readable before DuckDB sees them: gzip and zip unpacked, the first
 * sheet of an Excel workbook turned into CSV, UTF-16 re-encoded as UTF-8, and CSV lines longer than
 * the reader's default limit measured (so the limit is raised, or the right line is named). Then the
 * usual sniff decides how to read the result. Pure apart from fflate: the worker and tests share it.
 */
import { gunzipSync, strFromU8, unzipSync } from 'fflate';
import type { DataIssue } from './contract';
import { MAX_FILE_BYTES, sniffFile, utf16, type CsvReadOptions, type SniffResult } from './ingest';
import { firstSheetCsv } from './xlsx';

export interface OpenedFile {
  /** Name used to pick the reader (the inner file's name for archives). */
  name: string;
  bytes: Uint8Array;
  sniff: SniffResult;
  readOptions: CsvReadOptions;
}

/** DuckDB's default `max_line_size`; longer CSV records need the option raised. */
export const DEFAULT_MAX_LINE = 2_000_000;
/** Longest record the studio asks DuckDB to read. */
export const MAX_LINE = 256 * 1024 ** 2;

const TABLE_EXT = /\.(csv|tsv|txt|json|ndjson|jsonl|parquet|xlsx|gz)$/i;
const EXPORT_HINT = 'In Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)", then load that file.';

const err = (code: string, message: string, hint: string): DataIssue => ({ level: 'error', code, message, hint });
const refuse = (name: string, bytes: Uint8Array, issue: DataIssue): OpenedFile => ({ name, bytes, sniff: { kind: null, issues: [issue] }, readOptions: {} });

function isZip(b: Uint8Array) {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/**
 * First CSV record (1-based physical line where it starts) longer than `limit` bytes, or null.
 * Quotes are tracked so a quoted newline does not end the record.
 */
export function longRecord(bytes: Uint8Array, limit = DEFAULT_MAX_LINE): { line: number; bytes: number } | null {
  if (bytes.length <= limit) return null;
  let line = 1;
  let startLine = 1;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a) {
      if (!quoted) {
        if (i - start > limit) return { line: startLine, bytes: i - start };
        start = i + 1;
        startLine = line + 1;
      }
      line++;
    }
  }
  return bytes.length - start > limit ? { line: startLine, bytes: bytes.length - start } : null;
}

/** Unpacks and sniffs an upload; `notes` collects what was done to it (shown as info messages). */
export function openUpload(name: string, bytes: Uint8Array, given: CsvReadOptions = {}, depth = 0): OpenedFile & { notes: DataIssue[] } {
  const notes: DataIssue[] = [];
  const first = sniffFile(name, bytes.length, bytes.subarray(0, 8192));
  if (first.issues.some((i) => i.code === 'file_too_large' || i.code === 'empty_file')) return { ...refuse(name, bytes, first.issues[0]), notes };
  const inner = (n: string, b: Uint8Array, note: DataIssue) => {
    if (b.length > MAX_FILE_BYTES)
      return { ...refuse(name, b, err('file_too_large', `"${name}" unpacks to ${(b.length / 1024 ** 2).toFixed(0)} MB; the in-browser engine loads up to 1 GB.`, 'Filter the data to the stores, items or years you need, or save it as Parquet.')), notes };
    if (depth > 1) return { ...refuse(name, b, err('nested_archive', `"${name}" holds archives inside archives.`, 'Unpack it and load the CSV, Parquet or JSON file inside.')), notes };
    const r = openUpload(n, b, given, depth + 1);
    return { ...r, notes: [note, ...r.notes] };
  };
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      const out = gunzipSync(bytes);
      const n = name.replace(/\.gz$/i, '') || 'data.csv';
      return inner(/\.[a-z]+$/i.test(n) ? n : `${n}.csv`, out, { level: 'info', code: 'gzip', message: `"${name}" is gzip-compressed; it was unpacked (${(out.length / 1024 ** 2).toFixed(1)} MB).` });
    }
    if (isZip(bytes)) {
      const files = unzipSync(bytes, { filter: (f) => !f.name.startsWith('__MACOSX/') && !f.name.endsWith('/') });
      const text = (p: string) => (files[p] ? strFromU8(files[p]) : undefined);
      if (files['xl/workbook.xml']) {
        const sheet = firstSheetCsv(text);
        if (!sheet || !sheet.csv.trim())
          return { ...refuse(name, bytes, err('xlsx_unreadable', `The first sheet of the workbook "${name}" could not be read or is empty.`, EXPORT_HINT)), notes };
        return inner(`${name.replace(/\.xlsx?$/i, '')}.csv`, new TextEncoder().encode(sheet.csv), {
          level: 'info',
          code: 'xlsx_first_sheet',
          message: `Read the sheet "${sheet.sheet}" of the workbook${sheet.sheets > 1 ? ` (the first of ${sheet.sheets}; the others are ignored)` : ''}.`,
          hint: sheet.sheets > 1 ? 'To use another sheet, move it to the front in Excel or save it as CSV UTF-8.' : undefined,
        });
      }
      const tables = Object.keys(files).filter((f) => TABLE_EXT.test(f));
      if (!tables.length)
        return { ...refuse(name, bytes, err('zip_no_table', `The archive "${name}" holds no CSV, TSV, Parquet, JSON or Excel file (${Object.keys(files).slice(0, 5).join(', ') || 'it is empty'}).`, 'Put the sales table in the archive, or load the file itself.')), notes };
      const pick = tables.sort((a, b) => files[b].length - files[a].length)[0];
      const base = pick.split('/').pop()!;
      return inner(base, files[pick], {
        level: 'info',
        code: 'zip_entry',
        message: `Read "${pick}" from the archive "${name}"${tables.length > 1 ? ` (the largest of ${tables.length} tables in it)` : ''}.`,
      });
    }
  } catch (e) {
    return { ...refuse(name, bytes, err('bad_archive', `"${name}" looks compressed but could not be unpacked: ${(e as Error).message}.`, 'Unpack it on your computer and load the file inside.')), notes };
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return { ...refuse(name, bytes, err('xls_legacy', `"${name}" is an old Excel 97–2003 workbook (.xls), which the studio cannot read.`, EXPORT_HINT)), notes };
  const enc = utf16(bytes);
  if (enc) {
    const text = new TextDecoder(enc).decode(bytes).replace(/^\uFEFF/, '');
    return inner(name, new TextEncoder().encode(text), { level: 'info', code: 'utf16', message: `"${name}" is UTF-16 text; it was converted to UTF-8.` });
  }
  const sniff = sniffFile(name, bytes.length, bytes.subarray(0, 8192));
  const readOptions: CsvReadOptions = { ...given };
  if (sniff.kind === 'csv' || sniff.kind === 'tsv') {
    const long = longRecord(bytes);
    if (long && long.bytes > MAX_LINE)
      return { ...refuse(name, bytes, err('line_too_long', `Line ${long.line.toLocaleString('en')} of "${name}" is ${(long.bytes / 1024 ** 2).toFixed(0)} MB long; the reader takes lines up to ${MAX_LINE / 1024 ** 2} MB.`, 'Check that line for an unclosed quote ("), which makes the rest of the file one cell.')), notes };
    if (long) {
      readOptions.maxLineSize = Math.min(MAX_LINE, Math.ceil(long.bytes * 1.5) + 1024);
      notes.push({ level: 'info', code: 'long_line', where: `line ${long.line}`, message: `Line ${long.line.toLocaleString('en')} of "${name}" holds ${(long.bytes / 1024 ** 2).toFixed(1)} MB (a very long cell); it was read in full.`, hint: 'If that is not expected, check that line for an unclosed quote (").' });
    }
  }
  return { name, bytes, sniff, readOptions, notes };
}
