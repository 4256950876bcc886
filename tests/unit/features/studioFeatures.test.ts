import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { guessMapping, loadRaw, prepareSales } from '../../../src/lib/data/prepare';
import { DEFAULT_CLEANING } from '../../../src/lib/data/cleaning';
import type { ColumnMapping } from '../../../src/lib/data/contract';
import { buildFeatures, checkCustom, featureIpc, featurePreview, featureSummary } from '../../../workers/features';
import { makeFeaturesAt } from '../../../src/lib/pipeline/featuresAt';
import { periodAfter } from '../../../src/lib/forecast/plan';
import { frameTrainData } from '../../../src/lib/pipeline/frameTrainData';
import { isRecursive } from '../../../src/lib/models/global/recursive';
import type { ArrowLikeTable } from '../../../src/lib/data/engine';
import type { FeatureColumn } from '../../../src/lib/features';

let db: TestDb;
let mapping: ColumnMapping;
const H = 14;

beforeAll(async () => {
  db = await openTestDb();
  const bytes = new Uint8Array(readFileSync('public/sample/retail_sample.csv'));
  db.registerBuffer('sample.csv', bytes);
  const raw = await loadRaw(db.engine, 'sample.csv', 'csv', 'sample.csv');
  const g = await guessMapping(db.engine, raw.columns);
  mapping = g.mapping;
  await prepareSales(db.engine, mapping, g.statics, raw.columns, DEFAULT_CLEANING);
  // Six series are enough and keep the test quick; a stale features table must not survive a failed build.
  db.exec(`DELETE FROM sales WHERE unique_id NOT IN (SELECT DISTINCT unique_id FROM sales ORDER BY 1 LIMIT 6)`);
  db.exec(`DELETE FROM series WHERE unique_id NOT IN (SELECT DISTINCT unique_id FROM sales)`);
});
afterAll(() => db?.close());

