/**
 * Dates written as numbers: Excel serial days, Unix epoch seconds or milliseconds, a plain year, or
 * yyyymmdd integers. Pure detection from a sample, plus the SQL and JS that turn them into days.
 */

/** Format tokens for numeric dates (stored in `ColumnMapping.dateFormat` like strptime formats). */
export type NumericDateFormat = 'excel' | 'epoch_s' | 'epoch_ms' | 'year' | '%Y%m%d';

export interface NumericDateGuess {
  format: NumericDateFormat;
  /** The column's name says it holds dates (or years). */
  named: boolean;
  /** Share of consecutive distinct days whose gap is the most common one (1 for a regular calendar). */
  regularity: number;
}

/** Excel's day 0 is 1899-12-30 (it counts the fictional 1900-02-29): serial 25569 is 1970-01-01. */
const EXCEL_EPOCH = 25569;
const YEAR_NAME = /^(year|yr|jahr|a(n|ñ)o|anno|ann(e|é)e|fy|fiscal_?year|yyyy)$/i;
const DATE_NAME = /date|datum|fecha|^(ds|day|dt|time|timestamp|ts|period|month|week|serial|epoch)$/i;

/** Days since epoch of a numeric date value, or NaN. */
export function numericDay(x: number, format: string): number {
  if (!Number.isFinite(x)) return NaN;
  if (format === 'excel') return x >= 1 && x < 2958466 ? Math.floor(x) - EXCEL_EPOCH : NaN;
  if (format === 'epoch_s') return Math.floor(x / 86_400);
  if (format === 'epoch_ms') return Math.floor(x / 86_400_000);
  if (format === 'year') return Number.isInteger(x) && x >= 1 && x <= 9999 ? Date.UTC(x, 0, 1) / 86_400_000 : NaN;
  if (format === '%Y%m%d') {
    const y = Math.floor(x / 10000);
    const m = Math.floor(x / 100) % 100;
    const d = x % 100;
    const t = Date.UTC(y, m - 1, d);
    return Number.isInteger(x) && m >= 1 && m <= 12 && new Date(t).getUTCDate() === d ? t / 86_400_000 : NaN;
  }
  return NaN;
}

/** SQL (DATE) for a DOUBLE expression holding a numeric date; NULL where out of range. */
export function numericDateSql(x: string, format: string): string {
  const days = (e: string, lo: number, hi: number) =>
    `CASE WHEN ${x} >= ${lo} AND ${x} < ${hi} THEN CAST(DATE '1970-01-01' + CAST(floor(${e}) AS INTEGER) AS DATE) END`;
  if (format === 'excel') return days(`${x} - ${EXCEL_EPOCH}`, 1, 2958466);
  if (format === 'epoch_s') return days(`${x} / 86400`, -6e10, 2.5e11);
  if (format === 'epoch_ms') return days(`${x} / 86400000`, -6e13, 2.5e14);
  if (format === 'year') return `CASE WHEN ${x} BETWEEN 1 AND 9999 AND ${x} = floor(${x}) THEN make_date(CAST(${x} AS INTEGER), 1, 1) END`;
  return `CAST(try_strptime(CAST(CAST(${x} AS BIGINT) AS VARCHAR), '%Y%m%d') AS DATE)`;
}

function regularity(days: number[]): { share: number; gap: number } {
  const u = [...new Set(days.filter(Number.isFinite))].sort((a, b) => a - b);
  if (u.length < 3) return { share: 0, gap: 0 };
  const counts = new Map<number, number>();
  for (let i = 1; i < u.length; i++) counts.set(u[i] - u[i - 1], (counts.get(u[i] - u[i - 1]) ?? 0) + 1);
  let gap = 0;
  let best = 0;
  for (const [g, c] of counts) if (c > best) [gap, best] = [g, c];
  return { share: best / (u.length - 1), gap };
}

/**
 * Whether a numeric column holds dates, and how they are written. Ranges decide the encoding (years
 * 1800–2200, yyyymmdd 19000101–21001231, Excel serials of 1954–2119, epoch seconds or milliseconds of
 * 1973–2096); the name or a regular calendar (a steady gap of 1, 7 or about 30 days, or a year) must
 * back it, so a column of sales figures that happens to fall in a range is not taken for dates.
 */
export function guessNumericDate(name: string, values: readonly (string | null)[]): NumericDateGuess | null {
  const xs = values.map((v) => (v == null || v.trim() === '' ? NaN : Number(v))).filter(Number.isFinite);
  if (xs.length < 2) return null;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const ints = xs.every(Number.isInteger);
  const named = DATE_NAME.test(name) || YEAR_NAME.test(name);
  const candidates: NumericDateFormat[] = [];
  if (ints && lo >= 1800 && hi <= 2200) candidates.push('year');
  if (ints && lo >= 19000101 && hi <= 21001231) candidates.push('%Y%m%d');
  if (lo >= 20000 && hi < 80000) candidates.push('excel');
  if (lo >= 1e8 && hi < 4e9) candidates.push('epoch_s');
  if (lo >= 1e11 && hi < 4e12) candidates.push('epoch_ms');
  for (const format of candidates) {
    const days = xs.map((x) => numericDay(x, format));
    if (days.some((d) => !Number.isFinite(d))) continue;
    const r = regularity(days);
    const steady = r.share >= 0.6 && (format === 'year' ? r.gap === 365 || r.gap === 366 : [1, 7, 28, 29, 30, 31, 90, 91, 92].includes(r.gap));
    if (format === 'year' && !YEAR_NAME.test(name) && !DATE_NAME.test(name)) continue;
    if (named || steady) return { format, named, regularity: r.share };
  }
  return null;
}
