/** Command-line flags of `npm run promo` → a typed options object, or the reason they are unusable. */
import type { Freq } from '../lib/data/contract';
import { list, readFlags } from './parseArgs';

/** Everything the promo CLI was asked to do. */
export interface PromoCliOptions {
  data: string;
  id: string[];
  date: string;
  target: string;
  freq: Freq;
  h: number;
  knownFuture: string[];
  pastOnly: string[];
  statics: string[];
  /** A model that reads the covariates (default gbdt). */
  model: string;
  scenario: string;
  out: string;
}

/** Usage text (printed with bad flags, exit code 2). */
export const PROMO_USAGE = `usage: npm run promo -- --data FILE.csv --id COL[,COL] --date COL --target COL --freq D|W --h N
         [--known-future COL,...] [--past-only COL,...] [--static COL,...] [--model gbdt|NAME]
         --scenario scenario.json --out result.json`;

const VALUES = new Set(['--data', '--id', '--date', '--target', '--freq', '--h', '--known-future', '--past-only', '--static', '--model', '--scenario', '--out']);

/** Parses `argv` (without node and script); `--flag=value` and `--flag value` both work. */
export function parsePromoArgs(argv: string[]): PromoCliOptions | { error: string } {
  const flags = readFlags(argv, VALUES);
  if ('error' in flags) return flags;
  const { got } = flags;
  const missing = ['--data', '--id', '--date', '--target', '--freq', '--h', '--scenario', '--out'].filter((f) => !got.has(f));
  if (missing.length) return { error: `missing ${missing.join(', ')}` };
  const freq = got.get('--freq')!.toUpperCase();
  if (!['D', 'W'].includes(freq)) return { error: `--freq must be D or W, got "${got.get('--freq')}"` };
  const h = Number(got.get('--h'));
  if (!Number.isInteger(h) || h < 1) return { error: `--h must be a whole number ≥ 1, got "${got.get('--h')}"` };
  return {
    data: got.get('--data')!, id: list(got.get('--id')), date: got.get('--date')!, target: got.get('--target')!, freq: freq as Freq, h,
    knownFuture: list(got.get('--known-future')), pastOnly: list(got.get('--past-only')), statics: list(got.get('--static')),
    model: got.get('--model') ?? 'gbdt', scenario: got.get('--scenario')!, out: got.get('--out')!,
  };
}
