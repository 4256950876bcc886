/**
 * The headless tools' first stage: the `--data` file's bytes into `raw` through the studio's own ingest
 * (`decodeUpload` → `loadUpload`: CSV, TSV, Parquet, JSON / NDJSON, gzip, zip, .xlsx, UTF-16, thousands
 * separators, currency, monthly / ISO-week / Excel / epoch dates), the flags' columns checked, and `sales`
 * built with {@link mapSales}. Engine-agnostic: the host reads the file and registers bytes with its engine.
 */
import type { CovariateMeta, DataIssue, Freq } from '../data/contract';
import { decodeUpload, loadUpload, type DecodeOptions } from '../data/readUpload';
import { uploadPath } from '../security/engineLockdown';
import { flagCovariates } from './backtestPipeline';
import { mapSales, missingColumns, type MapSalesResult } from './mapSales';
import type { SqlEngine } from './sqlEngine';

/** Options of {@link loadCliSales}: the file and the columns the flags name. */
export interface LoadCliSalesOptions extends DecodeOptions {
  /** The file's name as the user gave it (for messages and to pick the reader) and its bytes. */
  file: { name: string; bytes: Uint8Array };
  /** Registers bytes under a path with the engine (DuckDB's `registerFileBuffer`). */
  register: (path: string, bytes: Uint8Array) => Promise<void>;
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  knownFuture?: string[];
  pastOnly?: string[];
  statics?: string[];
  zeroWhen?: { column: string };
  completeOnly?: boolean;
  /** More columns that must be in the file, as `[what names it, column]` (e.g. `['scenario "group"', 'region']`). */
  alsoNeeded?: Array<[string, string]>;
  /** Build `sales` / `series` (default true); false: load `raw` and check the columns only. */
  map?: boolean;
}

/** What happened; `exitCode` 0 when `raw` (and `sales` unless `map: false`) are ready. */
export interface LoadCliSalesResult {
  /** 0 ok, 2 the file cannot be read or lacks a named column, 1 the data gave no sales. */
  exitCode: 0 | 1 | 2;
  /** Everything to report, in order: what was done to the file, its warnings, the mapping's issues. */
  issues: DataIssue[];
  /** `raw`'s columns and DuckDB types, in file order (empty when unreadable). */
  columns: Record<string, string>;
  /** The flags' covariates with their timing and role (`flagCovariates`). */
  covariates: CovariateMeta[];
  /** Rows loaded into `raw`. */
  rows: number;
  mapped?: MapSalesResult;
}

/** Loads `file` into `raw`, checks the named columns and (by default) maps it to `sales`; see the module comment. */
export async function loadCliSales(engine: SqlEngine, o: LoadCliSalesOptions): Promise<LoadCliSalesResult> {
  const fail = (exitCode: 1 | 2, issues: DataIssue[], columns: Record<string, string> = {}, rows = 0): LoadCliSalesResult => ({ exitCode, issues, columns, covariates: [], rows });
  const decoded = await decodeUpload(o.file.name, o.file.bytes, {}, o);
  if (!decoded.readable) return fail(2, decoded.issues);
  const raw = await loadUpload(engine, decoded, o.file.name, { path: uploadPath(1, decoded.sniff.kind!), register: o.register });
  const issues = [...decoded.issues, ...raw.issues];
  const columns = Object.fromEntries(raw.columns.map((c) => [c.name, c.type]));
  if (!raw.rows) return fail(2, issues, columns);
  const covariates = flagCovariates(columns, o);
  const mapping = { id: o.id, date: o.date, target: o.target, freq: o.freq, covariates, statics: o.statics, completeOnly: o.completeOnly };
  const missing = missingColumns(columns, mapping, o.alsoNeeded);
  if (missing.length) return fail(2, [...issues, ...missing], columns, raw.rows);
  if (o.map === false) return { exitCode: 0, issues, columns, covariates, rows: raw.rows };
  const mapped = await mapSales(engine, mapping);
  const failed = mapped.issues.some((i) => i.level === 'error');
  return { exitCode: failed ? 1 : 0, issues: [...issues, ...mapped.issues], columns, covariates, rows: raw.rows, mapped };
}
