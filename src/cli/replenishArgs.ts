/** Command-line flags of `npm run replenish` → a typed options object, or the reason they are unusable. */
import type { Freq } from '../lib/data/contract';
import { list, parseZeroWhen, readFlags } from './parseArgs';

/** Everything the replenishment CLI was asked to do. */
export interface ReplenishCliOptions {
  data: string;
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  h: number;
  knownFuture: string[];
  leadTime: number;
  leadTimeSd?: number;
  review: number;
  service: number;
  serviceKind: 'csl' | 'fill_rate';
  batch?: number;
  moq?: number;
  stock?: string;
  simulate: number;
  out?: string;
  zeroWhen?: { column: string; value: string };
  completeOnly: boolean;
  models: string[];
  samples: number;
  seed: number;
  /** Plan of the future for the order plan (`unique_id, ds, <known-future columns…>`, as `npm run forecast --plan`). */
  plan?: string;
  /** Fill series/dates the plan lacks from the baseline plan. */
  planFill: boolean;
  /** Most money per order period across series (Σ unit cost × quantity). */
  budget?: number;
  /** Most units per order period across series. */
  capacity?: number;
}

/** Usage text printed with bad flags (exit code 2). */
export const REPLENISH_USAGE = `usage: npm run replenish -- --data FILE.csv --id COL[,COL] --date COL --target COL --freq D|W --h N
         [--known-future COL,...] --lead-time L [--lead-time-sd S] --review R --service 0.95 [--service-kind csl|fill_rate]
         [--batch B] [--moq Q] [--stock stock.csv] --simulate P --out result.json
         [--zero-when COL=VALUE] [--complete-only] [--models a,b,...] [--samples N] [--seed N]
         [--plan plan.csv [--plan-fill baseline]] [--budget N] [--capacity N]`;

const LISTS = new Set(['--id', '--known-future', '--models']);
const VALUES = new Set([...LISTS, '--data', '--date', '--target', '--freq', '--h', '--lead-time', '--lead-time-sd', '--review', '--service', '--service-kind', '--batch', '--moq', '--stock', '--simulate', '--out', '--zero-when', '--samples', '--seed', '--plan', '--plan-fill', '--budget', '--capacity']);
const SWITCHES = new Set(['--complete-only']);

/** Parses `argv` (without node and script); `--flag=value` and `--flag value` both work. */
export function parseReplenishArgs(argv: string[]): ReplenishCliOptions | { error: string } {
  const flags = readFlags(argv, VALUES, SWITCHES);
  if ('error' in flags) return flags;
  const { got, on: switches } = flags;
  const missing = ['--data', '--id', '--date', '--target', '--freq', '--h', '--lead-time', '--review', '--service', '--simulate'].filter((f) => !got.has(f));
  if (missing.length) return { error: `missing ${missing.join(', ')}` };
  const freq = got.get('--freq')!.toUpperCase();
  if (!['D', 'W', 'M'].includes(freq)) return { error: `--freq must be D or W (or M), got "${got.get('--freq')}"` };
  const num = (flag: string) => (got.has(flag) ? Number(got.get(flag)) : undefined);
  const checks: [string, number | undefined, (v: number) => boolean, string][] = [
    ['--h', num('--h'), (v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1'],
    ['--lead-time', num('--lead-time'), (v) => v >= 0, 'a number of periods ≥ 0'],
    ['--lead-time-sd', num('--lead-time-sd'), (v) => v >= 0, 'a number ≥ 0'],
    ['--review', num('--review'), (v) => Number.isInteger(v) && v >= 1, 'a whole number of periods ≥ 1'],
    ['--service', num('--service'), (v) => v > 0, 'a share such as 0.95'],
    ['--batch', num('--batch'), (v) => v >= 1, 'a number ≥ 1'],
    ['--moq', num('--moq'), (v) => v >= 0, 'a number ≥ 0'],
    ['--simulate', num('--simulate'), (v) => Number.isInteger(v) && v >= 1, 'a whole number of periods ≥ 1'],
    ['--samples', num('--samples'), (v) => Number.isInteger(v) && v >= 50, 'a whole number ≥ 50'],
    ['--seed', num('--seed'), (v) => Number.isInteger(v), 'a whole number'],
    ['--budget', num('--budget'), (v) => v > 0, 'an amount > 0 per order period (Σ unit cost × quantity)'],
    ['--capacity', num('--capacity'), (v) => v > 0, 'a number of units > 0 per order period'],
  ];
  for (const [flag, v, ok, what] of checks) if (v !== undefined && !(Number.isFinite(v) && ok(v))) return { error: `${flag} must be ${what}, got "${got.get(flag)}"` };
  let service = num('--service')!;
  if (service > 1 && service < 100) service /= 100; // 95 → 0.95
  const kind = got.get('--service-kind') ?? 'csl';
  if (kind !== 'csl' && kind !== 'fill_rate') return { error: `--service-kind must be csl or fill_rate, got "${kind}"` };
  const fill = got.get('--plan-fill');
  if (fill !== undefined && fill !== 'baseline') return { error: `--plan-fill takes only "baseline" (fill what the plan lacks from the baseline plan), got "${fill}"` };
  if (fill !== undefined && !got.has('--plan')) return { error: '--plan-fill needs --plan' };
  const zeroWhen = parseZeroWhen(got.get('--zero-when'));
  if (zeroWhen && 'error' in zeroWhen) return zeroWhen;
  return {
    data: got.get('--data')!, id: list(got.get('--id')), date: got.get('--date')!, target: got.get('--target')!, freq: freq as Freq, h: num('--h')!,
    knownFuture: list(got.get('--known-future')), leadTime: num('--lead-time')!, leadTimeSd: num('--lead-time-sd'), review: num('--review')!,
    service, serviceKind: kind, batch: num('--batch'), moq: num('--moq'), stock: got.get('--stock'), simulate: num('--simulate')!, out: got.get('--out'),
    zeroWhen, completeOnly: switches.has('--complete-only'), models: list(got.get('--models')), samples: num('--samples') ?? 500, seed: num('--seed') ?? 1,
    plan: got.get('--plan'), planFill: fill === 'baseline', budget: num('--budget'), capacity: num('--capacity'),
  };
}
