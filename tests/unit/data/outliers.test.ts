/**
 * Outlier cleaning judged against the promotion and holiday covariates (issue 14): on the generator's
 * sample, whose promotion lift is known to be real demand, promotion peaks must not be flagged, and
 * "flag and cap" must leave the promotion uplift intact. Checked against the raw file's own numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { guessMapping, loadRaw, prepareSales } from '../../../src/lib/data/prepare';
import { DEFAULT_CLEANING } from '../../../src/lib/data/cleaning';
import { rows } from '../../../src/lib/data/engine';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  db.registerBuffer('gen.csv', new TextEncoder().encode(toCsv(generateRetail({ seed: 7 }))));
});

async function prepared(cleaning: Partial<typeof DEFAULT_CLEANING>) {
  const raw = await loadRaw(db.engine, 'gen.csv', 'csv', 'gen.csv');
  const g = await guessMapping(db.engine, raw.columns);
  return prepareSales(db.engine, g.mapping, g.statics, raw.columns, { ...DEFAULT_CLEANING, ...cleaning });
}

/** Mean sales on promotion days over mean on other days, from the raw upload. */
const liftSql = (table: string, y: string) =>
  `SELECT avg(${y}) FILTER (WHERE promo <> 0) / avg(${y}) FILTER (WHERE promo = 0) AS lift FROM ${table}`;

describe('outliers are judged within promotion and non-promotion days', () => {
  it('no promotion peak of the sample is flagged', async () => {
    const p = await prepared({ outlierZ: 6, outliers: 'flag' });
    const inPromo = (await rows<{ n: number; all: number }>(db.engine, `SELECT count(*) FILTER (WHERE s.promo <> 0)::DOUBLE AS n, count(*)::DOUBLE AS all FROM outliers o JOIN sales s USING (unique_id, ds)`))[0];
    // Without the promo grouping, a robust z of 6 flags hundreds of the sample's promotion days.
    const naive = (
      await rows<{ n: number }>(
        db.engine,
        `SELECT count(*)::DOUBLE AS n FROM (SELECT y, promo, median(y) OVER w AS med, 1.4826 * median(abs(y - med0)) OVER w AS mad FROM (SELECT *, median(y) OVER (PARTITION BY unique_id) AS med0 FROM sales) WINDOW w AS (PARTITION BY unique_id)) WHERE mad > 0 AND promo <> 0 AND abs(y - med) / mad > 6`,
      )
    )[0].n;
    expect(naive).toBeGreaterThan(20);
    expect(inPromo.n).toBeLessThanOrEqual(2);
    expect(p.counts.outliers).toBe(inPromo.all);
  });

  it('"flag and cap" keeps the promotion uplift of the raw data', async () => {
    await prepared({ outlierZ: 6, outliers: 'cap' });
    const raw = (await rows<{ lift: number }>(db.engine, liftSql('raw', 'sales')))[0].lift;
    const capped = (await rows<{ lift: number }>(db.engine, liftSql('sales', 'y')))[0].lift;
    expect(raw).toBeGreaterThan(1.3);
    expect(Math.abs(capped / raw - 1)).toBeLessThan(0.02);
  });
});
