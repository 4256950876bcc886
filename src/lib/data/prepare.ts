/**
 * From an uploaded file to the contract's tables: read it (with the fallbacks real files need),
 * guess the mapping, then build `sales` / `series` with the user's cleaning choices.
 */
import type { ColumnMapping, DataIssue, Freq } from './contract';
import { engineMessage, ident, rows, type SqlEngine } from './engine';
import { readSql, type CsvReadOptions, type FileKind } from './ingest';
import { coarsePeriod, inferMapping, inferFreq, sampleDays, type ColumnSample, type MappingGuess } from './inferMapping';
import { convertNumberColumns } from './numberColumns';
import { checkTarget, exactDistinct } from './idColumns';
import { estimateGrid, spanIssue } from './span';
import { EXACT_DISTINCT_CELLS, columnProfileSql, qi, ql, salesSql, seriesProfileSql, seriesSql, stagedCountsSql, stagedSql, type CleaningOptions } from './cleaning';
import { guessDateFormat } from './dates';

export interface RawColumn {
  name: string;
  type: string;
}

export interface RawTable {
  columns: RawColumn[];
  rows: number;
  readOptions: CsvReadOptions;
  issues: DataIssue[];
}

async function describe(engine: SqlEngine): Promise<RawColumn[]> {
  const d = await rows<{ column_name: string; column_type: string }>(engine, 'DESCRIBE raw');
  return d.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Loads a registered file into `raw`, retrying with the options that the file turns out to need. */
export async function loadRaw(
  engine: SqlEngine,
  path: string,
  kind: FileKind,
  name: string,
  given: CsvReadOptions = {},
  /** For JSON and Parquet: the file already converted to Arrow IPC (see fileToArrow.ts). */
  ipc?: Uint8Array,
): Promise<RawTable> {
  const issues: DataIssue[] = [];
  const o: CsvReadOptions = { ...given };
  const load = () =>
    ipc ? engine.insertIpc!('raw', ipc) : engine.exec(`CREATE OR REPLACE TABLE raw AS SELECT * FROM ${readSql(path, kind, o)}`);
  const csv = kind === 'csv' || kind === 'tsv';
  try {
    await load();
  } catch (e) {
    const msg = engineMessage(e);
    if (csv && /quoted new ?lines|parallel/i.test(String(e instanceof Error ? e.message : e))) {
      o.serial = true;
      try {
        await load();
      } catch (e2) {
        return failed(name, engineMessage(e2));
      }
    } else return failed(name, msg);
  }
  if (csv) {
    const rej = await rows<{ n: number; enc: number }>(
      engine,
      `SELECT count(*)::DOUBLE AS n, count(*) FILTER (WHERE error_type = 'INVALID ENCODING')::DOUBLE AS enc FROM reject_errors`,
    ).catch(() => [{ n: 0, enc: 0 }]);
    if (rej[0].enc > 0 && !o.encoding) {
      o.encoding = 'latin-1';
      await load();
      issues.push({
        level: 'warning',
        code: 'not_utf8',
        message: `"${name}" is not UTF-8; it was read as Latin-1 (Windows-1252).`,
        hint: 'Check that accented names look right. If not, save the file as UTF-8 and load it again.',
      });
    } else if (rej[0].n > 0) {
      issues.push({ level: 'warning', code: 'rejected_rows', count: rej[0].n, message: `${rej[0].n} rows could not be read and were skipped.`, hint: 'Open the file and check those rows for stray quotes or separators.' });
    }
  }
  let columns = await describe(engine);
  // Zoned timestamps are kept as text: their calendar day is the one written, not the UTC one.
  const zoned = csv ? columns.filter((c) => /WITH TIME ZONE/i.test(c.type)).map((c) => c.name) : [];
  if (zoned.length) {
    o.varcharColumns = [...new Set([...(o.varcharColumns ?? []), ...zoned])];
    await load();
    columns = await describe(engine);
  }
  // Numbers written for people (1,851 · 12,5 · $12.50 · 1.234,56 €) become DOUBLE.
  const delimiter = async () =>
    kind === 'tsv' ? '\t' : csv ? (await rows<{ d: string }>(engine, `SELECT Delimiter AS d FROM sniff_csv(${ql(path)})`).catch(() => []))[0]?.d : undefined;
  const numbers = await convertNumberColumns(engine, columns, { delimiter });
  if (numbers.converted.length) columns = await describe(engine);
  issues.push(...numbers.issues);
  if (columns.length === 1 && columns[0].name === 'column0') {
    const n = (await rows<{ n: number }>(engine, 'SELECT count(*)::DOUBLE AS n FROM raw'))[0].n;
    if (n === 0) return failed(name, 'the file has no rows', 'empty_file');
  }
  const n = (await rows<{ n: number }>(engine, 'SELECT count(*)::DOUBLE AS n FROM raw'))[0].n;
  if (n === 0)
    return {
      columns,
      rows: 0,
      readOptions: o,
      issues: [
        {
          level: 'error',
          code: 'no_rows',
          message: `"${name}" has a header (${columns.map((c) => c.name).slice(0, 8).join(', ')}) but no data rows.`,
          hint: 'Export the sales rows too, not only the column names.',
        },
      ],
    };
  const padded = columns.find((c) => /^column\d+$/.test(c.name));
  if (padded && csv) {
    const extra = (await rows<{ n: number }>(engine, `SELECT count(${ident(padded.name)})::DOUBLE AS n FROM raw`))[0].n;
    if (extra > 0)
      issues.push({
        level: 'warning',
        code: 'ragged_rows',
        count: extra,
        message: `${extra} rows have more fields than the header; the extra values are in "${padded.name}". Rows with fewer fields were padded with empty values.`,
        hint: 'If numbers look shifted, check the separator and quoting of those rows in the file.',
      });
  }
  return { columns, rows: n, readOptions: o, issues };
}

function failed(name: string, msg: string, code = 'unreadable'): RawTable {
  return {
    columns: [],
    rows: 0,
    readOptions: {},
    issues: [
      code === 'empty_file'
        ? { level: 'error', code, message: `"${name}" is empty.`, hint: 'Choose a file with a header row and rows of sales.' }
        : { level: 'error', code, message: `"${name}" could not be read as a table: ${msg}.`, hint: 'Check that it is a CSV, TSV, Parquet or JSON file with one row per date (and per series).' },
    ],
  };
}

/** Guesses the mapping from a sample, then settles the id columns and the frequency with exact SQL. */
export async function guessMapping(engine: SqlEngine, columns: RawColumn[]): Promise<MappingGuess> {
  const cols = columns.slice(0, 400);
  const sample = await rows<Record<string, unknown>>(
    engine,
    `SELECT ${cols.map((c) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`).join(', ')} FROM raw USING SAMPLE 2000 ROWS`,
  );
  const samples: ColumnSample[] = cols.map((c) => ({ name: c.name, type: c.type, values: sample.map((r) => (r[c.name] as string | null) ?? null) }));
  // Exact distinct counts for columns that could be ids: a sample of 2,000 rows cannot tell 10,000 ids from a measure.
  const total = await exactDistinct(engine, samples);
  const guess = inferMapping(samples, { rows: total });
  await checkTarget(engine, guess);
  const m = guess.mapping;
  if (!m.date) return guess;
  // Id columns: add the candidate that removes most duplicate (id…, date) pairs until none are left.
  const chosen: string[] = [];
  const dupes = async (ids: string[]) =>
    (await rows<{ d: number }>(engine, `SELECT (count(*) - count(DISTINCT (${[...ids, m.date].map(ident).join(', ')})))::DOUBLE AS d FROM raw`))[0].d;
  let current = await dupes([]);
  while (current > 0 && chosen.length < 3) {
    let best: { c: string; d: number } | null = null;
    for (const c of guess.candidates.id.filter((x) => !chosen.includes(x)).slice(0, 8)) {
      const d = await dupes([...chosen, c]);
      if (!best || d < best.d) best = { c, d };
    }
    if (!best || best.d >= current) break;
    chosen.push(best.c);
    current = best.d;
  }
  // Hierarchy order: coarse → fine (store before item), by distinct values.
  if (chosen.length > 1) {
    const d = (await rows<Record<string, number>>(engine, `SELECT ${chosen.map((c, i) => `count(DISTINCT ${ident(c)})::DOUBLE AS n${i}`).join(', ')} FROM raw`))[0];
    const card = new Map(chosen.map((c, i) => [c, d[`n${i}`]]));
    chosen.sort((a, b) => card.get(a)! - card.get(b)!);
  }
  m.id = chosen;
  m.covariates = guess.candidates.covariates.filter((c) => !chosen.includes(c.source));
  // Frequency from the distinct dates (parsed the way the mapping will parse them).
  const dateType = columns.find((c) => c.name === m.date)?.type ?? 'VARCHAR';
  const distinctDates = await rows<{ v: string }>(engine, `SELECT DISTINCT CAST(${ident(m.date)} AS VARCHAR) AS v FROM raw LIMIT 5000`);
  const formats = /^(DATE|TIMESTAMP)/i.test(dateType) ? ['%Y-%m-%d'] : m.dateFormat?.split('|') ?? ['%Y-%m-%d'];
  const days = sampleDays(distinctDates.map((r) => r.v), formats);
  // Quarterly and yearly dates get their own step (the CLI's --freq Q|Y), not months with gaps between.
  const coarse = coarsePeriod(days);
  m.freq = coarse ?? (inferFreq(days) as Freq);
  if (coarse)
    guess.issues.push({
      level: 'info',
      code: coarse === 'Y' ? 'yearly_data' : 'quarterly_data',
      where: m.date,
      message: `"${m.date}" holds one date per ${coarse === 'Y' ? 'year' : 'quarter'}: read as ${coarse === 'Y' ? 'yearly' : 'quarterly'} data (one period per ${coarse === 'Y' ? 'year' : 'quarter'}).`,
      hint: 'Change the frequency in the mapping if this is wrong.',
    });
  // Categorical covariates constant within every series are attributes of the series, not covariates.
  const cats = m.covariates.filter((c) => c.type === 'categorical');
  if (cats.length) {
    const idExpr = chosen.length ? chosen.map(ident).join(', ') : "'all'";
    const r = (
      await rows<Record<string, number>>(
        engine,
        `SELECT ${cats.map((c) => `max(n_${cats.indexOf(c)})::DOUBLE AS ${ident(c.source)}`).join(', ')} FROM (SELECT ${cats
          .map((c, i) => `count(DISTINCT ${ident(c.source)}) AS n_${i}`)
          .join(', ')} FROM raw GROUP BY ${idExpr})`,
      )
    )[0];
    guess.statics = cats.filter((c) => r[c.source] <= 1).map((c) => c.source);
    m.covariates = m.covariates.filter((c) => !guess.statics.includes(c.source));
  }
  if (current > 0)
    guess.issues.push({
      level: 'warning',
      code: 'duplicate_keys',
      count: current,
      message: `${current} rows share an id and date with another row.`,
      hint: 'Pick the id columns that identify a series, or choose how duplicates are merged in Clean (sum, mean or last).',
    });
  return guess;
}

export interface CleanCounts {
  gap_rows: number;
  missing_filled: number;
  duplicates_merged: number;
  negatives: number;
  outliers: number;
  short_dropped: number;
  bad_dates_dropped: number;
}

export interface PreparedData {
  rows: number;
  series: number;
  counts: CleanCounts;
  covariateMissing: Record<string, number>;
  issues: DataIssue[];
  range: { start: string; end: string };
}

/** Validates a mapping against the raw columns; returns blocking issues (empty when fine). */
export function checkMapping(m: ColumnMapping, columns: RawColumn[]): DataIssue[] {
  const names = new Set(columns.map((c) => c.name));
  const out: DataIssue[] = [];
  const need = (col: string, what: string) => {
    if (!col) out.push({ level: 'error', code: `no_${what}`, message: `Choose the ${what} column.`, hint: `Pick it in the mapping form.` });
    else if (!names.has(col)) out.push({ level: 'error', code: 'missing_column', where: col, message: `Column "${col}" (${what}) is not in the file.`, hint: 'Pick one of the file’s columns.' });
  };
  need(m.date, 'date');
  need(m.target, 'target');
  for (const c of m.id) if (!names.has(c)) out.push({ level: 'error', code: 'missing_column', where: c, message: `Id column "${c}" is not in the file.`, hint: 'Pick one of the file’s columns.' });
  if (m.date && m.date === m.target) out.push({ level: 'error', code: 'same_column', message: 'The date and the target must be different columns.' });
  return out;
}

/** Builds `staged`, `sales`, `outliers` and `series` and reports what each cleaning step touched. */
export async function prepareSales(engine: SqlEngine, m: ColumnMapping, statics: string[], columns: RawColumn[], o: CleaningOptions): Promise<PreparedData> {
  const types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
  const issues = checkMapping(m, columns);
  const empty: PreparedData = { rows: 0, series: 0, counts: {} as CleanCounts, covariateMissing: {}, issues, range: { start: '', end: '' } };
  if (issues.length) return empty;
  await engine.exec(stagedSql(m, types));
  const c = (await rows<Record<string, number | string>>(engine, stagedCountsSql()))[0];
  if (c.bad_dates === c.rows) {
    const ex = (await rows<{ v: string }>(engine, `SELECT CAST(${ident(m.date)} AS VARCHAR) AS v FROM raw WHERE ${ident(m.date)} IS NOT NULL LIMIT 1`))[0]?.v;
    issues.push({
      level: 'error',
      code: 'unparseable_dates',
      where: m.date,
      message: `No value of "${m.date}" could be read as a date${ex ? ` (e.g. "${ex}")` : ''}.`,
      hint: 'Pick the column that holds dates, or set its date format in the mapping.',
    });
    return empty;
  }
  if ((c.bad_dates as number) > 0)
    issues.push({ level: 'warning', code: 'bad_dates', count: c.bad_dates as number, where: m.date, message: `${c.bad_dates} rows have a date that could not be read; they are left out.`, hint: 'Set the date format in the mapping if many rows are affected.' });
  if ((c.text_targets as number) > 0)
    issues.push({
      level: 'warning',
      code: 'target_has_text',
      count: c.text_targets as number,
      where: m.target,
      message: `${c.text_targets} values of "${m.target}" are not numbers (e.g. "${c.text_example}"); they are treated as missing.`,
      hint: 'Choose how missing values are filled below, or fix them in the file.',
    });
  if ((c.non_finite as number) > 0)
    issues.push({
      level: 'warning',
      code: 'non_finite_target',
      count: c.non_finite as number,
      where: m.target,
      message: `${c.non_finite} values of "${m.target}" are NaN or infinite; they are treated as missing.`,
      hint: 'Choose how missing values are filled below, or fix them in the file.',
    });
  const span = spanIssue(await estimateGrid(engine, m), m.freq === 'D' ? 'days' : m.freq === 'W' ? 'weeks' : 'months');
  if (span) return { ...empty, issues: [...issues, span] };
  for (const s of salesSql(m, o)) await engine.exec(s);
  // Rows after a series' last target value are its future (known covariates, y unknown): y stays NULL.
  // A series with no target value at all has nothing to learn from and is left out.
  await engine.exec(`CREATE OR REPLACE TEMP TABLE _last_y AS SELECT unique_id, max(ds) FILTER (WHERE y IS NOT NULL) AS last_y FROM staged WHERE ds IS NOT NULL GROUP BY unique_id`);
  await engine.exec(`UPDATE sales SET y = NULL FROM _last_y l WHERE sales.unique_id = l.unique_id AND sales.ds > l.last_y`);
  await engine.exec(`DELETE FROM sales WHERE unique_id IN (SELECT unique_id FROM _last_y WHERE last_y IS NULL)`);
  await engine.exec(seriesSql(m, statics));
  const counts = (await rows<CleanCounts>(engine, 'SELECT * FROM clean_counts'))[0];
  const covariateMissing = (await rows<Record<string, number>>(engine, 'SELECT * FROM cov_missing'))[0] ?? {};
  const summary = (
    await rows<{ rows: number; series: number; start: string; end_: string }>(
      engine,
      'SELECT count(*)::DOUBLE AS rows, count(DISTINCT unique_id)::DOUBLE AS series, CAST(min(ds) AS VARCHAR) AS start, CAST(max(ds) AS VARCHAR) AS end_ FROM sales',
    )
  )[0];
  const prof = await rows<{ unique_id: string; n: number; zero_share: number }>(engine, seriesProfileSql());
  const minUseful = m.freq === 'D' ? 14 : m.freq === 'W' ? 8 : 6;
  const short = prof.filter((p) => p.n < minUseful);
  if (short.length)
    issues.push({
      level: 'warning',
      code: 'short_series',
      count: short.length,
      message: `${short.length} series have fewer than ${minUseful} periods (e.g. "${short[0].unique_id}" has ${short[0].n}); most models cannot forecast them.`,
      hint: 'They are forecast with a naive model; or set a minimum length in Clean to drop them.',
    });
  const zeros = prof.filter((p) => p.zero_share === 1);
  if (zeros.length)
    issues.push({ level: 'warning', code: 'all_zero_series', count: zeros.length, message: `${zeros.length} series are all zeros (e.g. "${zeros[0].unique_id}").`, hint: 'Their forecast will be 0; check the target column if that is unexpected.' });
  if (summary.rows === 0)
    issues.push({ level: 'error', code: 'no_rows_left', message: 'No rows are left after cleaning.', hint: 'Lower the minimum series length or check the date and target columns.' });
  return { rows: summary.rows, series: summary.series, counts, covariateMissing, issues, range: { start: summary.start, end: summary.end_ } };
}

/** Column profile of the raw upload. */
export async function profileColumns(engine: SqlEngine, columns: RawColumn[]) {
  const n = (await rows<{ n: number }>(engine, 'SELECT count(*)::DOUBLE AS n FROM raw'))[0].n;
  const exact = n * Math.min(columns.length, 200) <= EXACT_DISTINCT_CELLS;
  const r = (await rows<Record<string, number | string | null>>(engine, columnProfileSql(columns, 200, exact)))[0];
  const total = r.rows as number;
  return columns.slice(0, 200).map((c, i) => ({
    name: c.name,
    type: c.type,
    missingShare: total ? 1 - (r[`n${i}`] as number) / total : 0,
    min: r[`lo${i}`] as string | null,
    max: r[`hi${i}`] as string | null,
    distinct: r[`d${i}`] as number,
    /** True when `distinct` is HyperLogLog's estimate (tables over EXACT_DISTINCT_CELLS cells). */
    distinctApprox: !exact,
  }));
}

/** Re-checks the date format of a text column (used when the user changes it). */
export { guessDateFormat };
