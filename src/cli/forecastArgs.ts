/** Command-line flags of `npm run forecast` → a typed options object, or the reason they are unusable. */
import type { Freq } from '../lib/data/contract';
import { parseQuantiles, type QuantileLevel } from '../lib/forecast';
import { list, parseZeroWhen, readFlags } from './parseArgs';

/** Everything the forecast CLI was asked to do. */
export interface ForecastCliOptions {
  data: string;
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  h: number;
  knownFuture: string[];
  pastOnly: string[];
  statics: string[];
  plan?: string;
  /** `baseline`: series/dates the plan lacks follow the baseline rule (otherwise they are an error). */
  planFill?: 'baseline';
  /** `auto` or a model name. */
  model: string;
  quantiles: QuantileLevel[];
  out: string;
  zeroWhen?: { column: string; value: string };
  /** Backtest windows used to calibrate the quantiles (and choose `auto`), default 2. */
  windows: number;
  /** Keep only series observed at every period of the panel's range (as `npm run backtest`). */
  completeOnly: boolean;
}

/** Usage text (printed with bad flags, exit code 2). */
export const FORECAST_USAGE = `usage: npm run forecast -- --data FILE.csv --id COL[,COL] --date COL --target COL --freq D|W|M --h N
         [--known-future COL,...] [--past-only COL,...] [--static COL,...] [--plan plan.csv [--plan-fill baseline]]
         [--model auto|NAME] [--quantiles 0.1,0.5,0.9] [--zero-when COL=NUMBER] [--complete-only] [--windows K] --out forecasts.csv`;

const VALUES = new Set(['--data', '--id', '--date', '--target', '--freq', '--h', '--known-future', '--past-only', '--static', '--plan', '--plan-fill', '--model', '--quantiles', '--out', '--zero-when', '--windows']);

/** Parses `argv` (without node and script); `--flag=value` and `--flag value` both work. */
export function parseForecastArgs(argv: string[]): ForecastCliOptions | { error: string } {
  const flags = readFlags(argv, VALUES, new Set(['--complete-only']));
  if ('error' in flags) return flags;
  const { got } = flags;
  const completeOnly = flags.on.has('--complete-only');
  const missing = ['--data', '--id', '--date', '--target', '--freq', '--h', '--out'].filter((f) => !got.has(f));
  if (missing.length) return { error: `missing ${missing.join(', ')}` };
  const freq = got.get('--freq')!.toUpperCase();
  if (!['D', 'W', 'M'].includes(freq)) return { error: `--freq must be D, W or M, got "${got.get('--freq')}"` };
  const h = Number(got.get('--h'));
  if (!Number.isInteger(h) || h < 1) return { error: `--h must be a whole number ≥ 1, got "${got.get('--h')}"` };
  const windows = got.has('--windows') ? Number(got.get('--windows')) : 2;
  if (!Number.isInteger(windows) || windows < 1) return { error: `--windows must be a whole number ≥ 1, got "${got.get('--windows')}"` };
  const q = parseQuantiles(got.get('--quantiles') ?? '0.1,0.5,0.9');
  if ('error' in q) return { error: `--quantiles: ${q.error}` };
  const fill = got.get('--plan-fill');
  if (fill !== undefined && fill !== 'baseline') return { error: `--plan-fill must be "baseline", got "${fill}"` };
  if (fill && !got.has('--plan')) return { error: '--plan-fill needs --plan' };
  const zeroWhen = parseZeroWhen(got.get('--zero-when'), { numeric: true });
  if (zeroWhen && 'error' in zeroWhen) return zeroWhen;
  return {
    data: got.get('--data')!, id: list(got.get('--id')), date: got.get('--date')!, target: got.get('--target')!, freq: freq as Freq, h,
    knownFuture: list(got.get('--known-future')), pastOnly: list(got.get('--past-only')), statics: list(got.get('--static')),
    ...(got.has('--plan') ? { plan: got.get('--plan') } : {}), ...(fill ? { planFill: 'baseline' as const } : {}),
    model: got.get('--model') ?? 'auto', quantiles: q.levels, out: got.get('--out')!, ...(zeroWhen ? { zeroWhen } : {}), windows, completeOnly,
  };
}
