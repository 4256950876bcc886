import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { applyMapping, freshPage, watchNetwork } from './helpers';

const fixture = (f: string) => `tests/fixtures/${f}`;

async function load(page: import('@playwright/test').Page, file: string) {
  await page.getByTestId('file-input').setInputFiles(file);
}

test('bad files get a message naming the problem, and what was loaded stays', async ({ page }) => {
  const outside = watchNetwork(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await freshPage(page);
  await load(page, fixture('gaps.csv'));
  await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  const cases: [string, string, RegExp][] = [
    ['empty.csv', 'empty_file', /is empty/],
    ['header_only.csv', 'no_rows', /no data rows/],
    ['binary.csv', 'binary_file', /not a text table/],
    ['no_date.csv', 'no_date_column', /No column looks like a date/],
  ];
  for (const [file, code, text] of cases) {
    await load(page, fixture(file));
    const msg = page.locator(`.message[data-code="${code}"]`);
    await expect(msg, file).toBeVisible();
    await expect(msg).toContainText(text);
    await expect(msg.locator('.hint')).not.toBeEmpty();
    if (code !== 'no_date_column') await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test('messy but readable files load with notes, and their counts are shown', async ({ page }) => {
  await freshPage(page);
  const expectations: [string, string | null, string][] = [
    ['ragged.csv', 'ragged_rows', '5 rows'],
    ['quoted_newlines.csv', null, '3 rows'],
    ['semicolon_decimal_comma.csv', 'decimal_comma', '4 rows'],
    ['latin1.csv', 'not_utf8', '3 rows'],
    ['mixed_dates.csv', 'mixed_date_formats', '5 rows'],
    ['text_in_target.csv', 'target_has_text', '5 rows'],
    ['tabs.tsv', null, '3 rows'],
    ['sales.json', null, '3 rows'],
    ['sales.ndjson', null, '3 rows'],
    ['wide_1000_cols.csv', null, '1000 columns'],
  ];
  for (const [file, code, summary] of expectations) {
    await load(page, fixture(file));
    await expect(page.getByTestId('ingest-summary'), file).toContainText(file);
    await expect(page.getByTestId('ingest-summary')).toContainText(summary);
    if (code) await expect(page.locator(`.message[data-code="${code}"]`), file).toBeVisible();
  }
  // Duplicates and gaps: counts after cleaning.
  await load(page, fixture('duplicate_keys.csv'));
  await expect(page.locator('.message[data-code="duplicate_keys"]')).toBeVisible();
  await applyMapping(page);
  await expect(page.getByTestId('count-duplicates')).toHaveText('2 duplicates merged');
  await load(page, fixture('gaps.csv'));
  await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  await applyMapping(page);
  await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
  // All-zero and single-row series.
  await load(page, fixture('zero_and_single.csv'));
  await expect(page.getByTestId('ingest-summary')).toContainText('zero_and_single.csv');
  await applyMapping(page);
  await expect(page.locator('.message[data-code="all_zero_series"]')).toBeVisible();
  await expect(page.locator('.message[data-code="short_series"]')).toContainText('single');
});

test('a Parquet file loads without any extension download', async ({ page }) => {
  const outside = watchNetwork(page);
  // tests/fixtures/sales.parquet: 30 days of one series (date, store, sales = 2·i), written by native DuckDB.
  await freshPage(page);
  await load(page, fixture('sales.parquet'));
  await expect(page.getByTestId('ingest-summary')).toContainText('30 rows');
  await expect(page.getByTestId('map-target')).toHaveValue('sales');
  await applyMapping(page);
  await expect(page.getByTestId('clean-counts')).toContainText('1 series');
  expect(outside).toEqual([]);
});

test('column names holding HTML render as text', async ({ page }) => {
  await freshPage(page);
  await load(page, fixture('html_names.csv'));
  await expect(page.getByTestId('ingest-summary')).toContainText('20 rows');
  // The column name shows literally in the covariate table, and no script or image element was made from it.
  await expect(page.locator('td', { hasText: '<script>window.__pwned=1</script>' }).first()).toBeVisible();
  await expect(page.locator('td', { hasText: '<img src=x onerror=alert(1)>' }).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src=x]').count()).toBe(0);
});

test('a file over 1 GB is refused at once without reading it', async ({ page }) => {
  const big = 'test-results/huge.csv';
  writeFileSync(big, 'date,store,sales\n');
  execSync(`truncate -s 1100M ${big}`);
  await freshPage(page);
  const t0 = Date.now();
  await load(page, big);
  await expect(page.locator('.message[data-code="file_too_large"]')).toContainText('1100 MB');
  expect(Date.now() - t0).toBeLessThan(30_000);
  await expect(page.getByRole('heading', { name: 'Load sales history' })).toBeVisible();
});
