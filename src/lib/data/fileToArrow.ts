/**
 * JSON, NDJSON and Parquet to Arrow IPC, so DuckDB-WASM can take them without its `json` / `parquet`
 * extensions: those are not built into the wasm engine and would be downloaded from a server at run
 * time, which this studio never does (nothing leaves the machine).
 */
import { Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { DataIssue } from './contract';

export interface IpcResult {
  ipc: Uint8Array | null;
  issues: DataIssue[];
}

/** Parses a JSON array of objects or newline-delimited JSON into Arrow IPC bytes (one column per key). */
export function jsonToIpc(text: string, name: string, ndjson: boolean): IpcResult {
  let records: Record<string, unknown>[];
  try {
    records = ndjson
      ? text
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l))
      : JSON.parse(text);
  } catch (e) {
    return {
      ipc: null,
      issues: [{ level: 'error', code: 'bad_json', message: `"${name}" is not valid JSON: ${(e as Error).message}.`, hint: 'Check the file in a JSON validator, or export the data as CSV.' }],
    };
  }
  if (!Array.isArray(records) || records.some((r) => r === null || typeof r !== 'object' || Array.isArray(r)))
    return {
      ipc: null,
      issues: [{ level: 'error', code: 'bad_json_shape', message: `"${name}" is JSON but not a list of records.`, hint: 'Use an array of objects such as [{"date": "2024-01-01", "sales": 3}, …], or one object per line.' }],
    };
  if (records.length === 0) return { ipc: null, issues: [{ level: 'error', code: 'no_rows', message: `"${name}" holds no records.`, hint: 'Export the sales rows too.' }] };
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), keys.push(k);
  const cols: Record<string, Vector> = {};
  for (const k of keys) {
    const vals = records.map((r) => r[k]);
    const numeric = vals.every((v) => v == null || typeof v === 'number' || typeof v === 'boolean');
    cols[k] = numeric
      ? vectorFromArray(vals.map((v) => (v == null ? null : Number(v))), new Float64())
      : vectorFromArray(vals.map((v) => (v == null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v))), new Utf8());
  }
  return { ipc: tableToIPC(new Table(cols), 'stream'), issues: [] };
}

/** Reads Parquet bytes into Arrow IPC with parquet-wasm (loaded only when a Parquet file arrives). */
export async function parquetToIpc(bytes: Uint8Array, name: string, init: (m: typeof import('parquet-wasm')) => Promise<void>): Promise<IpcResult> {
  const pq = await import('parquet-wasm');
  await init(pq);
  try {
    const table = pq.readParquet(bytes);
    return { ipc: table.intoIPCStream(), issues: [] };
  } catch (e) {
    return {
      ipc: null,
      issues: [{ level: 'error', code: 'bad_parquet', message: `"${name}" could not be read as Parquet: ${(e as Error).message}.`, hint: 'Re-export the file, or export it as CSV.' }],
    };
  }
}
