/**
 * A file's bytes into the `raw` table, the one way the studio's db worker and the headless CLIs read data:
 * unpack and sniff ({@link openUpload}: gzip, zip, .xlsx, UTF-16, long lines), JSON / NDJSON / Parquet to
 * Arrow IPC (fileToArrow.ts), then {@link loadRaw} (CSV fallbacks, Latin-1, number formats, zoned
 * timestamps). Pure: the host registers files with its engine and initialises parquet-wasm its own way.
 */
import type { DataIssue } from './contract';
import type { SqlEngine } from './engine';
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
