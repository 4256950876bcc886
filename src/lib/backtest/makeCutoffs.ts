import { addPeriods, dayToIso, type DataIssue, type Freq } from '../data/contract';
import type { TrainData } from '../models/protocol';

/** Options of {@link makeCutoffs}. */
export interface CutoffOptions {
  /** Last observed day: one global day, or per series (the latest is used, so the panel shares cutoffs). */
  end: number | Record<string, number>;
  h: number;
  windows: number;
  /** Periods between consecutive cutoffs (default `h`: non-overlapping windows). */
  step?: number;
  freq: Freq;
}

function checkPositive(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`backtest: ${name} must be a positive integer, got ${v}`);
}

/**
 * Rolling-origin cutoffs, ascending: the last is `end − h` periods, each earlier one `step` periods before,
 * so window i forecasts (cutoff_i, cutoff_i + h].
 */
export function makeCutoffs(options: CutoffOptions): number[] {
  const { h, windows, freq } = options;
  const step = options.step ?? h;
  [['h', h], ['windows', windows], ['step', step]].forEach(([n, v]) => checkPositive(n as string, v as number));
  const end = typeof options.end === 'number' ? options.end : Math.max(...Object.values(options.end));
  if (!Number.isFinite(end)) throw new Error('makeCutoffs: no end day');
  return Array.from({ length: windows }, (_, i) => addPeriods(end, -(h + step * (windows - 1 - i)), freq));
}

/** Options of {@link planBacktest}. */
export interface PlanOptions {
  h: number;
  windows: number;
  step?: number;
  /** Periods of history needed before the first cutoff (default 1). */
  minLength?: number;
}

/**
 * Cutoffs for `train`, or an `error` issue (and no cutoffs) when h and windows leave too little history,
 * with how many periods exist against how many are needed.
 */
export function planBacktest(train: TrainData, options: PlanOptions): { cutoffs: number[]; issues: DataIssue[] } {
  const { h, windows } = options;
  const step = options.step ?? h;
  const minLength = Math.max(1, options.minLength ?? 1);
  const series = train.series.filter((s) => s.ds.length > 0);
  if (!series.length) return { cutoffs: [], issues: [{ level: 'error', code: 'no_series', message: 'There are no series with data to backtest.' }] };
  const needed = minLength + h + step * (windows - 1);
  const longest = Math.max(...series.map((s) => s.ds.length));
  if (longest < needed) {
    const issue: DataIssue = {
      level: 'error',
      code: 'backtest_too_long',
      message: `The backtest needs ${needed} periods (at least ${minLength} to train + horizon ${h} + ${windows - 1} × step ${step}), but the longest series has ${longest}.`,
      hint: `Reduce the horizon or the number of windows (at most ${Math.max(0, Math.floor((longest - minLength - h) / step) + 1)} windows fit at this horizon).`,
      count: longest,
    };
    return { cutoffs: [], issues: [issue] };
  }
  const end = Math.max(...series.map((s) => s.ds[s.ds.length - 1]));
  const cutoffs = makeCutoffs({ end, h, windows, step, freq: train.freq });
  const late = series.filter((s) => s.ds[0] > cutoffs[0]).map((s) => s.id);
  const issues: DataIssue[] = late.length
    ? [{
        level: 'warning',
        code: 'series_starts_after_cutoff',
        message: `${late.length} series start after the first cutoff (${dayToIso(cutoffs[0])}) and are left out of the windows before they start.`,
        where: late.slice(0, 10).join(', ') + (late.length > 10 ? ', …' : ''),
        count: late.length,
      }]
    : [];
  return { cutoffs, issues };
}
