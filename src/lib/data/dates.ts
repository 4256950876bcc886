import { numericDateSql, numericDay } from './numericDates';

/**
 * Date-format detection for text date columns: which strptime formats the values use, whether
 * slash dates are day- or month-first, and a SQL expression that parses all of them.
 */

export interface DateFormatGuess {
  /** strptime formats in the order they are tried (most common first). */
  formats: string[];
  /** Share of non-empty sample values that parse under one of `formats`. */
  parsedShare: number;
  /** True when slash dates could be read either way and no value settled it. */
  ambiguous: boolean;
  /** Several different formats appear in one column. */
  mixed: boolean;
}

interface Pattern {
  re: RegExp;
  formats: string[];
}

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const PATTERNS: Pattern[] = [
  { re: /^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/, formats: ['%Y-%m-%d'] },
  { re: /^\d{4}\/\d{1,2}\/\d{1,2}$/, formats: ['%Y/%m/%d'] },
  { re: /^\d{1,2}\/\d{1,2}\/\d{4}$/, formats: ['%d/%m/%Y', '%m/%d/%Y'] },
  { re: /^\d{1,2}-\d{1,2}-\d{4}$/, formats: ['%d-%m-%Y', '%m-%d-%Y'] },
  { re: /^\d{1,2}\.\d{1,2}\.\d{4}$/, formats: ['%d.%m.%Y'] },
  { re: new RegExp(`^(${MONTHS})[a-z]* \\d{1,2},? \\d{4}$`, 'i'), formats: ['%b %d %Y'] },
  { re: new RegExp(`^\\d{1,2} (${MONTHS})[a-z]* \\d{4}$`, 'i'), formats: ['%d %b %Y'] },
  { re: /^\d{4}\d{2}\d{2}$/, formats: ['%Y%m%d'] },
  { re: /^\d{4}-\d{1,2}$/, formats: ['%Y-%m'] },
  { re: /^\d{4}\/\d{1,2}$/, formats: ['%Y/%m'] },
  { re: /^\d{1,2}\/\d{4}$/, formats: ['%m/%Y'] },
  { re: /^\d{4}-?W\d{1,2}(-?[1-7])?$/i, formats: ['%G-W%V'] },
  { re: /^\d{4}[- ]?Q[1-4]$/i, formats: ['%Y-Q%q'] },
  { re: new RegExp(`^(${MONTHS})[a-z]*\\.? \\d{4}$`, 'i'), formats: ['%b %Y'] },
];

/** Days since epoch for y/m/d, or NaN if not a real date. */
function ymd(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCDate() === d ? t / 86_400_000 : NaN;
}

/** Share of consecutive distinct-date differences that equal the most common one: regular calendars score 1. */
function regularity(days: number[]): number {
  const u = [...new Set(days.filter(Number.isFinite))].sort((a, b) => a - b);
  if (u.length < 3) return 0;
  const counts = new Map<number, number>();
  for (let i = 1; i < u.length; i++) counts.set(u[i] - u[i - 1], (counts.get(u[i] - u[i - 1]) ?? 0) + 1);
  return Math.max(...counts.values()) / (u.length - 1);
}

/** Parses `d1/d2/yyyy` either way round. */
function slashDay(v: string, dayFirst: boolean): number {
  const [a, b, y] = v.split(/[/-]/).map(Number);
  return dayFirst ? ymd(y, b, a) : ymd(y, a, b);
}

/** Guesses how a text column writes its dates from a sample of its values. */
export function guessDateFormat(values: readonly (string | null | undefined)[]): DateFormatGuess {
  const vals = values.map((v) => (v ?? '').trim()).filter((v) => v !== '');
  const hits = new Map<Pattern, string[]>();
  let parsed = 0;
  for (const v of vals) {
    const p = PATTERNS.find((q) => q.re.test(v));
    if (!p) continue;
    parsed++;
    const list = hits.get(p) ?? [];
    list.push(v);
    hits.set(p, list);
  }
  const used = [...hits.entries()].sort((a, b) => b[1].length - a[1].length);
  const formats: string[] = [];
  let ambiguous = false;
  for (const [p, vs] of used) {
    if (p.formats.length === 1) {
      formats.push(p.formats[0]);
      continue;
    }
    // Slash or dash dates: a first part above 12 means day-first, a second part above 12 month-first.
    const parts = vs.map((v) => v.split(/[/-]/).map(Number));
    const dayFirstEvidence = parts.some(([a]) => a > 12);
    const monthFirstEvidence = parts.some(([, b]) => b > 12);
    let dayFirst: boolean;
    if (dayFirstEvidence !== monthFirstEvidence) dayFirst = dayFirstEvidence;
    else {
      ambiguous = true;
      // Neither settles it: prefer the reading that gives the more regular calendar.
      const others = used.filter(([q]) => q !== p).flatMap(([q, xs]) => xs.map((x) => parseWith(x, q.formats[0])));
      const rd = regularity([...vs.map((v) => slashDay(v, true)), ...others]);
      const rm = regularity([...vs.map((v) => slashDay(v, false)), ...others]);
      dayFirst = rd >= rm;
    }
    formats.push(dayFirst ? p.formats[0] : p.formats[1]);
  }
  return {
    formats,
    parsedShare: vals.length ? parsed / vals.length : 0,
    ambiguous,
    mixed: used.length > 1,
  };
}

