import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { guessMapping, loadRaw, prepareSales } from '../../../src/lib/data/prepare';
import { DEFAULT_CLEANING } from '../../../src/lib/data/cleaning';
import type { ColumnMapping } from '../../../src/lib/data/contract';
import { buildFeatures, featureBuildKey } from '../../../workers/features';

let db: TestDb;
let mapping: ColumnMapping;
const opts = { h: 7, strategy: 'direct' as const, future: true };

beforeAll(async () => {
  db = await openTestDb();
  db.registerBuffer('g.csv', new TextEncoder().encode(toCsv(generateRetail({ stores: 2, items: 2, days: 60, seed: 3 }))));
  const raw = await loadRaw(db.engine, 'g.csv', 'csv', 'g.csv');
  const g = await guessMapping(db.engine, raw.columns);
  mapping = g.mapping;
  await prepareSales(db.engine, mapping, g.statics, raw.columns, DEFAULT_CLEANING);
});
afterAll(() => db?.close());

describe('featureBuildKey: the db worker reuses a features table only when nothing it depends on changed', () => {
  it('is the same for the same spec, options and rows, and differs when any of them changes', async () => {
    const spec = { lags: { lags: [7, 14], windows: [7] } };
    const k = await featureBuildKey(db.engine, mapping, spec, opts);
    expect(k).not.toBeNull();
    expect(await featureBuildKey(db.engine, mapping, structuredClone(spec), { ...opts })).toBe(k);
    expect(await featureBuildKey(db.engine, mapping, { lags: { lags: [7], windows: [7] } }, opts)).not.toBe(k);
    expect(await featureBuildKey(db.engine, mapping, spec, { ...opts, h: 14 })).not.toBe(k);
    expect(await featureBuildKey(db.engine, mapping, spec, { ...opts, strategy: 'recursive' })).not.toBe(k);
    expect(await featureBuildKey(db.engine, mapping, null, opts)).not.toBe(k);
    // One sales value changed (as a new cleaning choice or appended data would): another key.
    db.exec(`UPDATE sales SET y = y + 1 WHERE (unique_id, ds) = (SELECT (unique_id, ds) FROM sales WHERE y IS NOT NULL ORDER BY ds DESC, unique_id LIMIT 1)`);
    const k2 = await featureBuildKey(db.engine, mapping, spec, opts);
    expect(k2).not.toBe(k);
    db.exec(`UPDATE sales SET y = y - 1 WHERE (unique_id, ds) = (SELECT (unique_id, ds) FROM sales WHERE y IS NOT NULL ORDER BY ds DESC, unique_id LIMIT 1)`);
    expect(await featureBuildKey(db.engine, mapping, spec, opts)).toBe(k);
    // A covariate value changed: another key (the features read it).
    db.exec(`UPDATE sales SET price = price * 2 WHERE ds = (SELECT min(ds) FROM sales)`);
    expect(await featureBuildKey(db.engine, mapping, spec, opts)).not.toBe(k);
  });

  it('two builds under one key make identical tables (what makes reusing the first one safe)', async () => {
    const spec = { lags: { lags: [7, 14], windows: [7] }, promo: { column: 'promo' }, price: { column: 'price' } };
    const a = await buildFeatures(db.engine, mapping, spec, opts);
    db.exec('CREATE OR REPLACE TABLE first_build AS SELECT * FROM features');
    const b = await buildFeatures(db.engine, mapping, spec, opts);
    expect(b.rows).toBe(a.rows);
    expect(b.columns.map((c) => c.name)).toEqual(a.columns.map((c) => c.name));
    const diff = db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM first_build EXCEPT ALL SELECT * FROM features) UNION ALL (SELECT * FROM features EXCEPT ALL SELECT * FROM first_build))')[0];
    expect(a.rows).toBeGreaterThan(4 * 60);
    expect(diff.n).toBe(0);
  });

  it('is null without a sales table (nothing to reuse)', async () => {
    db.exec('ALTER TABLE sales RENAME TO sales_kept');
    try {
      expect(await featureBuildKey(db.engine, mapping, null, opts)).toBeNull();
    } finally {
      db.exec('ALTER TABLE sales_kept RENAME TO sales');
    }
  });
});
