/**
 * What the four headless tools (`npm run backtest | forecast | promo | replenish`) do before their own work:
 * `--help`, flags parsed (bad ones: the message, the usage and exit code 2), early checks, the input files
 * present; then the `--data` file loaded the way the studio loads it ({@link loadCliSales}) and reported;
 * `--plan` and `--stock` go through the same reader ({@link loadCliPlan}, {@link loadCliStock}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DataIssue } from '../lib/data/contract';
import { hasModel, listModels } from '../lib/models';
import { loadCliSales, type LoadCliSalesOptions, type LoadCliSalesResult } from '../lib/pipeline';
import type { NodeEngine } from '../lib/pipeline/nodeEngine';
import { loadTableFile } from '../lib/data/readUpload';
import { loadPlanInput } from '../lib/forecast/planInput';
import { parseStockTable, readStockTable, type StockCsvOptions } from '../lib/inventory/stockCsv';
import type { InventoryRow } from '../lib/inventory/inputs';
import { uploadPath } from '../lib/security/engineLockdown';

/** Where a CLI writes. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Options of {@link cliPrologue}. */
export interface PrologueOptions<O> {
  /** Printed on stdout for `--help` / `-h` (exit 0) and after a flag error on stderr (exit 2). */
  usage: string;
  parse: (argv: string[]) => O | { error: string };
  /** Checks after parsing, before any file is opened (unknown models…): an exit code stops the run. */
  check?: (o: O) => number | undefined;
  /** Input files that must exist, as `[flag, path]` (an undefined path: the flag was not given). */
  files?: (o: O) => Array<[string, string | undefined]>;
}

/** `--help`, parse, checks, files present: the parsed options, or the exit code to stop with. */
export function cliPrologue<O extends object>(argv: string[], io: CliIo, p: PrologueOptions<O>): O | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(p.usage);
    return 0;
  }
  const o = p.parse(argv);
  if ('error' in o) {
    io.stderr(`error: ${o.error}\n${p.usage}`);
    return 2;
  }
  const stop = p.check?.(o);
  if (stop !== undefined) return stop;
  for (const [flag, f] of p.files?.(o) ?? [])
    if (f && !existsSync(resolve(f))) {
      io.stderr(`error: ${flag} file not found: ${resolve(f)}`);
      return 2;
    }
  return o;
}

/**
 * Exit code 2, with the registered models listed, when any of `names` is unknown; `say` words the
 * sentence before the list (default `unknown model(s) a, b; known:`).
 */
export function unknownModels(io: CliIo, names: string[], say = (unknown: string) => `unknown model(s) ${unknown}; known:`): number | undefined {
  const unknown = names.filter((n) => !hasModel(n));
  if (!unknown.length) return undefined;
  io.stderr(`error: ${say(unknown.join(', '))} ${listModels().map((m) => m.name).join(', ')}`);
  return 2;
}

/** Writes issues as `level: message hint`, one a line. */
export function reportIssues(io: CliIo, issues: DataIssue[]): void {
  for (const i of issues) io.stderr(`${i.level}: ${i.message}${i.hint ? ` ${i.hint}` : ''}`);
}

/** Options of {@link loadCliData}: the flags' columns (see {@link LoadCliSalesOptions}). */
export type CliDataOptions = Omit<LoadCliSalesOptions, 'file' | 'register' | 'parquetInit'>;

/**
 * An input file's name and bytes (`--data`, `--plan`, `--stock`, `--scenario`: `flag` names it in the message),
 * read before the engine starts; a file that cannot be read: exit code 2 with the reason.
 */
export function readCliFile(io: CliIo, path: string, flag = '--data'): { name: string; path: string; bytes: Uint8Array } | number {
  const full = resolve(path);
  try {
    return { name: basename(full), path: full, bytes: new Uint8Array(readFileSync(full)) };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : e instanceof Error ? e.message : String(e);
    io.stderr(`error: ${flag} file cannot be read: ${full} (${why})`);
    return 2;
  }
}

/**
 * The `--plan` file into `plan_input` with {@link loadPlanInput} (the reader `--data` goes through: CSV, Parquet,
 * JSON…): true when loaded; otherwise the issues are reported and the exit code (2) comes back.
 */
export async function loadCliPlan(engine: NodeEngine, io: CliIo, path: string): Promise<true | number> {
  const file = readCliFile(io, path, '--plan');
  if (typeof file === 'number') return file;
  const res = await loadPlanInput(engine, file, { register: (p, b) => engine.registerFile(p, b) });
  reportIssues(io, res.issues);
  return res.table ? true : 2;
}

/**
 * The `--stock` file through the same reader ({@link loadTableFile}) into inventory rows: the rows, or exit code 2
 * after reporting why (a file that cannot be read, a bad cell). `asOf` is the day open orders count from.
 */
export async function loadCliStock(engine: NodeEngine, io: CliIo, path: string, o: StockCsvOptions): Promise<InventoryRow[] | number> {
  const file = readCliFile(io, path, '--stock');
  if (typeof file === 'number') return file;
  const res = await loadTableFile(engine, file, { table: 'stock_input', path: (kind) => uploadPath(3, kind), register: (p, b) => engine.registerFile(p, b) });
  if (!res.ok) {
    reportIssues(io, res.issues.length ? res.issues : [{ level: 'error', code: 'stock_empty', message: `The stock file ${file.path} has no rows.`, hint: 'Give a header row (unique_id or the id columns, on_hand, lead_time, …) and one row per series.' }]);
    return 2;
  }
  const t = await readStockTable(engine, 'stock_input', Object.keys(res.columns));
  await engine.exec('DROP TABLE IF EXISTS stock_input');
  const parsed = parseStockTable(t.header, t.body, o);
  reportIssues(io, [...res.issues, ...parsed.issues]);
  return parsed.issues.some((i) => i.level === 'error') ? 2 : parsed.rows;
}

/** Loads `file` with {@link loadCliSales} into `engine`, reporting every issue on stderr and the result with `log`. */
export async function loadCliData(engine: NodeEngine, io: CliIo, file: { name: string; path: string; bytes: Uint8Array }, o: CliDataOptions, log: (m: string) => void): Promise<LoadCliSalesResult> {
  const res = await loadCliSales(engine, { ...o, file, register: (p, b) => engine.registerFile(p, b) });
  if (res.rows) log(`loaded ${file.path}: ${res.rows} rows, ${Object.keys(res.columns).length} columns`);
  reportIssues(io, res.issues);
  if (res.mapped && !res.exitCode) log(`sales: ${res.mapped.series} series, ${res.mapped.rows} rows`);
  return res;
}
