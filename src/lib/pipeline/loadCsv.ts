/** Step 1 of the pipeline: a CSV file into the `raw` table, with its column names and DuckDB types. */
import { literal } from '../data/engine';
import { strings, type SqlEngine } from './sqlEngine';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /** Path (Node) or registered file name (browser) that `read_csv` can open. */
  path: string;
  /** Table to create (default `raw`). */
  table?: string;
}

/** Reads `path` with DuckDB's CSV sniffer into `raw`; returns `{ column: type }` in file order. */
export async function loadCsv(engine: SqlEngine, options: LoadCsvOptions): Promise<Record<string, string>> {
  const table = options.table ?? 'raw';
  await engine.exec(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv(${literal(options.path)})`);
  return tableColumns(engine, table);
}

/** Column names and DuckDB types of `table`, in order. */
export async function tableColumns(engine: SqlEngine, table: string): Promise<Record<string, string>> {
  const t = await engine.query(`DESCRIBE ${table}`);
  const names = strings(t, 'column_name');
  const types = strings(t, 'column_type');
  return Object.fromEntries(names.map((n, i) => [n, types[i]]));
}

/** Whether `table` exists. */
export async function tableExists(engine: SqlEngine, table: string): Promise<boolean> {
  const t = await engine.query(`SELECT count(*)::DOUBLE AS n FROM information_schema.tables WHERE table_name = ${literal(table)}`);
  return Number(t.getChild('n')!.toArray()[0]) > 0;
}
