/**
 * Holiday features from a list of dates computed in TypeScript (date-holidays and user events), injected
 * into the SQL as a VALUES list: no network, no DuckDB extension.
 */
import type { DataIssue } from '../data/contract';
import { emptyOutput, fcol, literal, type CompileContext, type FamilyOutput } from './featureColumn';
import type { HolidayEvent, ResolvedSpec } from './spec';

/** Holidays for a date range, as produced by `holidayCalendar` / `loadHolidayCalendar`. */
export interface HolidayCalendar {
  dates: HolidayEvent[];
  issues: DataIssue[];
}

const STEP = { D: 'INTERVAL 1 DAY', W: 'INTERVAL 7 DAY', M: 'INTERVAL 1 MONTH', Q: 'INTERVAL 3 MONTH', Y: 'INTERVAL 1 YEAR' } as const;

/**
 * Compiles the holiday family: `holiday` (number of holidays in the period, 0/1 for daily data),
 * `days_to_holiday` ∈ 0…before (before + 1 = none within the window), `days_after_holiday` ∈ 0…after
 * (after + 1 = none) and, for daily data with `offsetFlags`, `holiday_before_k` / `holiday_after_k`.
 */
export function holidayFeatures(spec: ResolvedSpec['holidays'], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  if (!spec) return out;
  const dates = new Set<string>();
  if (spec.country) {
    if (!ctx.holidays) {
      out.issues.push({
        level: 'error',
        code: 'holidays_not_loaded',
        message: `Holidays for ${spec.country} were not loaded; call loadHolidayCalendar first.`,
        where: 'holidays.country',
      });
    } else {
      out.issues.push(...ctx.holidays.issues);
      for (const d of ctx.holidays.dates) dates.add(d.date);
    }
  }
  for (const e of spec.events) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(e.date) && !Number.isNaN(Date.parse(e.date))) dates.add(e.date);
    else
      out.issues.push({
        level: 'warning',
        code: 'bad_event_date',
        message: `Event "${e.name}" has the date "${e.date}", which is not YYYY-MM-DD; it was ignored.`,
        where: 'holidays.events',
      });
  }
  if (dates.size === 0) return out;
  const values = [...dates].sort().map((d) => `(${literal(d)})`).join(', ');
  const { before, after } = spec;
  const flags = spec.offsetFlags && ctx.freq === 'D';
  const exists = (offset: number) => `EXISTS (SELECT 1 FROM _hol WHERE hd = d.ds + ${offset})`;
  const flagCols = [
    ...Array.from({ length: flags ? before : 0 }, (_, i) => [`holiday_before_${i + 1}`, exists(i + 1)]),
    ...Array.from({ length: flags ? after : 0 }, (_, i) => [`holiday_after_${i + 1}`, exists(-(i + 1))]),
  ];
  out.ctes = [
    `_hol(hd) AS (SELECT DISTINCT CAST(d AS DATE) FROM (VALUES ${values}) v(d))`,
    `_holf AS (SELECT d.ds,
      (SELECT count(*) FROM _hol WHERE hd >= d.ds AND hd < d.ds + ${STEP[ctx.freq]}) AS _count,
      (SELECT min(hd) FROM _hol WHERE hd >= d.ds) - d.ds AS _to,
      d.ds - (SELECT max(hd) FROM _hol WHERE hd <= d.ds) AS _after${flagCols.map(([n, e]) => `,\n      CASE WHEN ${e} THEN 1 ELSE 0 END AS ${n}`).join('')}
    FROM (SELECT DISTINCT ds FROM sales) d)`,
  ];
  out.joins = ['LEFT JOIN _holf ON _holf.ds = s.ds'];
  out.baseItems = [
    `_holf._count AS ${fcol('holiday')}`,
    `least(coalesce(_holf._to, ${before + 1}), ${before + 1}) AS ${fcol('days_to_holiday')}`,
    `least(coalesce(_holf._after, ${after + 1}), ${after + 1}) AS ${fcol('days_after_holiday')}`,
    ...flagCols.map(([n]) => `_holf.${n} AS ${fcol(n)}`),
  ];
  const col = (name: string, description: string) =>
    out.columns.push({ name, family: 'holiday', timing: 'known_future', categorical: false, description });
  col('holiday', 'number of holidays in the period (0/1 for daily data)');
  col('days_to_holiday', `days until the next holiday, capped at ${before + 1} (= none within ${before} days)`);
  col('days_after_holiday', `days since the last holiday, capped at ${after + 1} (= none within ${after} days)`);
  for (const [n] of flagCols) col(n, n.includes('before') ? `a holiday falls ${n.split('_')[2]} days later` : `a holiday fell ${n.split('_')[2]} days earlier`);
  return out;
}
