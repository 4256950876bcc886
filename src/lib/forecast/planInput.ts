/**
 * A user's plan file (`--plan`) into the `plan_input` table that {@link validatePlan} checks: read as any
 * data file is ({@link loadTableFile}: CSV, TSV, Parquet, JSON…, with the same messages for a file that
 * cannot be read), with `_line`, the line of each row in a CSV (the header is line 1) or its record number
 * otherwise, for the messages that name rows.
 */
import type { DataIssue } from '../data/contract';
import type { SqlEngine } from '../data/engine';
import { loadTableFile, type DecodeOptions } from '../data/readUpload';
import { uploadPath } from '../security/engineLockdown';

/** Options of {@link loadPlanInput}. */
export interface LoadPlanInputOptions extends DecodeOptions {
  /** Registers bytes under a path with the engine (DuckDB's `registerFileBuffer`). */
  register: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Table to create (default `plan_input`). */
  table?: string;
}

/** The table made (absent when the file cannot be read) and what was said about the file. */
export interface LoadPlanInputResult {
  table?: string;
  issues: DataIssue[];
}

/** Loads the plan file's bytes into `plan_input` (see the module comment); the sales tables are untouched. */
export async function loadPlanInput(engine: SqlEngine, file: { name: string; bytes: Uint8Array }, o: LoadPlanInputOptions): Promise<LoadPlanInputResult> {
  const table = o.table ?? 'plan_input';
  const res = await loadTableFile(engine, file, { ...o, table: '_plan_file', path: (kind) => uploadPath(2, kind) });
  if (!res.ok) {
    await engine.exec('DROP TABLE IF EXISTS _plan_file');
    return { issues: res.issues.length ? res.issues : [{ level: 'error', code: 'plan_empty', message: `The plan "${file.name}" has no rows.`, hint: 'A plan needs unique_id, ds and every known-future column, one row per series and date of the horizon.' }] };
  }
  const header = res.kind === 'csv' || res.kind === 'tsv' ? 1 : 0;
  await engine.exec(`CREATE OR REPLACE TABLE "${table.replace(/"/g, '""')}" AS SELECT row_number() OVER () + ${header} AS _line, * EXCLUDE (${'_line' in res.columns ? '_line' : ''}) FROM _plan_file`.replace(' EXCLUDE ()', ''));
  await engine.exec('DROP TABLE IF EXISTS _plan_file');
  return { table, issues: res.issues };
}
