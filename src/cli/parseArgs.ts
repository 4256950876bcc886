/** Command-line flags of `npm run backtest` → a typed options object, or the reason they are unusable. */
import type { Freq } from '../lib/data/contract';

/** Everything the backtest CLI was asked to do. */
export interface CliOptions {
  data: string;
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  h: number;
  /** Evaluation windows (default 1). */
  windows: number;
  /** Extra earlier windows used only to choose `auto` (default 2). */
  selectionWindows: number;
  knownFuture: string[];
  pastOnly: string[];
  statics: string[];
  /** Model names; empty = the default set for the frequency. */
  models: string[];
  zeroWhen?: { column: string; value: string };
  /** Keep only series observed at every period of the panel's range. */
  completeOnly: boolean;
  /** Metric `auto` is chosen by (default wape). */
  metric: string;
  /** Seconds the backtest may take (default 840; 0 = no limit); slow models are dropped and reported. */
  timeBudget: number;
  out?: string;
  forecastOut?: string;
  listModels: boolean;
}

/** Default `--time-budget`: 14 minutes, so a shared task finishes within 15 on 2 cores. */
export const DEFAULT_TIME_BUDGET = 840;

/** Usage text printed with bad flags (exit code 2). */
export const USAGE = `usage: npm run backtest -- --data FILE.csv --id COL[,COL] --date COL --target COL --freq D|W|M|Q|Y --h N
         [--windows K] [--selection-windows S] [--known-future COL,...] [--past-only COL,...] [--static COL,...]
         [--models a,b,...] [--zero-when COL=VALUE] [--complete-only] [--metric wape|mase|...] [--time-budget SECONDS]
         [--out result.json] [--forecast-out forecasts.csv]
       npm run backtest -- --list-models`;

const LISTS = new Set(['--id', '--known-future', '--past-only', '--static', '--models']);
const VALUES = new Set([...LISTS, '--data', '--date', '--target', '--freq', '--h', '--windows', '--selection-windows', '--zero-when', '--metric', '--out', '--forecast-out', '--time-budget']);
const SWITCHES = new Set(['--list-models', '--complete-only']);

/** A comma-separated flag value as a list (`--id store,item`), shared by the four CLIs. */
export const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/**
 * The four CLIs' flag reader: `--flag value` and `--flag=value` for `values`, bare `switches`; an unknown
 * argument or a flag without its value is the error to print.
 */
export function readFlags(argv: string[], values: Set<string>, switches: Set<string> = new Set()): { got: Map<string, string>; on: Set<string> } | { error: string } {
  const got = new Map<string, string>();
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
    if (switches.has(flag)) on.add(flag);
    else if (values.has(flag)) {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) return { error: `${flag} needs a value` };
      got.set(flag, v);
    } else return { error: `unknown argument "${argv[i]}"` };
  }
  return { got, on };
}

/**
 * `--zero-when COLUMN=VALUE` (a known zero, e.g. a closed day), shared by the backtest, forecast and replenish
 * CLIs; `numeric`: the value must be a number (the forecast CLI's `COLUMN=NUMBER`).
 */
export function parseZeroWhen(text: string | undefined, o: { numeric?: boolean } = {}): { column: string; value: string } | { error: string } | undefined {
  if (text === undefined) return undefined;
  const m = /^([^=]+)=(.*)$/.exec(text);
  if (!m || !m[2] || (o.numeric && !Number.isFinite(Number(m[2])))) return { error: `--zero-when must look like COLUMN=${o.numeric ? 'NUMBER' : 'VALUE'}, got "${text}"` };
  return { column: m[1].trim(), value: m[2].trim() };
}

/** Parses `argv` (without node and script); `--flag=value` and `--flag value` both work. */
export function parseArgs(argv: string[]): CliOptions | { error: string } {
  const flags = readFlags(argv, VALUES, SWITCHES);
  if ('error' in flags) return flags;
  const { got, on: switches } = flags;
  const listModels = switches.has('--list-models');
  const need = listModels ? [] : ['--data', '--id', '--date', '--target', '--freq', '--h'];
  const missing = need.filter((f) => !got.has(f));
  if (missing.length) return { error: `missing ${missing.join(', ')}` };
  const freq = (got.get('--freq') ?? 'D').toUpperCase();
  if (!['D', 'W', 'M', 'Q', 'Y'].includes(freq)) return { error: `--freq must be D, W, M, Q or Y, got "${got.get('--freq')}"` };
  const int = (flag: string, def: number, min: number) => {
    const v = got.has(flag) ? Number(got.get(flag)) : def;
    return Number.isInteger(v) && v >= min ? v : NaN;
  };
  const h = int('--h', 1, 1);
  const windows = int('--windows', 1, 1);
  const selectionWindows = int('--selection-windows', 2, 0);
  const timeBudget = got.has('--time-budget') ? Number(got.get('--time-budget')) : DEFAULT_TIME_BUDGET;
  if (!(Number.isFinite(timeBudget) && timeBudget >= 0)) return { error: `--time-budget must be a number of seconds ≥ 0 (0 = no limit), got "${got.get('--time-budget')}"` };
  for (const [flag, v] of [['--h', h], ['--windows', windows], ['--selection-windows', selectionWindows]] as const)
    if (Number.isNaN(v)) return { error: `${flag} must be a whole number ≥ ${flag === '--selection-windows' ? 0 : 1}, got "${got.get(flag)}"` };
  const zeroWhen = parseZeroWhen(got.get('--zero-when'));
  if (zeroWhen && 'error' in zeroWhen) return zeroWhen;
  return {
    data: got.get('--data') ?? '', id: list(got.get('--id')), date: got.get('--date') ?? '', target: got.get('--target') ?? '',
    freq: freq as Freq, h, windows, selectionWindows,
    knownFuture: list(got.get('--known-future')), pastOnly: list(got.get('--past-only')), statics: list(got.get('--static')),
    models: list(got.get('--models')), zeroWhen, completeOnly: switches.has('--complete-only'), metric: got.get('--metric') ?? 'wape', timeBudget,
    out: got.get('--out'), forecastOut: got.get('--forecast-out'), listModels,
  };
}
