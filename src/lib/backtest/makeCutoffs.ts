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
  /** Most distinct end dates that get their own windows (default 8); series of further ends are left out and named. */
  maxEndGroups?: number;
}

/** One forecast origin and the series scored from it, each with its window index (0 = earliest of that series). */
export interface PlannedCutoff {
  cutoff: number;
  scored: Map<string, number>;
}

/** What {@link planBacktest} returns. */
export interface BacktestPlan {
  /** Distinct cutoffs, ascending. */
  cutoffs: number[];
  /** Per cutoff, which series it scores and as which of their windows. */
  plan: PlannedCutoff[];
  issues: DataIssue[];
}

/**
 * Windows per series: every series' windows end at its own last date (window `windows − 1` forecasts its
 * last h periods). Series are grouped by end date; the `maxEndGroups` largest groups get windows, the other
 * series are left out and named in a `series_end_left_out` warning. With one end date this is the classic
 * panel-wide set of cutoffs. An `error` issue (and no cutoffs) when h and windows leave too little history.
 */
export function planBacktest(train: TrainData, options: PlanOptions): BacktestPlan {
  const { h, windows } = options;
  const step = options.step ?? h;
  const minLength = Math.max(1, options.minLength ?? 1);
  const series = train.series.filter((s) => s.ds.length > 0);
  if (!series.length) return { cutoffs: [], plan: [], issues: [{ level: 'error', code: 'no_series', message: 'There are no series with data to backtest.' }] };
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
    return { cutoffs: [], plan: [], issues: [issue] };
  }
  const groups = new Map<number, string[]>();
  for (const s of series) {
    const end = s.ds[s.ds.length - 1];
    groups.set(end, [...(groups.get(end) ?? []), s.id]);
  }
  const ranked = [...groups].sort((a, b) => b[1].length - a[1].length || b[0] - a[0]);
  const kept = ranked.slice(0, Math.max(1, options.maxEndGroups ?? 8));
  const issues: DataIssue[] = [];
  const left = ranked.slice(kept.length).flatMap(([end, ids]) => ids.map((id) => `${id} (ends ${dayToIso(end)})`));
  if (left.length)
    issues.push({
      level: 'warning',
      code: 'series_end_left_out',
      message: `${left.length} series end on dates shared by too few series to get their own windows (only the ${kept.length} most common end dates do) and are left out: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}.`,
      hint: 'Filter the data to series that end together, or backtest them separately.',
      count: left.length,
    });
  if (kept.length > 1)
    issues.push({
      level: 'info',
      code: 'series_own_windows',
      message: `Series end on ${kept.length} different dates; each is scored on windows ending at its own last date.`,
      count: kept.length,
    });
  const byCutoff = new Map<number, Map<string, number>>();
  const late: string[] = [];
  let firstCutoff = Infinity;
  for (const [end, ids] of kept) {
    const cuts = makeCutoffs({ end, h, windows, step, freq: train.freq });
    firstCutoff = Math.min(firstCutoff, cuts[0]);
    cuts.forEach((c, w) => {
      const m = byCutoff.get(c) ?? new Map<string, number>();
      ids.forEach((id) => m.set(id, w));
      byCutoff.set(c, m);
    });
    for (const id of ids) if (series.find((s) => s.id === id)!.ds[0] > cuts[0]) late.push(id);
  }
  const plan = [...byCutoff].sort((a, b) => a[0] - b[0]).map(([cutoff, scored]) => ({ cutoff, scored }));
  if (late.length)
    issues.push({
      level: 'warning',
      code: 'series_starts_after_cutoff',
      message: `${late.length} series start after the first cutoff (${dayToIso(firstCutoff)}) and are left out of the windows before they start.`,
      where: late.slice(0, 10).join(', ') + (late.length > 10 ? ', …' : ''),
      count: late.length,
    });
  return { cutoffs: plan.map((p) => p.cutoff), plan, issues };
}