/** Parses one value with one strptime format (the subset used here); NaN if it does not fit. */
export function parseWith(v: string, format: string): number {
  const s = v.trim();
  const num = s.match(/\d+/g)?.map(Number) ?? [];
  switch (format) {
    case '%Y-%m-%d':
    case '%Y/%m/%d':
      return ymd(num[0], num[1], num[2]);
    case '%d/%m/%Y':
    case '%d-%m-%Y':
    case '%d.%m.%Y':
      return ymd(num[2], num[1], num[0]);
    case '%m/%d/%Y':
    case '%m-%d-%Y':
      return ymd(num[2], num[0], num[1]);
    case '%Y%m%d':
      return ymd(Math.floor(num[0] / 10000), Math.floor(num[0] / 100) % 100, num[0] % 100);
    case '%Y-%m':
    case '%Y/%m':
      return ymd(num[0], num[1], 1);
    case '%m/%Y':
      return ymd(num[1], num[0], 1);
    case '%G-W%V':
      return isoWeekDay(num[0], num[1]);
    case '%Y-Q%q':
      return ymd(num[0], (num[1] - 1) * 3 + 1, 1);
    case '%b %Y': {
      const m = MONTHS.split('|').indexOf(s.toLowerCase().match(new RegExp(MONTHS))?.[0] ?? '') + 1;
      return ymd(num[0], m, 1);
    }
    case 'excel':
    case 'epoch_s':
    case 'epoch_ms':
    case 'year':
      return numericDay(Number(s), format);
    case '%b %d %Y':
    case '%d %b %Y': {
      const m = MONTHS.split('|').indexOf(s.toLowerCase().match(new RegExp(MONTHS))?.[0] ?? '') + 1;
      return format === '%b %d %Y' ? ymd(num[1], m, num[0]) : ymd(num[1], m, num[0]);
    }
    default:
      return NaN;
  }
}

/** Monday of ISO week `w` of ISO year `y`, in days since epoch. */
function isoWeekDay(y: number, w: number): number {
  if (!(w >= 1 && w <= 53)) return NaN;
  const jan4 = ymd(y, 1, 4);
  const dow = (((jan4 + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  return jan4 - dow + (w - 1) * 7;
}

/** SQL for one format applied to the trimmed text `col`. */
function formatSql(col: string, f: string): string {
  switch (f) {
    case '%Y-%m-%d':
      return `TRY_CAST(left(${col}, 10) AS DATE)`;
    case '%Y-%m':
    case '%Y/%m':
      return `CAST(try_strptime(replace(${col}, '/', '-') || '-01', '%Y-%m-%d') AS DATE)`;
    case '%m/%Y':
      return `CAST(try_strptime('01/' || ${col}, '%d/%m/%Y') AS DATE)`;
    case '%G-W%V':
      return `CAST(try_strptime(regexp_replace(upper(${col}), '^(\\d{4})-?W(\\d{1,2}).*$', '\\1-W\\2-1'), '%G-W%V-%u') AS DATE)`;
    case '%Y-Q%q':
      return `CASE WHEN regexp_matches(${col}, '^\\d{4}[- ]?[Qq][1-4]$') THEN make_date(CAST(left(${col}, 4) AS INTEGER), (CAST(right(${col}, 1) AS INTEGER) - 1) * 3 + 1, 1) END`;
    case '%b %Y':
      return `CAST(coalesce(try_strptime('1 ' || replace(${col}, '.', ''), '%d %b %Y'), try_strptime('1 ' || ${col}, '%d %B %Y')) AS DATE)`;
    case 'excel':
    case 'epoch_s':
    case 'epoch_ms':
    case 'year':
      return numericDateSql(`TRY_CAST(${col} AS DOUBLE)`, f);
    default:
      return `CAST(try_strptime(replace(${col}, ',', ''), '${f}') AS DATE)`;
  }
}

/** SQL that parses a VARCHAR column with each format in turn (first that fits wins). */
export function dateParseSql(column: string, formats: readonly string[]): string {
  const col = `trim(CAST(${column} AS VARCHAR))`;
  const tries = formats.map((f) => formatSql(col, f));
  return tries.length === 1 ? tries[0] : `coalesce(${tries.join(', ')})`;
}
