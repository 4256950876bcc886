/**
 * The feature-SQL suite, written once and run on several back ends: DuckDB-WASM's blocking Node bindings
 * (tests/unit/features/sql.test.ts) and, later, the browser worker. `getDb` returns a fresh or shared
 * connection; the suite creates its own `sales`/`series` fixture on it.
 *
 * Fixture (daily, 2024-12-20 … 2025-01-03, i = day index 0…14):
 *   A: y = 10 + i, plus one future row 2025-01-04 (i = 15, y NULL); price 10 (8 on 12-27, 12-28);
 *      promo 0.2 on 12-22 … 12-30 (one 9-day campaign), type 'tpr'; customers = 50 + i; small store, food.
 *   B: y = 100 + i with 12-24 and 12-25 MISSING; price 5 (0 on 12-31, −1 on 01-01); promo 1 on 12-26 only,
 *      type 'display'; customers = 80 + i; big store, food.
 */
import type { ExpectStatic } from 'vitest';
import { isoToDay, type CovariateMeta } from '../../src/lib/data/contract';
import {
  compileFeatures,
  featurePreviewSql,
  featureSummarySql,
  frameFromArrow,
  lagRecipeValue,
  recursiveLagValues,
  runFeatureChecks,
  validateCustomFeature,
  type CompileContext,
  type FeatureSpec,
} from '../../src/lib/features';
import { holidayCalendar } from '../../src/lib/features/holidayCalendar';

type Row = Record<string, unknown>;
export interface SuiteDb {
  query(sql: string): Row[] | Promise<Row[]>;
  exec(sql: string): void | Promise<void>;
}
export interface SuiteApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => unknown): void;
  expect: ExpectStatic;
}

const START = isoToDay('2024-12-20');
const iso = (i: number) => new Date((START + i) * 86_400_000).toISOString().slice(0, 10);
const q = (v: unknown) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));

function fixtureRows(): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = 0; i <= 15; i++) {
    const promo = i >= 2 && i <= 10;
    const price = i === 7 || i === 8 ? 8 : 10;
    rows.push(['A', iso(i), i < 15 ? 10 + i : null, price, promo ? 0.2 : 0, promo ? 'tpr' : null, promo ? 'yes' : 'no', i < 15 ? 50 + i : null]);
  }
  for (let i = 0; i <= 14; i++) {
    if (i === 4 || i === 5) continue;
    const price = i === 11 ? 0 : i === 12 ? -1 : 5;
    rows.push(['B', iso(i), 100 + i, price, i === 6 ? 1 : 0, i === 6 ? 'display' : null, i === 6 ? 'BOGO' : '', 80 + i]);
  }
  return rows;
}

const COLUMNS = { unique_id: 'VARCHAR', ds: 'DATE', y: 'DOUBLE', price: 'DOUBLE', promo: 'DOUBLE', ptype: 'VARCHAR', promo_txt: 'VARCHAR', customers: 'DOUBLE' };
const meta = (name: string, timing: CovariateMeta['timing'], role: CovariateMeta['role'] = 'other'): CovariateMeta => ({ name, source: name, type: 'numeric', timing, role });
const COVARIATES = [meta('price', 'known_future', 'price'), meta('promo', 'known_future', 'promo'), meta('ptype', 'known_future', 'promo'), meta('promo_txt', 'known_future', 'promo'), meta('customers', 'past_only')];

/** Context of the fixture for horizon `h`. */
export function fixtureContext(h: number, strategy: 'direct' | 'recursive' = 'direct', extra: Partial<CompileContext> = {}): CompileContext {
  return { columns: COLUMNS, covariates: COVARIATES, seriesColumns: ['store_type', 'category'], freq: 'D', h, strategy, ...extra };
}

