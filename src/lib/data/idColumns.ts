/**
 * Exact figures the mapping guess needs beyond its 2,000-row sample: distinct counts of the columns
 * that could identify a series, and whether the chosen target is zero everywhere.
 */
import { rows, type SqlEngine } from './engine';
import { qi } from './cleaning';
import type { ColumnSample, MappingGuess } from './inferMapping';

const ID_TYPES = /^(VARCHAR|U?(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT))$/i;

/** Sets `distinct` on the id-eligible samples (first 60) from exact SQL counts; returns the table's row count. */
export async function exactDistinct(engine: SqlEngine, samples: ColumnSample[]): Promise<number> {
  const eligible = samples.filter((c) => ID_TYPES.test(c.type)).slice(0, 60);
  const r = (
    await rows<Record<string, number>>(
      engine,
      `SELECT count(*)::DOUBLE AS n${eligible.map((c, i) => `, count(DISTINCT ${qi(c.name)})::DOUBLE AS d${i}`).join('')} FROM raw`,
    )
  )[0];
  eligible.forEach((c, i) => (c.distinct = r[`d${i}`]));
  return r.n;
}

/** Adds a warning when the guessed target holds only zeros in the whole table (not just the sample). */
export async function checkTarget(engine: SqlEngine, guess: MappingGuess): Promise<void> {
  const t = guess.mapping.target;
  if (!t) return;
  const r = (
    await rows<{ n: number; nz: number }>(
      engine,
      `SELECT count(TRY_CAST(${qi(t)} AS DOUBLE))::DOUBLE AS n, count(*) FILTER (WHERE TRY_CAST(${qi(t)} AS DOUBLE) <> 0)::DOUBLE AS nz FROM raw`,
    ).catch(() => [{ n: 0, nz: 1 }])
  )[0];
  if (r.n > 0 && r.nz === 0)
    guess.issues.push({
      level: 'warning',
      code: 'target_all_zero',
      where: t,
      count: r.n,
      message: `The target "${t}" is 0 in all ${r.n.toLocaleString('en')} rows, so there is nothing to forecast: every forecast will be 0.`,
      hint: 'Check that the export holds the sales figures (not an empty template), or pick another target column.',
    });
}
