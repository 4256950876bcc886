/**
 * How a text column writes its numbers: decimal point or comma, thousands grouping, currency signs,
 * and the SQL that turns such text into DOUBLE. Pure: the sample comes from the loaded table.
 */

export interface NumberFormat {
  /** Character that separates the decimals. */
  decimal: '.' | ',';
  /** Thousands separator, or null when no value is grouped. */
  group: ',' | '.' | ' ' | "'" | null;
  /** Some values carry a currency sign or code ($, €, £, USD…). */
  currency: boolean;
  /** Share of non-empty sample values that read as a number this way. */
  share: number;
  /** One sample value and the number it reads as, for the note shown to the user. */
  example: { text: string; value: number } | null;
}

const CURRENCY = /[$€£¥₹₽₩]|\b(usd|eur|gbp|chf|jpy|sek|nok|dkk|pln|czk|brl|cad|aud)\b/gi;
/** Spaces that may group thousands or pad a sign: normal, no-break, narrow no-break, thin. */
const SPACES = /[\s\u00a0\u202f\u2009]/g;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

function core(v: string): string {
  return v.replace(CURRENCY, '').trim().replace(/^\((.*)\)$/, '-$1');
}

/** Parses one value under a format; NaN when it does not read as a number. */
export function parseNumber(text: string, f: Pick<NumberFormat, 'decimal' | 'group'>): number {
  let s = core(text);
  if (NON_FINITE.test(s)) return NaN;
  if (f.group === ' ' || f.group === null) s = s.replace(SPACES, '');
  else s = s.replace(SPACES, '').split(f.group).join('');
  if (f.decimal === ',') s = s.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/** Non-empty values that are not NaN / inf placeholders. */
function usable(values: readonly (string | null)[]): string[] {
  return values.map((v) => (v ?? '').trim()).filter((v) => v !== '' && !NON_FINITE.test(v));
}

/**
 * Guesses the number format of a column from sample values. `1,851` and `12,345,678` are grouped
 * thousands; `12,5` and `1.234,56` use a decimal comma. A lone comma followed by exactly three digits
 * is read as a thousands separator unless the file is `;`-separated (European spreadsheets), where it
 * is a decimal comma.
 */
export function guessNumberFormat(values: readonly (string | null)[], opts: { delimiter?: string } = {}): NumberFormat {
  const vs = usable(values).map(core);
  const currency = usable(values).some((v) => v.replace(CURRENCY, '') !== v);
  const comma = vs.filter((v) => v.includes(','));
  const dot = vs.filter((v) => v.includes('.'));
  let decimal: ',' | '.' = '.';
  let group: NumberFormat['group'] = null;
  const commaThenDot = vs.some((v) => /,\d{3}\./.test(v));
  const dotThenComma = vs.some((v) => /\.\d{3},/.test(v));
  const multiComma = vs.some((v) => /,\d{3},\d{3}/.test(v));
  const multiDot = vs.some((v) => /\.\d{3}\.\d{3}/.test(v));
  const commaNotThree = comma.some((v) => !/^[^,]*\d,\d{3}(,\d{3})*(\.\d*)?$/.test(v.replace(SPACES, '')));
  if (dotThenComma || multiDot) [decimal, group] = [',', '.'];
  else if (commaThenDot || multiComma) [decimal, group] = ['.', ','];
  else if (comma.length) {
    if (commaNotThree || opts.delimiter === ';') {
      decimal = ',';
      if (dot.length && dot.every((v) => /\d\.\d{3}(\D|$)/.test(v))) group = '.';
    } else group = ',';
  } else if (vs.some((v) => /\d[\s\u00a0\u202f']\d{3}(\D|$)/.test(v))) group = vs.some((v) => v.includes("'")) ? "'" : ' ';
  if (group === null && vs.some((v) => /\d'\d{3}/.test(v))) group = "'";
  const f = { decimal, group };
  const ok = vs.filter((v) => Number.isFinite(parseNumber(v, f)));
  const ex = comma[0] ?? vs.find((v) => /[^\d.+-]/.test(v)) ?? null;
  return { decimal, group, currency, share: vs.length ? ok.length / vs.length : 0, example: ex ? { text: ex, value: parseNumber(ex, f) } : null };
}

/** True when the format changes how plain `Number()` would read the values (commas, groups, currency). */
export function needsConversion(f: NumberFormat): boolean {
  return f.decimal === ',' || f.group !== null || f.currency;
}

/**
 * SQL turning a VARCHAR expression into DOUBLE under `f` (NULL when it does not read). NaN and ±inf
 * stay as they are here; the contract's target and covariates drop them later (see cleaning.ts).
 */
export function numberSql(expr: string, f: Pick<NumberFormat, 'decimal' | 'group'>): string {
  let s = `regexp_replace(trim(${expr}), '[$€£¥₹₽₩]|\\b(?i:usd|eur|gbp|chf|jpy|sek|nok|dkk|pln|czk|brl|cad|aud)\\b', '', 'g')`;
  s = `regexp_replace(${s}, '^\\s*\\((.*)\\)\\s*$', '-\\1')`;
  s = `regexp_replace(${s}, '[\\s\\x{00a0}\\x{202f}\\x{2009}]', '', 'g')`;
  if (f.group && f.group !== ' ') s = `replace(${s}, '${f.group === "'" ? "''" : f.group}', '')`;
  if (f.decimal === ',') s = `replace(${s}, ',', '.')`;
  return `TRY_CAST(${s} AS DOUBLE)`;
}

/** A plain-words note for the user about how a column's numbers were read. */
export function formatNote(f: NumberFormat): string {
  const parts: string[] = [];
  if (f.decimal === ',') parts.push('a decimal comma');
  if (f.group) parts.push(`${f.group === ' ' ? 'spaces' : `"${f.group}"`} between thousands`);
  if (f.currency) parts.push('currency signs');
  const ex = f.example && Number.isFinite(f.example.value) ? ` (e.g. "${f.example.text}" = ${f.example.value})` : '';
  return `${parts.join(', ')}${ex}`;
}
