/**
 * Calendar parts and Fourier terms of `ds`: all known in advance.
 */
import { emptyOutput, fcol, type CompileContext, type FamilyOutput, type FeatureColumn } from './featureColumn';
import type { ResolvedSpec } from './spec';

const DAYS = `(ds - DATE '1970-01-01')`;

/** Calendar parts per frequency: [name, SQL, categorical, description]. */
const PARTS: Array<[string, string, boolean, string, Array<import('../data/contract').Freq>]> = [
  ['day_of_week', 'isodow(ds)', true, 'ISO day of week, 1 = Monday … 7 = Sunday', ['D']],
  ['day_of_month', 'day(ds)', false, 'day of month, 1…31', ['D']],
  ['week_of_year', 'weekofyear(ds)', false, 'ISO week of year, 1…53', ['D', 'W']],
  ['month', 'month(ds)', true, 'month, 1…12', ['D', 'W', 'M']],
  ['quarter', 'quarter(ds)', true, 'quarter, 1…4', ['D', 'W', 'M', 'Q']],
  ['year', 'year(ds)', false, 'calendar year', ['D', 'W', 'M', 'Q', 'Y']],
  ['is_weekend', 'CASE WHEN isodow(ds) >= 6 THEN 1 ELSE 0 END', false, '1 on Saturday and Sunday', ['D']],
  ['days_to_month_end', 'last_day(ds) - ds', false, 'days until the last day of the month', ['D']],
  ['days_from_month_start', 'day(ds) - 1', false, 'days since the first day of the month', ['D']],
];

/** Compiles the calendar family: parts plus `sin_week_k`/`cos_week_k`, `sin_year_k`/`cos_year_k`. */
export function calendarFeatures(spec: ResolvedSpec['calendar'], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  if (!spec) return out;
  const items: string[] = [];
  const add = (name: string, sql: string, categorical: boolean, description: string) => {
    items.push(`${sql} AS ${fcol(name)}`);
    const col: FeatureColumn = { name, family: 'calendar', timing: 'known_future', categorical, description };
    out.columns.push(col);
  };
  if (spec.parts) for (const [n, sql, cat, d, freqs] of PARTS) if (freqs.includes(ctx.freq)) add(n, sql, cat, d);
  let weekly = spec.weeklyOrder;
  if (weekly > 0 && ctx.freq !== 'D') {
    out.issues.push({
      level: 'info',
      code: 'weekly_fourier_skipped',
      message: 'Weekly Fourier terms need daily data; they were left out.',
    });
    weekly = 0;
  }
  if (weekly > 3) {
    out.issues.push({
      level: 'warning',
      code: 'fourier_order_clipped',
      message: `A weekly cycle supports at most 3 sin/cos pairs; order ${weekly} was reduced to 3.`,
    });
    weekly = 3;
  }
  const fourier = (label: string, period: number, order: number) => {
    for (let k = 1; k <= order; k++) {
      const arg = `2 * pi() * ${k} * ${DAYS} / ${period}`;
      add(`sin_${label}_${k}`, `sin(${arg})`, false, `sin(2π·${k}·t/${period}), t = days since 1970-01-01`);
      add(`cos_${label}_${k}`, `cos(${arg})`, false, `cos(2π·${k}·t/${period}), t = days since 1970-01-01`);
    }
  };
  fourier('week', 7, weekly);
  fourier('year', 365.25, spec.yearlyOrder);
  out.stages = [items];
  return out;
}
