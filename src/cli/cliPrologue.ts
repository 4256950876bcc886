/**
 * What the four headless tools (`npm run backtest | forecast | promo | replenish`) do before their own work:
 * `--help`, flags parsed (bad ones: the message, the usage and exit code 2), early checks, the input files
 * present; then the `--data` file loaded the way the studio loads it ({@link loadCliSales}) and reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DataIssue } from '../lib/data/contract';
import { hasModel, listModels } from '../lib/models';
import { loadCliSales, type LoadCliSalesOptions, type LoadCliSalesResult } from '../lib/pipeline';
import type { NodeEngine } from '../lib/pipeline/nodeEngine';

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

/** The `--data` file's name and bytes, read before the engine starts; a file that cannot be read: exit code 2 with the reason. */
export function readCliFile(io: CliIo, path: string): { name: string; path: string; bytes: Uint8Array } | number {
  const full = resolve(path);
  try {
    return { name: basename(full), path: full, bytes: new Uint8Array(readFileSync(full)) };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : e instanceof Error ? e.message : String(e);
    io.stderr(`error: --data file cannot be read: ${full} (${why})`);
    return 2;
  }
}

/** Loads `file` with {@link loadCliSales} into `engine`, reporting every issue on stderr and the result with `log`. */
export async function loadCliData(engine: NodeEngine, io: CliIo, file: { name: string; path: string; bytes: Uint8Array }, o: CliDataOptions, log: (m: string) => void): Promise<LoadCliSalesResult> {
  const res = await loadCliSales(engine, { ...o, file, register: (p, b) => engine.registerFile(p, b) });
  if (res.rows) log(`loaded ${file.path}: ${res.rows} rows, ${Object.keys(res.columns).length} columns`);
  reportIssues(io, res.issues);
  if (res.mapped && !res.exitCode) log(`sales: ${res.mapped.series} series, ${res.mapped.rows} rows`);
  return res;
}
