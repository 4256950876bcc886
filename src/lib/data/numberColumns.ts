/**
 * After a file is loaded into `raw`: text columns that hold numbers written for people (thousands
 * separators, decimal commas, currency signs) are rewritten as DOUBLE, and the user is told how.
 */
import type { DataIssue } from './contract';
import { rows, type SqlEngine } from './engine';
import { qi } from './cleaning';
import { guessNumberFormat, needsConversion, numberSql, type NumberFormat } from './numbers';

export interface NumberColumnsResult {
  /** Columns rewritten, with the format they were read in. */
  converted: { name: string; format: NumberFormat }[];
  issues: DataIssue[];
}

/** Share of sample values that must read as numbers before a text column is converted. */
const MIN_SHARE = 0.95;

/** Converts the text columns of `raw` that hold formatted numbers; `delimiter` is the CSV's field separator. */
export async function convertNumberColumns(
  engine: SqlEngine,
  columns: { name: string; type: string }[],
  /** The field separator, asked for only when some value holds a comma (sniffing a CSV again costs time). */
  opts: { delimiter?: () => Promise<string | undefined> } = {},
): Promise<NumberColumnsResult> {
  const text = columns.filter((c) => c.type === 'VARCHAR').slice(0, 400);
  if (!text.length) return { converted: [], issues: [] };
  const sample = await rows<Record<string, string | null>>(engine, `SELECT ${text.map((c) => qi(c.name)).join(', ')} FROM raw LIMIT 2000`);
  const converted: NumberColumnsResult['converted'] = [];
  let delimiter: string | undefined;
  let asked = false;
  for (const c of text) {
    const values = sample.map((r) => r[c.name]);
    if (!values.some((v) => v != null && /\d/.test(v))) continue;
    if (!asked && opts.delimiter && values.some((v) => v != null && /\d,\d/.test(v))) {
      asked = true;
      delimiter = await opts.delimiter();
    }
    const format = guessNumberFormat(values, { delimiter });
    if (format.share >= MIN_SHARE && needsConversion(format)) converted.push({ name: c.name, format });
  }
  if (!converted.length) return { converted, issues: [] };
  await engine.exec(
    `CREATE OR REPLACE TABLE raw AS SELECT * REPLACE (${converted.map((c) => `${numberSql(qi(c.name), c.format)} AS ${qi(c.name)}`).join(', ')}) FROM raw`,
  );
  const issues: DataIssue[] = [];
  const list = (cs: typeof converted) => cs.map((c) => `"${c.name}"`).join(', ');
  const ex = (cs: typeof converted) => {
    const e = cs.find((c) => c.format.example && Number.isFinite(c.format.example.value))?.format.example;
    return e ? ` (e.g. "${e.text}" = ${e.value})` : '';
  };
  const dec = converted.filter((c) => c.format.decimal === ',');
  const grp = converted.filter((c) => c.format.group);
  const cur = converted.filter((c) => c.format.currency);
  if (dec.length)
    issues.push({ level: 'info', code: 'decimal_comma', where: dec[0].name, message: `Numbers use a decimal comma${ex(dec)}; they were read as decimals (${list(dec)}).` });
  if (grp.length)
    issues.push({
      level: 'info',
      code: 'thousands_separator',
      where: grp[0].name,
      message: `Numbers in ${list(grp)} group thousands with "${grp[0].format.group === ' ' ? 'a space' : grp[0].format.group}"${ex(grp)}; the separators were dropped.`,
      hint: 'If these were meant as decimals, save the file with a decimal point and load it again.',
    });
  if (cur.length)
    issues.push({ level: 'info', code: 'currency', where: cur[0].name, message: `${list(cur)} hold${cur.length > 1 ? '' : 's'} amounts with a currency sign${ex(cur)}; the signs were dropped and the amounts read as numbers.` });
  return { converted, issues };
}
