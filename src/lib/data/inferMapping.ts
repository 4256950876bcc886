/**
 * Guesses how a loaded table maps onto the long-format contract: the date column, the target, id
 * columns, covariates (with role and timing) and static attributes. Pure: the db worker feeds it a
 * sample and refines the id columns with exact SQL counts.
 */
import type { ColumnMapping, CovariateMeta, CovariateRole, DataIssue, Freq } from './contract';
import { guessDateFormat, parseWith } from './dates';
import { guessNumericDate } from './numericDates';

export interface ColumnSample {
  name: string;
  /** DuckDB type name as read (`VARCHAR`, `BIGINT`, `DOUBLE`, `DATE`…). */
  type: string;
  /** Sample values as text (null for SQL NULL). */
  values: (string | null)[];
  /** Exact distinct count over the whole table, when the caller has it (the sample undercounts ids). */
  distinct?: number;
}

export interface InferOptions {
  /** Rows in the whole table (with `ColumnSample.distinct`, settles which columns can be ids). */
  rows?: number;
}

export interface MappingGuess {
  mapping: ColumnMapping;
  /** Columns that could serve as the date, target and id, best first (for the mapping form). */
  candidates: { date: string[]; target: string[]; id: string[]; covariates: CovariateMeta[] };
  /** Columns constant within a series: candidates for the `series` table. */
  statics: string[];
  issues: DataIssue[];
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|REAL)$/i;
const DATE_TYPES = /^(DATE|TIMESTAMP.*)$/i;
const DATE_NAME = /^(ds|date|day|dt|datum|fecha|week|week_?start|week_?end|period|month|time|timestamp|order_?date)$|date/i;
const TARGET_NAME =
  /^(y|sales|weekly_sales|units?|qty|quantity|demand|volume|total_volume|revenue|amount|transactions|orders|umsatz|value|count)$/i;
const ID_NAME = /(^id$|_id$|^id_|store|item|sku|product|series|region|type|dept|department|category|family|shop|location|brand|filiale|nbr)/i;
const CALENDAR_NAME = /^(day_?of_?week|dow|weekday|day_?of_?month|month|year|quarter|week_?of_?year|is_?weekend)$/i;
const ROLE_HINTS: [CovariateRole, RegExp][] = [
  ['price', /price|preis|cost|msrp/i],
  ['promo', /promo|discount|markdown|display|feature|deal|coupon|onpromotion/i],
  ['holiday', /holiday|event|festiv/i],
  ['open', /^open$|is_open|closed/i],
];

/** snake_case name safe as a SQL identifier; never collides with the contract's own columns. */
export function toSnake(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (!s) s = 'col';
  if (/^\d/.test(s)) s = `c_${s}`;
  if (['unique_id', 'ds', 'y', 'cutoff'].includes(s)) s = `${s}_x`;
  return s;
}

/** Frequency from the most common gap (in days) between consecutive distinct dates. */
export function inferFreq(days: readonly number[]): Freq {
  const u = [...new Set(days)].sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (let i = 1; i < u.length; i++) counts.set(u[i] - u[i - 1], (counts.get(u[i] - u[i - 1]) ?? 0) + 1);
  let mode = 1;
  let best = -1;
  for (const [gap, c] of counts) if (c > best || (c === best && gap < mode)) [mode, best] = [gap, c];
  if (mode >= 27) return 'M';
  if (mode >= 6) return 'W';
  return 'D';
}

const NUMERIC_DATE_WORDS: Record<string, string> = {
  excel: 'Excel serial numbers',
  epoch_s: 'Unix time in seconds',
  epoch_ms: 'Unix time in milliseconds',
  year: 'years',
  '%Y%m%d': 'yyyymmdd numbers',
};

/**
 * 'Q' or 'Y' when the most common gap between distinct dates is a quarter or a year, else null; the
 * mapping then takes that frequency (see prepare.ts), the same steps as the CLI's `--freq Q|Y`.
 */
export function coarsePeriod(days: readonly number[]): 'Q' | 'Y' | null {
  const u = [...new Set(days)].sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (let i = 1; i < u.length; i++) counts.set(u[i] - u[i - 1], (counts.get(u[i] - u[i - 1]) ?? 0) + 1);
  const mode = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  return mode >= 360 && mode <= 366 ? 'Y' : mode >= 89 && mode <= 92 ? 'Q' : null;
}

function numericShare(values: (string | null)[]): number {
  const vs = values.filter((v) => v != null && v.trim() !== '') as string[];
  if (!vs.length) return 0;
  return vs.filter((v) => Number.isFinite(Number(v.replace(',', '.')))).length / vs.length;
}

