/** A table ready to leave the studio: named columns and rows of plain cells (CSV, TSV, Parquet). */
export type Cell = string | number | boolean | null | undefined;

/** Column names and rows; every row has one cell per column. */
export interface ExportTable {
  columns: string[];
  rows: Cell[][];
}

/** Throws when a row's length differs from the column count (a bug in the table's builder). */
export function checkTable(table: ExportTable): void {
  const n = table.columns.length;
  table.rows.forEach((r, i) => {
    if (r.length !== n) throw new Error(`export table: row ${i} has ${r.length} cells, ${n} columns`);
  });
}

/** A cell as text: missing and non-finite numbers become empty, numbers keep full precision. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return String(v);
}
