/**
 * The per-series inventory file (`--stock stock.csv`, or an upload in the studio): one row per series,
 * keyed by `unique_id` or by the id columns (joined with `/` as the studio does). Any column may be
 * missing or blank: the assortment defaults then apply and are marked as such.
 *
 * Columns: on_hand, open_orders (`QTY@YYYY-MM-DD;…`), lead_time, lead_time_sd, review, service,
 * service_kind (csl | fill_rate), unit_cost, holding_rate (share of unit cost a year), holding_cost
 * (per unit and period), ordering_cost, stockout_cost, moq, batch, shelf_life, salvage (what a unit left
 * over after a one-shot buy sells for), overage_cost (the newsvendor's co; default unit_cost − salvage).
 */
import { isoToDay, type DataIssue } from '../data/contract';
import type { InventoryRow } from './inputs';
import { ident, rows as queryRows, type SqlEngine } from '../data/engine';

/** Options of {@link parseStockCsv}. */
export interface StockCsvOptions {
  /** Id columns of the sales data (used when the file has no `unique_id`). */
  id: string[];
  /** Day number of "now": open orders arrive this many periods later. */
  asOf: number;
  /** Days per period (1 daily, 7 weekly). */
  periodDays: number;
}

const NUMERIC: Record<string, keyof InventoryRow> = {
  on_hand: 'onHand', lead_time: 'leadTime', lead_time_sd: 'leadTimeSd', review: 'review', service: 'service', unit_cost: 'unitCost',
  holding_rate: 'holdingRate', holding_cost: 'holdingCost', ordering_cost: 'orderingCost', stockout_cost: 'stockoutCost', moq: 'moq', batch: 'batch', shelf_life: 'shelfLife',
  salvage: 'salvage', overage_cost: 'overageCost',
};

function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (ch === ',' && !q) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Parses the file; unusable cells come back as issues naming the row and column. */
export function parseStockCsv(text: string, o: StockCsvOptions): { rows: InventoryRow[]; issues: DataIssue[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  return parseStockTable(lines.length ? splitLine(lines[0]) : [], lines.slice(1).map(splitLine), o);
}

/**
 * The stock file as a header and rows of text cells (from {@link parseStockCsv}, or from a table read by the
 * data reader, see {@link readStockTable}); row `r` (0-based) is reported as row `r + 2`, its line in a CSV.
 */
export function parseStockTable(header: string[], body: string[][], o: StockCsvOptions): { rows: InventoryRow[]; issues: DataIssue[] } {
  const lines = header.length ? [header, ...body] : [];
  const issues: DataIssue[] = [];
  if (!lines.length) return { rows: [], issues: [{ level: 'error', code: 'stock_empty', message: 'The stock file is empty.', hint: 'Give a header row (unique_id or the id columns, on_hand, lead_time, …) and one row per series.' }] };
  const head = lines[0].map((h) => h.trim().toLowerCase());
  const idIdx = head.includes('unique_id') ? [head.indexOf('unique_id')] : o.id.map((c) => head.indexOf(c.toLowerCase()));
  if (idIdx.some((i) => i < 0))
    return { rows: [], issues: [{ level: 'error', code: 'stock_no_id', message: `The stock file has neither a unique_id column nor the id columns ${o.id.join(', ')}.`, hint: 'Add a unique_id column (e.g. store_1/item_01) or the same id columns as the sales file.' }] };
  const unknown = head.filter((h, i) => !idIdx.includes(i) && !(h in NUMERIC) && h !== 'open_orders' && h !== 'service_kind' && !o.id.map((c) => c.toLowerCase()).includes(h));
  if (unknown.length) issues.push({ level: 'warning', code: 'stock_unknown_columns', message: `Stock file columns not used: ${unknown.join(', ')}.`, hint: `Known columns: ${Object.keys(NUMERIC).join(', ')}, open_orders, service_kind.` });
  const rows: InventoryRow[] = [];
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].map((c) => c.trim());
    const row: InventoryRow = { id: idIdx.map((i) => cells[i] ?? '').join('/') };
    head.forEach((h, i) => {
      const v = cells[i] ?? '';
      if (v === '') return;
      if (h in NUMERIC) {
        const n = Number(v.replace('%', '')) / (v.endsWith('%') ? 100 : 1);
        if (Number.isFinite(n)) (row as Record<string, unknown>)[NUMERIC[h]] = n;
        else issues.push({ level: 'error', code: 'stock_bad_number', message: `Stock file row ${r + 1}, column ${h}: "${v}" is not a number.`, where: row.id, hint: 'Use plain numbers with a dot for decimals (percent signs are allowed).' });
      } else if (h === 'service_kind') {
        if (v === 'csl' || v === 'fill_rate') row.serviceKind = v;
        else issues.push({ level: 'error', code: 'stock_bad_kind', message: `Stock file row ${r + 1}: service_kind must be csl or fill_rate, got "${v}".`, where: row.id });
      } else if (h === 'open_orders') {
        row.openOrders = [];
        for (const part of v.split(';').map((s) => s.trim()).filter(Boolean)) {
          const m = /^([\d.]+)\s*@\s*(\d{4}-\d{2}-\d{2})$/.exec(part);
          if (!m) {
            issues.push({ level: 'error', code: 'stock_bad_open_order', message: `Stock file row ${r + 1}: open order "${part}" should look like 120@2024-05-02.`, where: row.id });
            continue;
          }
          const arrivesIn = Math.round((isoToDay(m[2]) - o.asOf) / o.periodDays);
          if (arrivesIn < 0) issues.push({ level: 'warning', code: 'stock_open_order_past', message: `Stock file row ${r + 1}: open order due ${m[2]} is before ${new Date(o.asOf * 86400000).toISOString().slice(0, 10)}; it is counted as arriving now.`, where: row.id, hint: 'If it has arrived, add it to on_hand and remove it.' });
          row.openOrders.push({ quantity: Number(m[1]), arrivesIn: Math.max(0, arrivesIn) });
        }
      }
    });
    rows.push(row);
  }
  return { rows, issues };
}

/**
 * The stock table loaded by the data reader (`loadTableFile`: CSV, Parquet, JSON…) as {@link parseStockTable}'s
 * input: every cell as text (numbers as written by DuckDB, dates as YYYY-MM-DD, NULL as blank).
 */
export async function readStockTable(engine: SqlEngine, table: string, columns: string[]): Promise<{ header: string[]; body: string[][] }> {
  if (!columns.length) return { header: [], body: [] };
  const sel = columns.map((c, i) => `coalesce(CAST(${ident(c)} AS VARCHAR), '') AS c${i}`).join(', ');
  const got = await queryRows<Record<string, string>>(engine, `SELECT ${sel} FROM ${ident(table)}`);
  return { header: columns, body: got.map((r) => columns.map((_, i) => String(r[`c${i}`] ?? ''))) };
}
