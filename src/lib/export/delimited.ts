import { cellText, checkTable, type ExportTable } from './exportTable';

/**
 * Tab-separated text for spreadsheets (what Excel, LibreOffice and Google Sheets paste into cells).
 * A cell holding a tab, a newline or a double quote is quoted with `"…"` and its quotes doubled, the
 * way spreadsheets write and read TSV, so it stays one cell. Lines end with `\n`; no trailing newline.
 */
export function toTsv(table: ExportTable): string {
  checkTable(table);
  const field = (v: Parameters<typeof cellText>[0]) => {
    const s = cellText(v);
    return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns, ...table.rows].map((r) => r.map(field).join('\t')).join('\n');
}

/** RFC 4180 CSV: comma-separated, cells with a comma, quote or line break quoted; `\r\n` line ends. */
export function toCsv(table: ExportTable): string {
  checkTable(table);
  const field = (v: Parameters<typeof cellText>[0]) => {
    const s = cellText(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns, ...table.rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