describe('buildFeatures over the sample', () => {
  it('reads its h future rows per series from the baseline plan: y NULL, promo 0, the last regular price', async () => {
    const r = await buildFeatures(db.engine, mapping, null, { h: H, strategy: 'direct', future: true });
    expect(r.issues.filter((i) => i.level === 'error')).toEqual([]);
    expect(r.futureRows).toBe(6 * H);
    const per = db.query<{ unique_id: string; n: number; y: number; promo: number }>(
      `SELECT unique_id, count(*) AS n, count(y) AS y, sum(promo_flag) AS promo FROM features WHERE ds > (SELECT max(ds) FROM sales) GROUP BY 1 ORDER BY 1`,
    );
    expect(per).toHaveLength(6);
    for (const p of per) expect(p).toMatchObject({ n: H, y: 0, promo: 0 });
    // The plan's price is each series' last price on a non-promotion day (independently computed here).
    const price = db.query<{ same: number; n: number }>(
      `SELECT count(*) FILTER (WHERE p.price = l.p) AS same, count(*) AS n FROM plan p
       JOIN (SELECT unique_id, arg_max(price, ds) FILTER (WHERE promo = 0 AND y IS NOT NULL) AS p FROM sales GROUP BY 1) l USING (unique_id)`,
    )[0];
    expect(price).toEqual({ same: 6 * H, n: 6 * H });
    const f = db.query<{ n: number; fut: number }>(`SELECT count(*) AS n, count(*) FILTER (WHERE y IS NULL) AS fut FROM features`)[0];
    expect(f.n).toBe(r.rows);
    expect(f.fut).toBe(6 * H);
    expect(r.rows).toBe(6 * (1095 + H));
    expect(r.sql).toContain('PARTITION BY unique_id');
    expect(r.sql).toContain('FROM "plan" p');
  });

  it('builds the same table as the pipeline\'s feature frame (makeFeaturesAt, the CLI path) under the same plan', async () => {
    const spec = { lags: { lags: [14, 21], windows: [7] }, promo: { column: 'promo' }, price: { column: 'price' } };
    const r = await buildFeatures(db.engine, mapping, spec, { h: H, strategy: 'direct', future: true });
    const ids = db.query<{ unique_id: string }>('SELECT DISTINCT unique_id FROM sales ORDER BY 1').map((x) => x.unique_id);
    const cutoff = db.query<{ d: number }>(`SELECT CAST(max(ds) - DATE '1970-01-01' AS INTEGER) AS d FROM sales`)[0].d;
    const at = await makeFeaturesAt(db.engine, { freq: mapping.freq, h: H, spec: r.spec, covariates: mapping.covariates, seriesIds: ids, plan: 'plan' });
    const frame = await at(cutoff);
    expect(frame.names).toEqual(r.columns.map((c) => c.name));
    expect(frame.ds.length).toBe(r.rows);
    const t = db.query<Record<string, number>>(`SELECT * FROM features ORDER BY unique_id, ds`);
    for (const name of ['log_price', 'y_lag14', 'promo_flag', 'periods_since_promo']) {
      const j = frame.names.indexOf(name);
      expect(j).toBeGreaterThanOrEqual(0);
      let diff = 0;
      let nulls = 0;
      t.forEach((row, i) => {
        const v = row[name] as number | null;
        if (v == null) nulls += Number.isNaN(frame.columns[j][i]) ? 0 : 1;
        else diff = Math.max(diff, Math.abs(v - frame.columns[j][i]) / Math.max(1, Math.abs(v)));
      });
      expect(nulls).toBe(0);
      expect(diff).toBeLessThan(1e-6);
    }
  });

  it('labels every column and emits no past_only feature with lag < h under direct', async () => {
    const spec = { lags: { lags: [1, 7, 14, 21], windows: [7] }, promo: { column: 'promo' }, price: { column: 'price' }, statics: ['category'] };
    const r = await buildFeatures(db.engine, mapping, spec, { h: H, strategy: 'direct', future: true });
    for (const c of r.columns) expect(['known_future', 'past_only', 'static']).toContain(c.timing);
    const past = r.columns.filter((c) => c.timing === 'past_only');
    expect(past.map((c) => c.name)).toEqual(expect.arrayContaining(['y_lag14', 'y_lag21', 'y_mean7_lag14']));
    for (const c of past) expect(c.lag ?? 0).toBeGreaterThanOrEqual(H);
    expect(r.issues.filter((i) => i.code === 'leaky_feature').map((i) => i.where)).toEqual(['y_lag1', 'y_lag7']);
    expect(r.columns.find((c) => c.name === 'category_code')).toMatchObject({ timing: 'static', categorical: true });
    // under a recursive strategy lag 1 is allowed
    const rec = await buildFeatures(db.engine, mapping, spec, { h: H, strategy: 'recursive', future: true });
    expect(rec.columns.some((c) => c.name === 'y_lag1')).toBe(true);
  });

  it('hands the table over as Arrow IPC bytes with the same rows, ordered by series', async () => {
    const r = await buildFeatures(db.engine, mapping, null, { h: 7, strategy: 'direct', future: true });
    const { ipc, ids } = await featureIpc(db.engine);
    expect(ipc).toBeInstanceOf(Uint8Array);
    expect(ipc.byteOffset).toBe(0);
    const t = tableFromIPC(ipc);
    expect(t.numRows).toBe(r.rows);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['unique_id', 'ds', 'y', 'y_scale', ...r.columns.map((c) => c.name)]);
    expect(ids).toHaveLength(6);
    expect([...ids].sort()).toEqual(ids);
    expect(String(t.getChild('unique_id')!.get(0))).toBe(ids[0]);
    expect(String(t.getChild('unique_id')!.get(t.numRows - 1))).toBe(ids[5]);
    // values survive the round trip: y and a lag of the first series' 10th row, and the future rows' NULL y
    const first = db.query<{ y: number; lag: number }>(`SELECT y, y_lag7 AS lag FROM features ORDER BY unique_id, ds LIMIT 1 OFFSET 9`)[0];
    expect(t.getChild('y')!.get(9)).toBe(first.y);
    expect(t.getChild('y_lag7')!.get(9)).toBe(first.lag);
    expect(t.getChild('y')!.get(t.numRows - 1)).toBeNull();
  });

  it('a recursive build has lags from 1, and the frame the train worker makes of it keeps their metadata', async () => {
    const r = await buildFeatures(db.engine, mapping, null, { h: 7, strategy: 'recursive', future: true });
    const lags = r.columns.filter((c) => c.family === 'lag' && c.lag !== undefined).map((c) => c.lag!);
    expect(Math.min(...lags)).toBe(1);
    const { ipc, ids } = await featureIpc(db.engine);
    const train = frameTrainData(tableFromIPC(ipc) as unknown as ArrowLikeTable, { columns: r.columns, ids, freq: 'D', season: 7 });
    const meta = (train.features as { meta?: FeatureColumn[] }).meta!;
    expect(meta.map((c) => c.name)).toEqual(train.features!.names);
    // What tells a model to forecast step by step (it was lost when the frame was rebuilt from names).
    expect(isRecursive(meta)).toBe(true);
    expect(meta.find((c) => c.name === 'y_lag1')?.recursive).toBe(true);
  });

  it('without future rows the table has exactly the history', async () => {
    const r = await buildFeatures(db.engine, mapping, { calendar: { parts: true }, lags: { lags: [7] } }, { h: 7, strategy: 'direct', future: false });
    expect(r.futureRows).toBe(0);
    expect(r.rows).toBe(6 * 1095);
    expect(r.sql.startsWith('CREATE OR REPLACE TABLE features AS')).toBe(true);
  });

  it('preview and summary', async () => {
    const r = await buildFeatures(db.engine, mapping, { calendar: { parts: true, yearlyOrder: 0 }, lags: { lags: [7] } }, { h: 7, strategy: 'direct', future: true });
    const p = await featurePreview(db.engine, 5);
    expect(p.rows).toHaveLength(5);
    expect(p.columns.slice(0, 3)).toEqual(['unique_id', 'ds', 'y']);
    expect(p.rows[0][1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const s = await featureSummary(db.engine, r.columns);
    expect(s.map((x) => x.feature)).toEqual(r.columns.map((c) => c.name));
    expect(s.find((x) => x.feature === 'month')).toMatchObject({ missing_share: 0, min: 1, max: 12 });
    // lag 7: the first 7 days of each series are missing
    expect(s.find((x) => x.feature === 'y_lag7')!.missing_share).toBeCloseTo((6 * 7) / r.rows, 12);
  });
});

describe('bad input comes back as issues, not throws', () => {
  it('an unknown holiday country is an error issue; user events still work', async () => {
    const spec = { calendar: false as const, holidays: { country: 'XX', events: [{ date: '2025-12-31', name: 'stocktake' }, { date: '31/12/2025', name: 'bad' }] } };
    const r = await buildFeatures(db.engine, mapping, spec, { h: 7, strategy: 'direct', future: true });
    expect(r.issues.find((i) => i.code === 'unknown_country')).toMatchObject({ level: 'error', where: 'holidays.country' });
    expect(r.issues.some((i) => i.code === 'bad_event_date')).toBe(true);
    expect(r.columns.some((c) => c.name === 'holiday')).toBe(true);
    const n = db.query<{ n: number }>(`SELECT count(*) AS n FROM features WHERE holiday = 1`)[0].n;
    expect(n).toBe(6); // 2025-12-31 is a future row of every series
  });
  it('a known country with a region adds its holidays', async () => {
    const r = await buildFeatures(db.engine, mapping, { calendar: false, holidays: { country: 'DE', region: 'BY' } }, { h: 7, strategy: 'direct', future: false });
    expect(r.issues).toEqual([]);
    const n = db.query<{ n: number }>(`SELECT count(*) AS n FROM features WHERE holiday = 1 AND ds = DATE '2024-01-06'`)[0].n;
    expect(n).toBe(6);
  });
  it('missing columns, bad custom SQL, long windows, bad horizons', async () => {
    const spec = {
      price: { column: 'no_such_price' },
      lags: { lags: [7], windows: [2000] },
      custom: [
        { name: 'ok_ratio', sql: 'price / nullif(lag(price, 7) OVER (PARTITION BY unique_id ORDER BY ds), 0)' },
        { name: 'syntax', sql: 'price +\n  promo promo2 promo3' },
        { name: 'sub', sql: '(SELECT max(y) FROM sales)' },
        { name: 'missing', sql: 'promo + nosuch' },
        { name: 'div0', sql: 'promo / 0' },
      ],
    };
    const r = await buildFeatures(db.engine, mapping, spec, { h: 7, strategy: 'direct', future: true });
    const codes = (w: string) => r.issues.filter((i) => i.where === w).map((i) => i.code);
    expect(codes('no_such_price')).toEqual(['missing_price_column']);
    expect(codes('syntax')).toEqual(['custom_feature_rejected']);
    expect(r.issues.find((i) => i.where === 'syntax')!.message).toMatch(/line 2, column 16/);
    expect(codes('sub')).toEqual(['custom_feature_rejected']);
    expect(codes('missing')).toEqual(['custom_feature_rejected']);
    expect(codes('window 2000')).toEqual(['window_too_long']);
    expect(r.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['ok_ratio', 'div0']));
    expect(r.spec.custom!.map((c) => c.name)).toEqual(['ok_ratio', 'div0']);
    expect(db.query<{ n: number }>(`SELECT count(div0) AS n FROM features`)[0].n).toBe(0); // x/0 → NULL, not inf
    expect(r.rows).toBeGreaterThan(0);
    expect((await buildFeatures(db.engine, mapping, null, { h: 0, strategy: 'direct', future: true })).issues[0].code).toBe('bad_horizon');
  });
  it('checkCustom gives the line and column of a syntax error and refuses subqueries', async () => {
    expect(await checkCustom(db.engine, { name: 'x', sql: 'price * promo' })).toEqual({ ok: true });
    expect(await checkCustom(db.engine, { name: 'x', sql: 'price +\n  promo promo2 promo3' })).toMatchObject({ ok: false, line: 2, column: 16 });
    expect((await checkCustom(db.engine, { name: 'x', sql: '(select 1)' })).ok).toBe(false);
  });
  it('zero/negative prices and promo values other than 0/1 are reported', async () => {
    db.exec(`CREATE OR REPLACE TABLE sales_backup AS SELECT * FROM sales`);
    try {
      db.exec(`UPDATE sales SET price = 0 WHERE ds = DATE '2024-03-01'`);
      db.exec(`UPDATE sales SET promo = 3 WHERE ds = DATE '2024-03-02'`);
      const r = await buildFeatures(db.engine, mapping, { price: { column: 'price' }, promo: { column: 'promo' } }, { h: 7, strategy: 'direct', future: true });
      expect(r.issues.find((i) => i.code === 'price_not_positive')).toMatchObject({ count: 6 });
      expect(r.issues.find((i) => i.code === 'promo_not_binary')).toMatchObject({ count: 6 });
    } finally {
      db.exec(`CREATE OR REPLACE TABLE sales AS SELECT * FROM sales_backup`);
    }
  });
  it('future rows for a monthly or quarterly plan move by calendar months', () => {
    expect(periodAfter('d', 'k', 'M')).toContain('to_months(CAST(1 * k');
    expect(periodAfter('d', 'k', 'Q')).toContain('to_months(CAST(3 * k');
    expect(periodAfter('d', 'k', 'Y')).toContain('to_months(CAST(12 * k');
  });
});

describe('cross-item features in the studio Features step', () => {
  it('the default spec builds them for the sample (category × store from the series attributes), future rows from the plan', async () => {
    const r = await buildFeatures(db.engine, mapping, null, { h: H, strategy: 'direct', future: true });
    expect(r.columns.filter((c) => c.name.startsWith('cross_')).map((c) => c.name)).toEqual(['cross_promo_share', 'cross_discount', 'cross_price_rel']);
    // in the baseline plan nothing is on promotion: the share is 0 on every future row
    const f = db.query<{ n: number; s: number }>(`SELECT count(*) AS n, sum(cross_promo_share) AS s FROM features WHERE ds > (SELECT max(ds) FROM sales) AND cross_promo_share IS NOT NULL`);
    expect(f[0].n).toBeGreaterThan(0);
    expect(f[0].s).toBe(0);
  }, 60_000);
});
