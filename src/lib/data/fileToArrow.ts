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
/** A DOUBLE vector (null = missing) built from buffers, without arrow's eval-compiled builders. */
export function numberVector(vals: (number | null)[]): Vector {
  const data = Float64Array.from(vals, (v) => v ?? 0);
  return makeVector(makeData({ type: new Float64(), length: vals.length, data, ...validity(vals) }));
}

/** A VARCHAR vector (null = missing) built from buffers, without arrow's eval-compiled builders. */
export function textVector(vals: (string | null)[]): Vector {
  const enc = new TextEncoder();
  const parts = vals.map((v) => enc.encode(v ?? ''));
  const valueOffsets = new Int32Array(vals.length + 1);
  parts.forEach((b, i) => (valueOffsets[i + 1] = valueOffsets[i] + b.length));
  const data = new Uint8Array(valueOffsets[vals.length]);
  parts.forEach((b, i) => data.set(b, valueOffsets[i]));
  return makeVector(makeData({ type: new Utf8(), length: vals.length, data, valueOffsets, ...validity(vals) }));
}

const SHAPES = 'an array of records [{"date": "2024-01-01", "sales": 3}, …], one record per line (NDJSON), {"rows": [records…]}, or columns {"date": [...], "sales": [...]}';

/** "line L column C" for a character offset in `text`. */
function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line} column ${pos - before.lastIndexOf('\n')}`;
}

/** JSON.parse's message with the position as a line and column (engines differ in how they say it). */
function jsonError(e: unknown, text: string): string {
  const m = (e as Error).message;
  const pos = m.match(/at position (\d+)/)?.[1];
  const where = /line \d+ column \d+/.exec(m)?.[0] ?? (pos != null ? lineCol(text, Number(pos)) : null);
  const what = m.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '').replace(/^JSON\.parse: /, '');
  return where ? `${what} at ${where}` : what;
}

type Rec = Record<string, unknown>;
const isRecord = (r: unknown): r is Rec => r !== null && typeof r === 'object' && !Array.isArray(r);

/** Records from a parsed JSON value: an array of records, {key: [records]}, or columnar {col: [values]}. */
function recordsOf(v: unknown): Rec[] | string {
  if (Array.isArray(v)) return v.every(isRecord) ? v : 'an array, but not every item is a record {…}';
  if (!isRecord(v)) return `a single ${typeof v} value`;
  const keys = Object.keys(v);
  const arrays = keys.filter((k) => Array.isArray(v[k]));
  const lists = arrays.filter((k) => (v[k] as unknown[]).length > 0 && (v[k] as unknown[]).every(isRecord));
  const preferred = lists.find((k) => /^(rows|data|records|items|values|sales|results?)$/i.test(k)) ?? (lists.length === 1 ? lists[0] : undefined);
  if (preferred) return v[preferred] as Rec[];
  if (keys.length > 0 && arrays.length === keys.length) {
    const n = (v[keys[0]] as unknown[]).length;
    if (keys.every((k) => (v[k] as unknown[]).length === n))
      return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, (v[k] as unknown[])[i]])));
    return `columns of different lengths (${keys.slice(0, 4).map((k) => `"${k}": ${(v[k] as unknown[]).length}`).join(', ')})`;
  }
  return `an object with the keys ${keys.slice(0, 6).map((k) => `"${k}"`).join(', ')}${keys.length > 6 ? ', …' : ''} and no list of records`;
}

/** Parses JSON (array, `{rows: [...]}` or columnar `{col: [...]}`) or newline-delimited JSON into Arrow IPC bytes. */
export function jsonToIpc(text: string, name: string, ndjson: boolean): IpcResult {
  const bad = (message: string, code = 'bad_json', hint = 'Fix that spot in a text editor or a JSON validator, or export the data as CSV.'): IpcResult => ({
    ipc: null,
    issues: [{ level: 'error', code, message, hint }],
  });
  let parsed: unknown;
  let whole = true;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    if (!ndjson) return bad(`"${name}" is not valid JSON: ${jsonError(e, text)}.`);
    whole = false;
  }
  let records: Rec[];
  if (!whole) {
    // One record per line: name the first line that does not parse, counting every line of the file.
    records = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i].trim();
      if (!l) continue;
      let r: unknown;
      try {
        r = JSON.parse(l);
      } catch (e) {
        const snippet = l.length > 60 ? `${l.slice(0, 60)}…` : l;
        return bad(`Line ${i + 1} of "${name}" is not valid JSON (${jsonError(e, l).replace(/ at line 1 column/, ' at column')}): ${snippet}`);
      }
      if (!isRecord(r)) return bad(`Line ${i + 1} of "${name}" is not a record {…}.`, 'bad_json_shape', `Use one object per line, such as {"date": "2024-01-01", "sales": 3}.`);
      records.push(r);
    }
  } else if (ndjson && isRecord(parsed) && !text.trim().includes('\n') && !Object.values(parsed).some(Array.isArray)) {
    records = [parsed]; // a one-line NDJSON file
  } else {
    const r = recordsOf(parsed);
    if (typeof r === 'string') return bad(`"${name}" is valid JSON but ${r}, not a table.`, 'bad_json_shape', `Use ${SHAPES}.`);
    records = r;
  }
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
