import { expect, test, type Page } from '@playwright/test';
import { applyMapping, freshPage, watchNetwork } from './helpers';
import { featureSuite, type SuiteApi, type SuiteDb } from '../shared/featureSuite';

test('features: build, SQL, custom features, bad input, preview and summary, Arrow hand-off', async ({ page }) => {
  const outside = watchNetwork(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  await applyMapping(page);
  await page.getByRole('button', { name: '3 · Features' }).click();
  await page.getByTestId('feature-h').fill('14');
  await page.getByTestId('build-features').click();
  const sql = page.getByTestId('feature-sql');
  await expect(sql).toContainText('PARTITION BY unique_id');
  await expect(sql).toContainText('CREATE OR REPLACE TABLE features AS');
  await expect(page.getByTestId('feature-counts')).toContainText('700 future');
  const cols = page.getByTestId('feature-columns');
  await expect(cols.locator('tr[data-timing=known_future]').first()).toBeAttached();
  await expect(cols.locator('tr[data-timing=past_only]').first()).toBeAttached();
  await expect(cols.locator('tr[data-timing=static]').first()).toBeAttached();
  // direct, h = 14: every past_only lag is ≥ 14
  const lags = (await cols.locator('tr[data-timing=past_only] td.num').allTextContents()).map(Number);
  expect(lags.length).toBeGreaterThan(0);
  for (const l of lags) expect(l).toBeGreaterThanOrEqual(14);
  await expect(page.getByTestId('feature-preview').locator('tbody tr').first()).toBeVisible();
  expect(await page.getByTestId('feature-preview').locator('tbody tr').count()).toBeGreaterThan(5);
  await expect(page.getByTestId('feature-summary').locator('tbody tr').first()).toBeVisible();

  // A valid custom feature is accepted and becomes a column.
  await page.getByTestId('custom-name').fill('price_ratio');
  await page.getByTestId('custom-sql').fill('price / nullif(lag(price, 7) over (partition by unique_id order by ds), 0)');
  await page.getByTestId('custom-add').click();
  await expect(cols.locator('tr[data-name=price_ratio]')).toHaveAttribute('data-timing', 'known_future');
  await expect(sql).toContainText('lag(price, 7)');
  await expect(page.getByTestId('custom-error')).toHaveCount(0);
  await expect(page.getByTestId('feature-summary').locator('tr', { hasText: 'price_ratio' })).toBeVisible();

  // A syntax error names its line; a subquery is refused; neither touches the built table.
  await page.getByTestId('custom-name').fill('bad');
  await page.getByTestId('custom-sql').fill('price +\n  promo promo2 promo3');
  await page.getByTestId('custom-add').click();
  await expect(page.getByTestId('custom-error')).toContainText('line 2');
  await expect(page.getByTestId('custom-error')).toContainText(/syntax error/i);
  await page.getByTestId('custom-name').fill('sub');
  await page.getByTestId('custom-sql').fill('(select max(y) from sales)');
  await page.getByTestId('custom-add').click();
  await expect(page.getByTestId('custom-error')).toContainText('is not allowed');
  await expect(cols.locator('tr[data-name=sub]')).toHaveCount(0);
  await expect(cols.locator('tr[data-name=price_ratio]')).toBeAttached();

  // An unknown holiday country: a message at the holiday settings; everything else is still built.
  await page.getByTestId('fam-holidays').check();
  await page.getByTestId('holiday-country').fill('XX');
  await page.getByTestId('holiday-events').fill('2025-12-31 stocktake');
  await page.getByTestId('build-features').click();
  const msg = page.getByTestId('holidays').locator('.message[data-code=unknown_country]');
  await expect(msg).toBeVisible();
  await expect(msg).toContainText('XX');
  await expect(cols.locator('tr[data-name=holiday]')).toHaveAttribute('data-timing', 'known_future');
  await expect(cols.locator('tr[data-name=price_ratio]')).toBeAttached();
  // A real country with a region works.
  await page.getByTestId('holiday-country').fill('DE');
  await page.getByTestId('holiday-region').fill('BY');
  await page.getByTestId('build-features').click();
  await expect(msg).toHaveCount(0);
  await expect(cols.locator('tr[data-name=holiday]')).toBeAttached();

  // Hand-off: Arrow IPC bytes with the column metadata (what the training worker receives).
  const handOff = await page.evaluate(async () => {
    const studio = (globalThis as unknown as { __studio: { db(): { featureIpc(): Promise<{ ipc: Uint8Array; columns: { name: string }[]; ids: string[] }>; }; sql(sql: string): Promise<Record<string, unknown>[]> } }).__studio;
    const r = await studio.db().featureIpc();
    const n = await studio.sql('SELECT count(*) AS n FROM features');
    const head = new TextDecoder().decode(r.ipc.subarray(0, 64));
    return { bytes: r.ipc.byteLength, isU8: r.ipc instanceof Uint8Array, columns: r.columns.map((c) => c.name), ids: r.ids.length, rows: n[0].n, head };
  });
  expect(handOff.isU8).toBe(true);
  expect(handOff.bytes).toBeGreaterThan(100_000);
  expect(handOff.ids).toBe(50);
  expect(handOff.rows).toBe(50 * (1095 + 14));
  expect(handOff.columns).toContain('price_ratio');
  expect(pageErrors).toEqual([]);
  expect(outside).toEqual([]);
});

// The shared feature-SQL suite (tests/shared/featureSuite.ts), run through the browser worker's DuckDB:
// SQL is compiled here in Node and executed by DuckDB-WASM inside the db worker via the engine port `__studio.sql`.
test.describe('feature SQL suite through the browser worker', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  let suiteDb: SuiteDb;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await page.goto('/');
    const call = (sql: string, mode: 'query' | 'exec') =>
      page.evaluate(
        ([s, m]) => (globalThis as unknown as { __studio: { sql(sql: string, mode: string): Promise<Record<string, unknown>[]> } }).__studio.sql(s, m),
        [sql, mode] as const,
      );
    suiteDb = {
      query: (sql) => call(sql, 'query'),
      exec: async (sql) => {
        await call(sql, 'exec');
      },
    };
  });
  test.afterAll(async () => {
    await page?.close();
  });
  const api: SuiteApi = {
    describe: (name, fn) => test.describe(name, fn),
    it: (name, fn) => test(name, async () => {
      await fn();
    }),
    expect: expect as unknown as SuiteApi['expect'],
  };
  featureSuite(async () => suiteDb, api);
});