const MAIN_SPEC: FeatureSpec = {
  calendar: { weeklyOrder: 1, yearlyOrder: 1 },
  holidays: { country: 'US', events: [{ date: '2024-12-28', name: 'Store anniversary' }], before: 3, after: 1, offsetFlags: true },
  lags: { lags: [1, 2, 3, 7], windows: [3, 20], stats: ['mean', 'max'], ewmaAlphas: [0.5] },
  price: { column: 'price', regularWindow: 7, categoryAttribute: 'category' },
  promo: { column: 'promo', typeColumn: 'ptype', cap: 5, postWindow: 2 },
  statics: ['store_type', 'category'],
  covariates: { knownFuture: false, lags: { customers: [1, 2] } },
  custom: [
    { name: 'price_x_promo', sql: 'price * promo' },
    { name: 'ratio', sql: 'promo / (price - 10)' },
    { name: 'leak_y', sql: 'y * 2' },
    { name: 'leak_lead', sql: 'lead(y) OVER (PARTITION BY unique_id ORDER BY ds)' },
    { name: 'y_row_lag7', sql: 'lag(y, 7) OVER (PARTITION BY unique_id ORDER BY ds)' },
  ],
};

export function featureSuite(getDb: () => Promise<SuiteDb>, { describe, it, expect }: SuiteApi): void {
  const ready = new WeakMap<SuiteDb, Promise<void>>();
  async function db(): Promise<SuiteDb> {
    const d = await getDb();
    if (!ready.has(d))
      ready.set(
        d,
        (async () => {
          await d.exec(`CREATE OR REPLACE TABLE sales AS SELECT unique_id, CAST(ds AS DATE) AS ds, CAST(y AS DOUBLE) AS y,
            CAST(price AS DOUBLE) AS price, CAST(promo AS DOUBLE) AS promo, ptype, promo_txt, CAST(customers AS DOUBLE) AS customers
            FROM (VALUES ${fixtureRows().map((r) => `(${r.map(q).join(', ')})`).join(', ')})
            v(unique_id, ds, y, price, promo, ptype, promo_txt, customers)`);
          await d.exec(`CREATE OR REPLACE TABLE series AS SELECT * FROM (VALUES ('A', 'small', 'food'), ('B', 'big', 'food')) v(unique_id, store_type, category)`);
        })(),
      );
    await ready.get(d);
    return d;
  }
  const calendar = () => holidayCalendar({ country: 'US' }, { start: '2024-12-20', end: '2025-01-04' });
  const main = () => compileFeatures(MAIN_SPEC, fixtureContext(2, 'direct', { holidays: calendar() }));
  const rowsCache = new WeakMap<SuiteDb, Promise<Row[]>>();
  async function mainRows(): Promise<Row[]> {
    const d = await db();
    if (!rowsCache.has(d)) rowsCache.set(d, Promise.resolve(d.query(main().select)));
    return rowsCache.get(d)!;
  }
  const at = (rows: Row[], id: string, i: number) => {
    const r = rows.find((x) => x.unique_id === id && x.ds === iso(i));
    if (!r) throw new Error(`no row ${id} ${iso(i)}`);
    return r;
  };

  describe('feature SQL: lags and rolling statistics', () => {
    it('keys one row per (unique_id, ds), future row included', async () => {
      const rows = await mainRows();
      expect(rows.length).toBe(16 + 13);
      expect(at(rows, 'A', 15).y).toBeNull();
    });
    it('never lags across series and lags by date over gaps', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 2).y_lag2).toBe(10);
      expect(at(rows, 'B', 0).y_lag2).toBeNull();
      expect(at(rows, 'B', 1).y_lag2).toBeNull();
      // B 12-26: 12-24 is missing, so lag 2 is NULL (a row-based lag would give 102); lag 3 is 12-23
      expect(at(rows, 'B', 6).y_lag2).toBeNull();
      expect(at(rows, 'B', 6).y_lag3).toBe(103);
      expect(at(rows, 'B', 7).y_lag7).toBe(100);
      expect(at(rows, 'A', 15).y_lag2).toBe(23);
    });
    it('refuses lag 1 for a direct model with h = 2, keeps lag 2', () => {
      const c = main();
      expect(c.columns.some((x) => x.name === 'y_lag1')).toBe(false);
      expect(c.issues.find((x) => x.where === 'y_lag1')).toMatchObject({ level: 'error', code: 'leaky_feature' });
      expect(c.columns.find((x) => x.name === 'y_lag2')).toMatchObject({ timing: 'past_only', lag: 2 });
    });
    it('rolling windows end at the lag and need a full window', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 5).y_mean3_lag2).toBe((11 + 12 + 13) / 3);
      expect(at(rows, 'A', 5).y_max3_lag2).toBe(13);
      expect(at(rows, 'A', 3).y_mean3_lag2).toBeNull(); // 12-19…12-21 holds only 10, 11
      expect(at(rows, 'A', 4).y_mean3_lag2).toBe(11); // 12-20…12-22 = 10, 11, 12
      expect(at(rows, 'B', 7).y_mean3_lag2).toBeNull(); // 12-23…12-25 holds one value
      expect(at(rows, 'B', 10).y_mean3_lag2).toBe(107); // 12-26…12-28 = 106, 107, 108
    });
    it('EWMA weights by date distance, skipping missing days', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 3).y_ewma0_5_lag2).toBeCloseTo((11 + 0.5 * 10) / 1.5, 12);
      const w = [0.25, 0.125, 0.0625, 0.03125]; // 12-23, 12-22, 12-21, 12-20 seen from 12-27 at lag 2
      const v = [103, 102, 101, 100];
      const expected = w.reduce((s, x, k) => s + x * v[k], 0) / w.reduce((a, b) => a + b, 0);
      expect(at(rows, 'B', 7).y_ewma0_5_lag2).toBeCloseTo(expected, 10);
    });
    it('a window longer than the series gives NULLs and a warning', async () => {
      const d = await db();
      const rows = await mainRows();
      expect(rows.every((r) => r.y_mean20_lag2 === null)).toBe(true);
      const issues = await runFeatureChecks(d, main().checks);
      expect(issues.find((x) => x.code === 'window_too_long' && x.where === 'window 20')).toMatchObject({ count: 2 });
      expect(issues.some((x) => x.code === 'window_too_long' && x.where === 'window 3')).toBe(false);
    });
    it('past-only covariates are usable only through lags ≥ h', async () => {
      const rows = await mainRows();
      const c = main();
      expect(c.columns.some((x) => x.name === 'customers_lag1')).toBe(false);
      expect(at(rows, 'A', 2).customers_lag2).toBe(50);
      expect(at(rows, 'B', 6).customers_lag2).toBeNull();
    });
    it('monthly data: lags count calendar months, same month last year is lag 12', async () => {
      const d = await db();
      // month-end dates 2023-01 … 2024-06 with 2023-05 missing; y = month number counted from 2023-01
      const values = Array.from({ length: 18 }, (_, k) => k)
        .filter((k) => k !== 4)
        .map((k) => `('M', last_day(DATE '2023-01-01' + INTERVAL ${k} MONTH), ${k + 1})`);
      const ctx: CompileContext = { columns: { unique_id: 'VARCHAR', ds: 'DATE', y: 'DOUBLE' }, freq: 'M', h: 1, strategy: 'direct' };
      const c = compileFeatures({ calendar: { yearlyOrder: 0 }, lags: { lags: [1], lastYear: true } }, ctx);
      expect(c.columns.map((x) => x.name)).toEqual(['month', 'quarter', 'year', 'y_lag1', 'y_last_year']);
      const rows = (await d.query(`WITH sales AS (SELECT unique_id, CAST(ds AS DATE) AS ds, CAST(y AS DOUBLE) AS y
        FROM (VALUES ${values.join(', ')}) v(unique_id, ds, y)) SELECT * FROM (${c.select})`)) as Row[];
      const byDs = (ds: string) => rows.find((r) => r.ds === ds)!;
      expect(byDs('2023-06-30')).toMatchObject({ y: 6, y_lag1: null, month: 6, quarter: 2 }); // May missing
      expect(byDs('2023-03-31')).toMatchObject({ y_lag1: 2 }); // February ends on the 28th: still 1 month
      expect(byDs('2024-05-31')).toMatchObject({ y: 17, y_last_year: null });
      expect(byDs('2024-06-30')).toMatchObject({ y: 18, y_last_year: 6, y_lag1: 17 });
    });
    it('SQL lags agree with the recursive runtime helper at the future row', async () => {
      const d = await db();
      const spec: FeatureSpec = { calendar: false, covariates: false, lags: { lags: [1, 2], windows: [3], stats: ['mean', 'std'], ewmaAlphas: [0.3] } };
      const c = compileFeatures(spec, fixtureContext(3, 'recursive'));
      expect(c.columns.map((x) => x.name)).toEqual(['y_lag1', 'y_lag2', 'y_mean3_lag1', 'y_std3_lag1', 'y_ewma0_3_lag1']);
      const rows = (await d.query(c.select)) as Row[];
      const future = at(rows, 'A', 15);
      const history = Float64Array.from({ length: 15 }, (_, i) => 10 + i);
      const values = recursiveLagValues(history, [], 0, c.columns);
      expect(values.y_lag1).toBe(24);
      expect(values.y_mean3_lag1).toBe(23);
      for (const col of c.columns) {
        expect(col.recursive).toBe(true);
        expect(future[col.name] as number).toBeCloseTo(values[col.name], 10);
      }
      // an earlier row, through the same recipe over the actuals only
      const col = c.columns.find((x) => x.name === 'y_ewma0_3_lag1')!;
      expect(at(rows, 'A', 6)[col.name] as number).toBeCloseTo(lagRecipeValue(col.recipe!, (i) => history[i], 6), 10);
    });
  });

  describe('feature SQL: calendar, holidays', () => {
    it('calendar parts of known dates', async () => {
      const rows = await mainRows();
      // 2024-12-25 is a Wednesday in ISO week 52; 2024-12-30 (Monday) already belongs to ISO week 1 of 2025
      expect(at(rows, 'A', 5)).toMatchObject({ day_of_week: 3, day_of_month: 25, week_of_year: 52, month: 12, quarter: 4, year: 2024, is_weekend: 0, days_to_month_end: 6, days_from_month_start: 24 });
      expect(at(rows, 'A', 1)).toMatchObject({ day_of_week: 6, is_weekend: 1 });
      expect(at(rows, 'A', 10)).toMatchObject({ week_of_year: 1, year: 2024 });
      expect(at(rows, 'A', 12)).toMatchObject({ day_of_month: 1, month: 1, quarter: 1, year: 2025, days_to_month_end: 30 });
    });
    it('Fourier terms follow sin/cos(2πk·t/period) with t = days since 1970', async () => {
      const rows = await mainRows();
      const t = isoToDay('2024-12-25');
      const r = at(rows, 'A', 5);
      expect(r.sin_year_1 as number).toBeCloseTo(Math.sin((2 * Math.PI * t) / 365.25), 9);
      expect(r.cos_year_1 as number).toBeCloseTo(Math.cos((2 * Math.PI * t) / 365.25), 9);
      // weekly terms repeat every 7 days and lie on the unit circle
      expect(at(rows, 'A', 12).sin_week_1 as number).toBeCloseTo(r.sin_week_1 as number, 9);
      expect((r.sin_week_1 as number) ** 2 + (r.cos_week_1 as number) ** 2).toBeCloseTo(1, 12);
    });
    it('date-holidays calendars: US Christmas, DE unity day, not US Christmas Eve', () => {
      const us = holidayCalendar({ country: 'US' }, { start: '2024-06-01', end: '2024-12-31' });
      expect(us.issues).toEqual([]);
      expect(us.dates.map((x) => x.date)).toContain('2024-12-25');
      expect(us.dates.map((x) => x.date)).not.toContain('2024-12-24');
      const de = holidayCalendar({ country: 'de', region: 'BY' }, { start: '2024-01-01', end: '2024-12-31' });
      expect(de.dates.map((x) => x.date)).toContain('2024-10-03');
      expect(de.dates.map((x) => x.date)).toContain('2024-01-06'); // Epiphany: Bavaria only
    });
    it('holiday features around Christmas, New Year and a user event', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 5)).toMatchObject({ holiday: 1, days_to_holiday: 0, days_after_holiday: 0 });
      expect(at(rows, 'A', 4)).toMatchObject({ holiday: 0, days_to_holiday: 1, days_after_holiday: 2, holiday_before_1: 1 });
      expect(at(rows, 'A', 2)).toMatchObject({ days_to_holiday: 3, holiday_before_3: 1, holiday_before_1: 0 });
      expect(at(rows, 'A', 1)).toMatchObject({ days_to_holiday: 4 }); // 4 days out: beyond the window (cap 4)
      expect(at(rows, 'A', 6)).toMatchObject({ holiday: 0, days_after_holiday: 1, holiday_after_1: 1 });
      expect(at(rows, 'A', 8)).toMatchObject({ holiday: 1 }); // the user event 2024-12-28
      expect(at(rows, 'A', 11)).toMatchObject({ days_to_holiday: 1, holiday_before_1: 1 });
      expect(at(rows, 'A', 12)).toMatchObject({ holiday: 1 });
      expect(main().columns.find((x) => x.name === 'holiday')).toMatchObject({ timing: 'known_future' });
    });
    it('an unknown country code is an issue, not a throw', () => {
      const bad = holidayCalendar({ country: 'XX' }, { start: '2024-01-01', end: '2024-12-31' });
      expect(bad.dates).toEqual([]);
      expect(bad.issues[0]).toMatchObject({ level: 'error', code: 'unknown_country' });
      const c = compileFeatures({ holidays: { country: 'XX' } }, fixtureContext(1, 'direct', { holidays: bad }));
      expect(c.issues.some((x) => x.code === 'unknown_country')).toBe(true);
      expect(c.columns.some((x) => x.family === 'holiday')).toBe(false);
    });
  });

  describe('feature SQL: price, promo, statics', () => {
    it('discount depth against the previous 7 days, price change, relative price', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 7)).toMatchObject({ price: 8, price_change: 1 });
      expect(at(rows, 'A', 7).discount_depth as number).toBeCloseTo(0.2, 12);
      expect(at(rows, 'A', 8).discount_depth as number).toBeCloseTo(0.2, 12);
      expect(at(rows, 'A', 8).price_change).toBe(0);
      expect(at(rows, 'A', 9)).toMatchObject({ discount_depth: 0, price_change: 1 });
      expect(at(rows, 'A', 0).price_change).toBeNull();
      expect(at(rows, 'B', 6).price_change).toBeNull(); // previous day missing
      expect(at(rows, 'A', 0).log_price as number).toBeCloseTo(Math.log(10), 12);
      // regular price = median of the previous 7 days: 10 on day 7 (deal at 8) and still 10 on day 9,
      // where the mean of the previous 7 days (five 10s, two 8s) is 66/7
      expect(at(rows, 'A', 7)).toMatchObject({ price_rel_regular: 0.8, price_rel_recent: 0.8, price_move: -1 });
      expect(at(rows, 'A', 9)).toMatchObject({ price_rel_regular: 1, price_move: 1 });
      expect(at(rows, 'A', 9).price_rel_recent as number).toBeCloseTo(70 / 66, 12);
      expect(at(rows, 'A', 8).price_move).toBe(0);
      expect(at(rows, 'A', 0).price_rel_category as number).toBeCloseTo(10 / 7.5, 12);
      expect(at(rows, 'B', 0).price_rel_category as number).toBeCloseTo(5 / 7.5, 12);
      expect(at(rows, 'A', 4).price_rel_category).toBe(1); // B has no row on 12-24
    });
    it('zero and negative prices become NULL and raise an issue', async () => {
      const rows = await mainRows();
      expect(at(rows, 'B', 11)).toMatchObject({ price: null, log_price: null, discount_depth: null, price_rel_category: null });
      expect(at(rows, 'B', 12).price).toBeNull();
      expect(at(rows, 'A', 11).price_rel_category).toBe(1);
      const issues = await runFeatureChecks(await db(), main().checks);
      expect(issues.find((x) => x.code === 'price_not_positive')).toMatchObject({ level: 'warning', count: 2 });
    });
    it('promo since/until (capped), campaign week index and post-promo flag', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 0)).toMatchObject({ promo_flag: 0, periods_since_promo: 5, periods_to_promo: 2, promo_week: 0 });
      expect(at(rows, 'A', 2)).toMatchObject({ promo: 0.2, promo_flag: 1, periods_since_promo: 0, periods_to_promo: 0, promo_week: 1, promo_type: 1 });
      expect(at(rows, 'A', 8)).toMatchObject({ promo_week: 1 }); // 7th day of the campaign
      expect(at(rows, 'A', 9)).toMatchObject({ promo_week: 2 }); // 8th day
      expect(at(rows, 'A', 11)).toMatchObject({ promo_flag: 0, periods_since_promo: 1, post_promo: 1, periods_to_promo: 5 });
      expect(at(rows, 'A', 12)).toMatchObject({ post_promo: 1, periods_since_promo: 2 });
      expect(at(rows, 'A', 13)).toMatchObject({ post_promo: 0, periods_since_promo: 3 });
      expect(at(rows, 'A', 15)).toMatchObject({ periods_since_promo: 5 });
      // B: by date, 12-23 is 3 days before the 12-26 promo although only one row apart
      expect(at(rows, 'B', 3)).toMatchObject({ periods_to_promo: 3 });
      expect(at(rows, 'B', 6)).toMatchObject({ promo_week: 1, promo_type: 0 });
      expect(at(rows, 'B', 7)).toMatchObject({ post_promo: 1, periods_since_promo: 1 });
      expect(at(rows, 'B', 9)).toMatchObject({ post_promo: 0 });
    });
    it('text promo values raise an issue and become codes (0 = no promo)', async () => {
      const c = compileFeatures({ calendar: false, promo: { column: 'promo_txt' } }, fixtureContext(1));
      expect(c.issues.find((x) => x.code === 'promo_text')).toMatchObject({ level: 'warning' });
      expect(c.columns.find((x) => x.name === 'promo')).toMatchObject({ categorical: true });
      const rows = (await (await db()).query(c.select)) as Row[];
      expect(at(rows, 'A', 0)).toMatchObject({ promo: 0, promo_flag: 0 });
      expect(at(rows, 'A', 2)).toMatchObject({ promo: 2, promo_flag: 1 }); // 'yes' sorts after 'BOGO'
      expect(at(rows, 'B', 6)).toMatchObject({ promo: 1, promo_flag: 1 });
      expect(at(rows, 'B', 0)).toMatchObject({ promo: 0 }); // '' is no promo
    });
    it('static attributes as dense codes', async () => {
      const rows = await mainRows();
      expect(at(rows, 'A', 0)).toMatchObject({ store_type_code: 1, category_code: 0 });
      expect(at(rows, 'B', 0)).toMatchObject({ store_type_code: 0, category_code: 0 });
      expect(main().columns.find((x) => x.name === 'store_type_code')).toMatchObject({ timing: 'static', categorical: true });
    });
  });

  describe('feature SQL: custom features', () => {
    it('a valid expression is accepted and computed; division by zero gives NULL', async () => {
      const d = await db();
      expect(await validateCustomFeature(d, { name: 'price_x_promo', sql: 'price * promo' })).toEqual({ ok: true });
      const rows = await mainRows();
      expect(at(rows, 'A', 2).price_x_promo as number).toBeCloseTo(2, 12);
      expect(at(rows, 'A', 2).ratio).toBeNull(); // 0.2 / 0 = inf
      expect(at(rows, 'A', 0).ratio).toBeNull(); // 0 / 0 = NaN
      expect(at(rows, 'A', 7).ratio as number).toBeCloseTo(-0.1, 12);
    });
    it('a syntax error reports DuckDB’s message with its line', async () => {
      const r = await validateCustomFeature(await db(), { name: 'bad', sql: 'price +\n  promo promo2 promo3' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.message).toMatch(/syntax error/i);
      expect(r.line).toBe(2);
      expect(r.column).toBe(16); // "  promo promo2 promo3": promo3 starts at column 16
    });
    it('a missing column is refused with DuckDB’s binder message', async () => {
      const r = await validateCustomFeature(await db(), { name: 'm', sql: 'promo + nosuch' });
      expect(r).toMatchObject({ ok: false, line: 1, column: 9 });
      if (!r.ok) expect(r.message).toContain('nosuch');
    });
    it('subqueries, other tables, statements and bad names are refused before DuckDB', async () => {
      const d = await db();
      for (const sql of ['(SELECT max(y) FROM sales)', "read_csv('x.csv')", 'price; DROP TABLE sales', 'max(category) OVER (PARTITION BY series.unique_id)']) {
        const r = await validateCustomFeature(d, { name: 'x', sql });
        expect(r.ok).toBe(false);
      }
      const s = await validateCustomFeature(d, { name: 'x', sql: '(select 1)' });
      expect(!s.ok && s.message).toMatch(/"select" is not allowed/);
      expect((await validateCustomFeature(d, { name: '1bad', sql: 'price' })).ok).toBe(false);
      expect((await validateCustomFeature(d, { name: 'x', sql: "CASE WHEN ptype = 'from' THEN 1 ELSE 0 END" })).ok).toBe(true);
      expect((await d.query('SELECT count(*) AS n FROM sales'))[0].n).toBe(29);
    });
    it('custom features reading y unlagged or lead() are refused; a lagged one is kept', () => {
      const c = main();
      for (const name of ['leak_y', 'leak_lead']) {
        expect(c.columns.some((x) => x.name === name)).toBe(false);
        expect(c.issues.find((x) => x.where === name)).toMatchObject({ level: 'error', code: 'leaky_feature' });
      }
      expect(c.columns.find((x) => x.name === 'y_row_lag7')).toMatchObject({ timing: 'past_only', lag: 7 });
      expect(c.columns.find((x) => x.name === 'price_x_promo')).toMatchObject({ timing: 'known_future' });
    });
  });

  describe('feature SQL: target transform, summary, preview, hand-off', () => {
    it('log1p + mean scaling is undone by y * y_scale then expm1', async () => {
      const c = compileFeatures({ calendar: false, target: { transform: 'log1p', scale: 'mean' } }, fixtureContext(1));
      const rows = (await (await db()).query(c.select)) as Row[];
      const meanA = Array.from({ length: 15 }, (_, i) => Math.log1p(10 + i)).reduce((a, b) => a + b, 0) / 15;
      expect(at(rows, 'A', 0).y_scale as number).toBeCloseTo(meanA, 12);
      for (const [id, i, y] of [['A', 3, 13], ['B', 14, 114]] as const) {
        const r = at(rows, id, i);
        expect(Math.expm1((r.y as number) * (r.y_scale as number))).toBeCloseTo(y, 9);
      }
    });
    it('summary gives missing share, min, max and mean per feature; preview the first rows', async () => {
      const d = await db();
      const c = main();
      await d.exec(c.sql);
      const summary = (await d.query(featureSummarySql(c.columns))) as Row[];
      expect(summary.map((r) => r.feature)).toEqual(c.columns.map((x) => x.name));
      const lag2 = summary.find((r) => r.feature === 'y_lag2')!;
      expect(lag2.missing_share as number).toBeCloseTo(6 / 29, 12); // A 12-20/21, B 12-20/21/26/27
      expect(summary.find((r) => r.feature === 'day_of_month')).toMatchObject({ missing_share: 0, min: 1, max: 31 });
      expect(summary.find((r) => r.feature === 'promo_flag')!.mean as number).toBeCloseTo(10 / 29, 12);
      const preview = (await d.query(featurePreviewSql({ limit: 3, uniqueId: 'B' }))) as Row[];
      expect(preview.map((r) => r.ds)).toEqual([iso(0), iso(1), iso(2)]);
      expect(preview[0].unique_id).toBe('B');
    });
    it('frameFromArrow turns the table into column-major Float32 arrays', async () => {
      const c = main();
      const rows = await mainRows();
      const table: Record<string, unknown[]> = {};
      for (const k of Object.keys(rows[0])) table[k] = rows.map((r) => r[k]);
      const frame = frameFromArrow(table, c.columns);
      expect(frame.names).toEqual(c.columns.map((x) => x.name));
      expect(frame.y.length).toBe(29);
      expect(Number.isNaN(frame.y[15])).toBe(true); // A's future row
      expect(frame.seriesIndex[0]).toBe(0);
      expect(frame.seriesIndex[16]).toBe(1);
      expect(frame.ds[0]).toBe(isoToDay('2024-12-20'));
      const j = frame.names.indexOf('y_lag2');
      expect(Number.isNaN(frame.columns[j][0])).toBe(true);
      expect(frame.columns[j][2]).toBe(10);
    });
  });
}
