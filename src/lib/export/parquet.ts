import { Table, tableToIPC, type Vector } from 'apache-arrow';
import { numberVector, textVector } from '../data/fileToArrow';
import { checkTable, type ExportTable } from './exportTable';

/** What {@link tableToParquet} needs from parquet-wasm (its module, initialised by the caller). */
export interface ParquetWriter {
  Table: { fromIPCStream(buf: Uint8Array): unknown };
  writeParquet(table: never): Uint8Array;
}

/**
 * Arrow table of an {@link ExportTable}: a column whose cells are all numbers (or missing) becomes
 * DOUBLE, anything else VARCHAR (booleans as `true` / `false`); missing cells and NaN are nulls. Built from
 * buffers: the page's Content-Security-Policy refuses arrow's eval-compiled builders.
 */
export function exportTableToArrow(table: ExportTable): Table {
  checkTable(table);
  const cols: Record<string, Vector> = {};
  table.columns.forEach((name, j) => {
    const vals = table.rows.map((r) => r[j]);
    const present = vals.filter((v) => v !== null && v !== undefined);
    if (present.every((v) => typeof v === 'number')) {
      cols[name] = numberVector(vals.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)));
    } else {
      cols[name] = textVector(vals.map((v) => (v === null || v === undefined ? null : String(v))));
    }
  });
  return new Table(cols);
}

/** Parquet bytes (they start and end with `PAR1`) of an {@link ExportTable}, written by parquet-wasm. */
export function tableToParquet(table: ExportTable, pq: ParquetWriter): Uint8Array {
  const ipc = tableToIPC(exportTableToArrow(table), 'stream');
  return pq.writeParquet(pq.Table.fromIPCStream(ipc) as never);
}
