/**
 * A file's bytes into the `raw` table, the one way the studio's db worker and the headless CLIs read data:
 * unpack and sniff ({@link openUpload}: gzip, zip, .xlsx, UTF-16, long lines), JSON / NDJSON / Parquet to
 * Arrow IPC (fileToArrow.ts), then {@link loadRaw} (CSV fallbacks, Latin-1, number formats, zoned
 * timestamps). Pure: the host registers files with its engine and initialises parquet-wasm its own way.
 */
import type { DataIssue } from './contract';
import { rows, type SqlEngine } from './engine';
import { jsonToIpc, parquetToIpc } from './fileToArrow';
import type { CsvReadOptions } from './ingest';
import { loadRaw, type RawTable } from './prepare';
import { openUpload, type OpenedFile } from './unpack';

/** What {@link decodeUpload} made of the bytes: readable (`kind` set, `ipc` for JSON/Parquet) or refused with issues. */
export interface DecodedUpload extends OpenedFile {
  /** False when the bytes cannot be read as a table (the issues say why). */
  readable: boolean;
  /** JSON, NDJSON and Parquet as Arrow IPC stream bytes (CSV/TSV are read by DuckDB from `bytes`). */
  ipc?: Uint8Array;
  /** What was done to the file (info notes) and why it is refused (errors), in order. */
  issues: DataIssue[];
}

/** Options of {@link decodeUpload}. */
export interface DecodeOptions {
  /** Initialises the parquet-wasm module (the browser passes its wasm URL; Node's build needs nothing). */
  parquetInit?: (m: typeof import('parquet-wasm')) => Promise<void>;
}

/** Unpacks, sniffs and (for JSON / Parquet) converts an upload; nothing touches the engine yet. */
export async function decodeUpload(name: string, bytes: Uint8Array, readOptions: CsvReadOptions = {}, o: DecodeOptions = {}): Promise<DecodedUpload> {
  const opened = openUpload(name, bytes, readOptions);
  const issues = [...opened.notes, ...opened.sniff.issues];
  const decoded: DecodedUpload = { name: opened.name, bytes: opened.bytes, sniff: opened.sniff, readOptions: opened.readOptions, readable: !!opened.sniff.kind, issues };
  const kind = opened.sniff.kind;
  if (kind !== 'json' && kind !== 'ndjson' && kind !== 'parquet') return decoded;
  const r = kind === 'parquet' ? await parquetToIpc(opened.bytes, name, o.parquetInit ?? (async () => {})) : jsonToIpc(new TextDecoder().decode(opened.bytes), name, kind === 'ndjson');
  return { ...decoded, readable: !!r.ipc, ipc: r.ipc ?? undefined, issues: [...issues, ...r.issues] };
}

/** Options of {@link loadUpload}. */
export interface LoadUploadOptions {
  /** Where the engine may open the bytes (e.g. `uploadPath(n, kind)`). */
  path: string;
  /** Registers `bytes` under `path` with the engine (CSV / TSV only; JSON and Parquet arrive as IPC). */
  register: (path: string, bytes: Uint8Array) => Promise<void>;
}

/** Loads a readable {@link DecodedUpload} into `raw` with {@link loadRaw}; `name` is the user's file name for messages. */
export async function loadUpload(engine: SqlEngine, decoded: DecodedUpload, name: string, o: LoadUploadOptions): Promise<RawTable> {
  if (!decoded.sniff.kind) throw new Error('loadUpload: the file was not readable (check decoded.readable first)');
  if (!decoded.ipc) await o.register(o.path, decoded.bytes);
  return loadRaw(engine, o.path, decoded.sniff.kind, name, decoded.readOptions, decoded.ipc);
}

/** Options of {@link loadTableFile}. */
export interface LoadTableFileOptions extends DecodeOptions {
  /** The table to create (replaced when it exists). */
  table: string;
  /** Where the engine may open the bytes (e.g. `uploadPath(2, kind)`); called with the sniffed kind. */
  path: (kind: string) => string;
  /** Registers bytes under a path with the engine (CSV / TSV only). */
  register: (path: string, bytes: Uint8Array) => Promise<void>;
}

/** What {@link loadTableFile} made of a side file: the table's columns (name → DuckDB type), rows and kind, or the issues. */
export interface LoadTableFileResult {
  /** False when the file cannot be read or holds no rows (the issues say why). */
  ok: boolean;
  issues: DataIssue[];
  columns: Record<string, string>;
  rows: number;
  /** The sniffed kind (csv, tsv, parquet, json, ndjson); absent when unreadable. */
  kind?: string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A side file (a plan, a stock file) read the way `--data` and the studio's uploads are — {@link decodeUpload}
 * then {@link loadUpload}: CSV, TSV, Parquet, JSON / NDJSON, gzip, zip, .xlsx, UTF-16, number formats, and
 * the same clear messages for a file that cannot be read — into `table`. The sales file's `raw` table, when
 * loaded, is kept as it was.
 */
export async function loadTableFile(engine: SqlEngine, file: { name: string; bytes: Uint8Array }, o: LoadTableFileOptions): Promise<LoadTableFileResult> {
  const decoded = await decodeUpload(file.name, file.bytes, {}, o);
  if (!decoded.readable) return { ok: false, issues: decoded.issues, columns: {}, rows: 0 };
  const kind = decoded.sniff.kind!;
  const held = (await rows<{ n: number }>(engine, `SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name = 'raw' AND schema_name = current_schema()`))[0].n > 0;
  if (held) {
    await engine.exec('DROP TABLE IF EXISTS _raw_held');
    await engine.exec('ALTER TABLE raw RENAME TO _raw_held');
  }
  try {
    const raw = await loadUpload(engine, decoded, file.name, { path: o.path(kind), register: o.register });
    const issues = [...decoded.issues, ...raw.issues];
    if (!raw.rows) {
      await engine.exec('DROP TABLE IF EXISTS raw');
      return { ok: false, issues, columns: {}, rows: 0, kind };
    }
    await engine.exec(`DROP TABLE IF EXISTS ${q(o.table)}`);
    await engine.exec(`ALTER TABLE raw RENAME TO ${q(o.table)}`);
    return { ok: !issues.some((i) => i.level === 'error'), issues, columns: Object.fromEntries(raw.columns.map((c) => [c.name, c.type])), rows: raw.rows, kind };
  } finally {
    if (held) {
      await engine.exec('DROP TABLE IF EXISTS raw');
      await engine.exec('ALTER TABLE _raw_held RENAME TO raw');
    }
  }
}
