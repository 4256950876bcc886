import { Bool, Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { checkTable, type ExportTable } from './exportTable';

/** What {@link tableToParquet} needs from parquet-wasm (its module, initialised by the caller). */
export interface ParquetWriter {
  Table: { fromIPCStream(buf: Uint8Array): unknown };
  writeParquet(table: never): Uint8Array;
}

/**
 * Arrow table of an {@link ExportTable}: a column whose cells are all numbers (or missing) becomes
 * DOUBLE, all booleans BOOLEAN, anything else VARCHAR; missing cells are nulls.
 */
export function exportTableToArrow(table: ExportTable): Table {
  checkTable(table);
  const cols: Record<string, Vector> = {};
  table.columns.forEach((name, j) => {
    const vals = table.rows.map((r) => r[j]);
    const present = vals.filter((v) => v !== null && v !== undefined);
    if (present.every((v) => typeof v === 'number')) {
      cols[name] = vectorFromArray(vals.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)), new Float64());
    } else if (present.every((v) => typeof v === 'boolean')) {
      cols[name] = vectorFromArray(vals.map((v) => (typeof v === 'boolean' ? v : null)), new Bool());
    } else {
      cols[name] = vectorFromArray(vals.map((v) => (v === null || v === undefined ? null : String(v))), new Utf8());
    }
  });
  return new Table(cols);
}

/** Parquet bytes (they start and end with `PAR1`) of an {@link ExportTable}, written by parquet-wasm. */
export function tableToParquet(table: ExportTable, pq: ParquetWriter): Uint8Array {
  const ipc = tableToIPC(exportTableToArrow(table), 'stream');
  return pq.writeParquet(pq.Table.fromIPCStream(ipc) as never);
}