function distinct(values: (string | null)[]): number {
  return new Set(values.filter((v) => v != null)).size;
}

function isBinary(values: (string | null)[]): boolean {
  const u = new Set(values.filter((v) => v != null && v !== '').map((v) => Number(v)));
  return u.size <= 2 && [...u].every((x) => x === 0 || x === 1);
}

/**
 * How the date column `c` writes its dates, as the mapping's `dateFormat` (for a column the user named, as
 * the CLIs' `--date`): numeric encodings (Excel serials, epoch, yyyymmdd, years) or the text formats found;
 * null for DATE / TIMESTAMP columns and when nothing is recognised (the default ISO reading applies).
 */
export function dateFormatOf(c: ColumnSample): string | null {
  if (DATE_TYPES.test(c.type)) return null;
  if (NUMERIC.test(c.type)) return guessNumericDate(c.name, c.values)?.format ?? null;
  const g = guessDateFormat(c.values);
  return g.formats.length ? g.formats.join('|') : null;
}

/** Makes a first guess of the mapping from column types and sample values. */
export function inferMapping(columns: readonly ColumnSample[], opts: InferOptions = {}): MappingGuess {
  const issues: DataIssue[] = [];
  const numericDates = new Map<ColumnSample, string>();
  const dateScores = columns
    .map((c) => {
      if (DATE_TYPES.test(c.type)) return { c, score: 3 + (DATE_NAME.test(c.name) ? 1 : 0) };
      if (NUMERIC.test(c.type)) {
        // Excel serials, epoch seconds / ms, years or yyyymmdd: below any real date or text date column.
        const g = guessNumericDate(c.name, c.values);
        if (!g) return { c, score: 0 };
        numericDates.set(c, g.format);
        return { c, score: g.format === 'year' ? 1.5 : g.named ? 2.5 : 2.2 };
      }
      const g = guessDateFormat(c.values);
      return { c, score: g.parsedShare >= 0.8 ? 2 + g.parsedShare + (DATE_NAME.test(c.name) ? 1 : 0) : 0 };
    })
    .filter((d) => d.score > 0)
    .sort((a, b) => b.score - a.score);
  const date = dateScores[0]?.c;
  if (!date) {
    issues.push({
      level: 'error',
      code: 'no_date_column',
      message: `No column looks like a date (columns: ${columns.slice(0, 12).map((c) => c.name).join(', ')}${columns.length > 12 ? ', …' : ''}).`,
      hint: 'Forecasting needs one date per row. Add a date column (e.g. 2024-01-31) or pick the column that holds dates in the mapping.',
    });
  }
  const numericDate = date ? numericDates.get(date) : undefined;
  const dateGuess = date && !DATE_TYPES.test(date.type) && !numericDate ? guessDateFormat(date.values) : null;
  if (date && numericDate)
    issues.push({
      level: 'info',
      code: 'numeric_dates',
      where: date.name,
      message: `"${date.name}" holds dates written as ${NUMERIC_DATE_WORDS[numericDate]} (e.g. ${date.values.find((v) => v != null) ?? ''}); they are read as dates.`,
      hint: 'If this column is not a date, pick the date column in the mapping.',
    });
  if (dateGuess?.ambiguous) {
    issues.push({
      level: 'warning',
      code: 'ambiguous_dates',
      where: date!.name,
      message: `Dates in "${date!.name}" such as "${date!.values.find((v) => v && /\//.test(v)) ?? ''}" could be day/month or month/day; read as ${dateGuess.formats.includes('%d/%m/%Y') || dateGuess.formats.includes('%d-%m-%Y') ? 'day/month' : 'month/day'} because that gives the more regular calendar.`,
      hint: 'Check the date format in the mapping and change it if the dates are wrong.',
    });
  }
  if (dateGuess?.mixed) {
    issues.push({
      level: 'info',
      code: 'mixed_date_formats',
      where: date!.name,
      message: `"${date!.name}" mixes date formats (${dateGuess.formats.join(', ')}); each is parsed in turn.`,
    });
  }

  const others = columns.filter((c) => c !== date);
  const numericCols = others.filter((c) => NUMERIC.test(c.type) || (c.type === 'VARCHAR' && numericShare(c.values) >= 0.6));
  const targetCands = numericCols
    .filter((c) => TARGET_NAME.test(c.name) || !isBinary(c.values))
    .filter((c) => !ROLE_HINTS.some(([, re]) => re.test(c.name)) && !/^(id|.*_id|store|item|dept|year|month|day_of_week|week)$/i.test(c.name))
    // Integer columns named like ids (sku, store_nbr, series) are ids, unless the name also says measure.
    .filter((c) => TARGET_NAME.test(c.name) || /sales|qty|quant|unit|revenue|amount|volume|demand|count|umsatz/i.test(c.name) || !ID_NAME.test(c.name) || !/INT/i.test(c.type))
    .map((c) => ({ c, score: (TARGET_NAME.test(c.name) ? 10 : 0) + (NUMERIC.test(c.type) ? 1 : 0) + Math.log10(1 + spread(c.values)) / 10 }))
    .sort((a, b) => b.score - a.score)
    .map((d) => d.c);
  const target = targetCands[0];
  const zeroCols = numericCols.filter((c) => c.values.some((v) => v != null && v !== '') && c.values.every((v) => v == null || v === '' || Number(v) === 0));
  if (!target && zeroCols.length) {
    issues.push({
      level: 'error',
      code: 'target_all_zero',
      where: zeroCols[0].name,
      message: `The numeric column${zeroCols.length > 1 ? 's' : ''} ${zeroCols.map((c) => `"${c.name}"`).join(', ')} ${zeroCols.length > 1 ? 'are' : 'is'} 0 in every row, so there is nothing to forecast.`,
      hint: 'Check that the export holds the sales figures (not an empty template), or pick the target column in the mapping.',
    });
  } else if (!target) {
    issues.push({
      level: 'error',
      code: 'no_target_column',
      message: 'No numeric column to forecast was found.',
      hint: 'The file needs a column of numbers such as units sold or revenue; pick it as the target in the mapping.',
    });
  }
  if (target && !NUMERIC.test(target.type)) {
    const bad = target.values.filter((v) => v != null && v.trim() !== '' && !Number.isFinite(Number(v.replace(',', '.'))));
    issues.push({
      level: 'warning',
      code: 'target_has_text',
      where: target.name,
      message: `The target "${target.name}" holds text in some rows (e.g. "${bad[0] ?? ''}"); those rows are read as missing.`,
      hint: 'Fix those cells in the source file, or choose how missing values are handled in Clean.',
    });
  }

  const idCands = others
    .filter((c) => c !== target && (!NUMERIC.test(c.type) || /^U?(BIGINT|INTEGER|SMALLINT|TINYINT)$/i.test(c.type)))
    .filter((c) => !isBinary(c.values) && !ROLE_HINTS.some(([, re]) => re.test(c.name)))
    .map((c) => ({ c, d: c.distinct ?? distinct(c.values), n: c.distinct != null && opts.rows ? opts.rows : c.values.length }))
    .filter(({ d, n }) => d >= 1 && d < Math.max(2, n * 0.5))
    .sort((a, b) => Number(ID_NAME.test(b.c.name)) - Number(ID_NAME.test(a.c.name)) || a.d - b.d)
    .map(({ c }) => c.name);

  const covariates: CovariateMeta[] = [];
  for (const c of others) {
    if (c === target) continue;
    const numeric = NUMERIC.test(c.type) || numericShare(c.values) >= 0.9;
    const role = ROLE_HINTS.find(([, re]) => re.test(c.name))?.[0] ?? 'other';
    if (!numeric && distinct(c.values) > 50) continue; // free text (notes, descriptions) is not a covariate
    covariates.push({
      name: toSnake(c.name),
      source: c.name,
      type: numeric ? 'numeric' : 'categorical',
      role,
      timing: role !== 'other' || CALENDAR_NAME.test(c.name) ? 'known_future' : 'past_only',
    });
  }
  return {
    mapping: {
      id: idCands.slice(0, 1),
      date: date?.name ?? '',
      target: target?.name ?? '',
      covariates: covariates.filter((c) => c.source !== idCands[0]),
      freq: 'D',
      dateFormat: numericDate ?? (dateGuess ? dateGuess.formats.join('|') : null),
    },
    candidates: {
      date: dateScores.map((d) => d.c.name),
      target: targetCands.map((c) => c.name),
      id: idCands,
      covariates,
    },
    statics: [],
    issues,
  };
}

function spread(values: (string | null)[]): number {
  const xs = values.map((v) => Number((v ?? '').replace(',', '.'))).filter(Number.isFinite);
  if (xs.length < 2) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

/** Days since epoch for the sample's date values (for frequency inference). */
export function sampleDays(values: readonly (string | null)[], formats: string[] | null): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (!v) continue;
    let d = NaN;
    for (const f of formats ?? ['%Y-%m-%d']) {
      d = parseWith(v, f);
      if (Number.isFinite(d)) break;
    }
    if (Number.isFinite(d)) out.push(d);
  }
  return out;
}
