/**
 * JSON, NDJSON and Parquet to Arrow IPC, so DuckDB-WASM can take them without its `json` / `parquet`
 * extensions: those are not built into the wasm engine and would be downloaded from a server at run
 * time, which this studio never does (nothing leaves the machine).
 */
import { Float64, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import type { DataIssue } from './contract';

export interface IpcResult {
  ipc: Uint8Array | null;
  issues: DataIssue[];
}

/** Validity bitmap (bit set = value present) of `vals`, and how many are null. */
function validity(vals: unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(vals.length / 8));
  let nullCount = 0;
  vals.forEach((v, i) => (v === null ? nullCount++ : (nullBitmap[i >> 3] |= 1 << (i & 7))));
  return { nullBitmap, nullCount };
}

// Arrow vectors are built from buffers directly: arrow's builders compile a null-check with
// `Function(…)`, which the site's Content-Security-Policy (no 'unsafe-eval') refuses in the worker.
function numberVector(vals: (number | null)[]): Vector {
  const data = Float64Array.from(vals, (v) => v ?? 0);
  return makeVector(makeData({ type: new Float64(), length: vals.length, data, ...validity(vals) }));
}

function textVector(vals: (string | null)[]): Vector {
  const enc = new TextEncoder();
  const parts = vals.map((v) => enc.encode(v ?? ''));
  const valueOffsets = new Int32Array(vals.length + 1);
  parts.forEach((b, i) => (valueOffsets[i + 1] = valueOffsets[i] + b.length));
  const data = new Uint8Array(valueOffsets[vals.length]);
  parts.forEach((b, i) => data.set(b, valueOffsets[i]));
  return makeVector(makeData({ type: new Utf8(), length: vals.length, data, valueOffsets, ...validity(vals) }));
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
      ? numberVector(vals.map((v) => (v == null ? null : Number(v))))
      : textVector(vals.map((v) => (v == null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v))));
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
