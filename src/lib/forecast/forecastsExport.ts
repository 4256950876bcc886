/**
 * Exports of the forecasts table and of the plan the forecasts were made under: CSV text in the forecast
 * contract's columns (the CLI's `forecasts.csv`), Parquet bytes of the whole table (with cutoff and plan
 * name), and the plan as CSV (`unique_id,ds,<known-future columns…>`, the shape `--plan` reads).
 */
import { tableToIpc } from '../data/arrowIpc';
import { plainRows } from '../data/engine';
import { ident, literal } from '../features/featureColumn';
import { tableColumns } from '../pipeline/loadCsv';
import type { SqlEngine } from '../pipeline/sqlEngine';
import { csvCell, csvNumber, forecastSetsCsv } from './forecastsCsv';
import { readForecasts, type ReadForecastsOptions } from './forecastsTable';

/** The forecasts table (every model, series and quantile; optionally one model or plan) as CSV text. */
export async function forecastsCsvText(engine: SqlEngine, options: ReadForecastsOptions = {}): Promise<string> {
  return forecastSetsCsv(await readForecasts(engine, options));
}

/** The parquet-wasm module (`import('parquet-wasm')`, initialised by the caller: wasm URL in a browser, bytes in Node). */
export interface ParquetWriter {
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
  writeParquet(table: never): Uint8Array;
}

/**
 * The forecasts table as Parquet bytes (`unique_id, ds, model, cutoff, plan, mean, q_<p>…`, ordered by
 * model, series and date), written by parquet-wasm from the engine's Arrow result.
 */
export async function forecastsParquet(engine: SqlEngine, pq: ParquetWriter, options: { table?: string; model?: string } = {}): Promise<Uint8Array> {
  const table = ident(options.table ?? 'forecasts');
  const t = await engine.query(`SELECT * FROM ${table}${options.model ? ` WHERE model = ${literal(options.model)}` : ''} ORDER BY model, cutoff, plan, unique_id, ds`);
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIpc(t)) as never);
}

/** A plan table as CSV: `unique_id,ds,<covariates…>` in series and date order (dates ISO, text quoted). */
export async function planCsvText(engine: SqlEngine, table = 'plan'): Promise<string> {
  const cols = Object.keys(await tableColumns(engine, table));
  const r = await plainRows(engine, `SELECT ${cols.map((c) => (c === 'ds' ? 'CAST(ds AS VARCHAR) AS ds' : ident(c))).join(', ')} FROM ${ident(table)} ORDER BY unique_id, ds`);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? csvNumber(v) : csvCell(String(v)));
  return [r.columns.join(','), ...r.rows.map((row) => row.map(cell).join(','))].join('\n') + '\n';
}
