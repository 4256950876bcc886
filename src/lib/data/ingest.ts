/**
 * What kind of file the user gave and how DuckDB should read it. Pure checks on the first bytes, so
 * bad input is named before the engine sees it.
 */
import type { DataIssue } from './contract';
import { ql } from './cleaning';

export type FileKind = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';

/** Largest file the in-browser engine is asked to load (its wasm heap tops out near 4 GB). */
export const MAX_FILE_BYTES = 1024 ** 3;

export interface SniffResult {
  kind: FileKind | null;
  /** Compressed, zipped or UTF-16 bytes: unpack them first (unpack.ts), then sniff again. */
  container?: 'gzip' | 'zip' | 'utf16' | 'xls';
  issues: DataIssue[];
}

/** UTF-16 by its byte-order mark, or (without one) by zero bytes in every other position of ASCII text. */
export function utf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  const n = Math.min(b.length & ~1, 400);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  if (oddZero > 0.9 * (n / 2) && evenZero === 0) return 'utf-16le';
  if (evenZero > 0.9 * (n / 2) && oddZero === 0) return 'utf-16be';
  return null;
}

/** gzip, zip (and .xlsx), legacy .xls or UTF-16 with a byte-order mark, from the first bytes. */
export function containerOf(head: Uint8Array): SniffResult['container'] | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  if (utf16(head)) return 'utf16';
  return undefined;
}

/** Looks at the size, name and first bytes of a file and decides how to read it, or why not. */
export function sniffFile(name: string, size: number, head: Uint8Array): SniffResult {
  const mb = (size / 1024 ** 2).toFixed(0);
  if (size > MAX_FILE_BYTES)
    return {
      kind: null,
      issues: [
        {
          level: 'error',
          code: 'file_too_large',
          message: `"${name}" is ${mb} MB; the in-browser engine loads files up to ${MAX_FILE_BYTES / 1024 ** 3} GB.`,
          hint: 'Save it as Parquet (often 5–10× smaller), or filter it to the stores, items or years you need, then load it again.',
        },
      ],
    };
  if (size === 0 || head.length === 0)
    return { kind: null, issues: [{ level: 'error', code: 'empty_file', message: `"${name}" is empty.`, hint: 'Choose a file with a header row and at least a few rows of sales.' }] };
  const magic = String.fromCharCode(...head.subarray(0, 4));
  if (magic === 'PAR1') return { kind: 'parquet', issues: [] };
  const container = containerOf(head);
  if (container) return { kind: null, container, issues: [] };
  const probe = head.subarray(0, 8192);
  if (probe.includes(0) || /\.(xlsx?|zip|gz|pdf|png|jpe?g)$/i.test(name))
    return {
      kind: null,
      issues: [
        {
          level: 'error',
          code: 'binary_file',
          message: `"${name}" is not a text table (it contains binary data${/\.xlsx?$/i.test(name) ? ': an Excel workbook' : ''}).`,
          hint: 'Export it as CSV (comma- or semicolon-separated), Parquet or JSON and load that file.',
        },
      ],
    };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(probe).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return { kind: 'json', issues: [] };
  if (text.startsWith('{')) return { kind: 'ndjson', issues: [] };
  const firstLine = text.split(/\r?\n/, 1)[0];
  if (/\.tsv$/i.test(name) || (firstLine.includes('\t') && !firstLine.includes(','))) return { kind: 'tsv', issues: [] };
  return { kind: 'csv', issues: [] };
}

export interface CsvReadOptions {
  encoding?: 'latin-1';
  decimalComma?: boolean;
  /** The parallel reader cannot pad short rows when quoted fields hold newlines. */
  serial?: boolean;
  /** Columns to keep as text so their dates can be parsed by the mapping's format. */
  varcharColumns?: string[];
  /** Raised when a record is longer than DuckDB's 2 MB default (see unpack.ts). */
  maxLineSize?: number;
}

/** The `read_*` table function for a registered file. */
export function readSql(path: string, kind: FileKind, o: CsvReadOptions = {}): string {
  if (kind === 'parquet') return `read_parquet(${ql(path)})`;
  if (kind === 'json' || kind === 'ndjson') return `read_json_auto(${ql(path)}${kind === 'ndjson' ? ", format='newline_delimited'" : ''})`;
  const opts = ['null_padding=true', 'store_rejects=true'];
  if (kind === 'tsv') opts.push("delim='\\t'");
  if (o.encoding) opts.push(`encoding='${o.encoding}'`);
  if (o.decimalComma) opts.push("decimal_separator=','");
  if (o.serial) opts.push('parallel=false');
  if (o.maxLineSize) opts.push(`max_line_size=${Math.floor(o.maxLineSize)}`);
  if (o.varcharColumns?.length) opts.push(`types={${o.varcharColumns.map((c) => `${ql(c)}: 'VARCHAR'`).join(', ')}}`);
  return `read_csv(${ql(path)}, ${opts.join(', ')})`;
}
