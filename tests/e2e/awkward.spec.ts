/**
 * The awkward-file corpus (tests/fixtures/awkward, issue 14) through the studio itself: each file gets
 * the mapping it should, or the message it should; a few are cleaned to check the counts shown. Plus
 * the Data and Explore observations: exact distinct counts, every profile row visible, the chart legend.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { applyMapping, freshPage, watchNetwork } from './helpers';

const fixture = (f: string) => `tests/fixtures/awkward/${f}`;

async function load(page: Page, file: string) {
  await page.getByTestId('file-input').setInputFiles(fixture(file));
}

/** file, date, target, id columns, frequency, a message code that must show, and the series count after cleaning. */
const mapped: [string, string, string, string[], string, string | null, number][] = [
  ['thousands.csv', 'date', 'sales', ['store'], 'D', 'thousands_separator', 2],
  ['european_grouped.csv', 'datum', 'umsatz', ['filiale'], 'D', 'decimal_comma', 2],
  ['currency_dollar.csv', 'date', 'revenue', ['store'], 'D', 'currency', 2],
  ['currency_euro.csv', 'datum', 'umsatz', ['filiale'], 'D', 'currency', 2],
  ['nan_inf.csv', 'date', 'sales', ['store'], 'D', null, 2],
  ['all_zero.csv', 'date', 'sales', ['store'], 'D', 'target_all_zero', 2],
  ['monthly_yyyy_mm.csv', 'month', 'sales', ['store'], 'M', null, 2],
  ['iso_weeks.csv', 'week', 'sales', ['store'], 'W', null, 2],
  ['excel_serial.csv', 'date', 'sales', ['store'], 'D', 'numeric_dates', 2],
  ['epoch_seconds.csv', 'timestamp', 'sales', ['store'], 'D', 'numeric_dates', 2],
  ['epoch_millis.csv', 'ts', 'sales', ['store'], 'D', 'numeric_dates', 2],
  ['timezone_offset.csv', 'date', 'sales', ['store'], 'D', null, 2],
  ['timezone_z.csv', 'date', 'sales', ['store'], 'D', null, 2],
  ['utf16le_bom.csv', 'date', 'sales', ['store'], 'D', 'utf16', 2],
  ['utf16le_nobom.csv', 'date', 'sales', ['store'], 'D', 'utf16', 2],
  ['utf16be_bom.csv', 'date', 'sales', ['store'], 'D', 'utf16', 2],
  ['gzipped.csv.gz', 'date', 'sales', ['store'], 'D', 'gzip', 2],
  ['zipped.zip', 'date', 'sales', ['store'], 'D', 'zip_entry', 2],
  ['workbook.xlsx', 'date', 'sales', ['store'], 'D', 'xlsx_first_sheet', 2],
  ['numeric_ids_10000.csv', 'date', 'sales', ['series'], 'D', null, 10000],
  ['json_object_rows.json', 'date', 'sales', [], 'D', null, 1],
  ['json_object_columns.json', 'date', 'sales', [], 'D', null, 1],
];

test('awkward files load with the right mapping and clean without an internal error', async ({ page }) => {
  test.setTimeout(600_000);
  const outside = watchNetwork(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await freshPage(page);
  for (const [file, date, target, ids, freq, code, series] of mapped) {
    await load(page, file);
    await expect(page.getByTestId('ingest-summary'), file).toContainText(file);
    await expect(page.getByTestId('map-date'), file).toHaveValue(date);
    await expect(page.getByTestId('map-target'), file).toHaveValue(target);
    await expect(page.getByTestId('map-freq'), file).toHaveValue(freq);
    for (const id of ids) await expect(page.getByTestId(`id-${id}`), file).toBeChecked();
    if (code) await expect(page.locator(`.message[data-code="${code}"]`).first(), file).toBeVisible();
    await expect(page.locator('.message.error'), file).toHaveCount(0);
    await applyMapping(page);
    await expect(page.getByTestId('clean-counts'), file).toContainText(`${series.toLocaleString('en')} series`);
    if (file === 'nan_inf.csv') await expect(page.locator('.message[data-code="non_finite_target"]')).toContainText('6 values');
    await expect(page.locator('.message.error'), file).toHaveCount(0);
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test('awkward files that cannot be used say why and what to do', async ({ page }) => {
  await freshPage(page);
  const refused: [string, string, RegExp][] = [
    ['legacy.xls', 'xls_legacy', /Excel 97/],
    ['json_object_other.json', 'bad_json_shape', /valid JSON but an object with the keys/],
    ['ndjson_broken_line.ndjson', 'bad_json', /Line 6 of/],
    ['json_broken.json', 'bad_json', /line 3/],
  ];
  for (const [file, code, text] of refused) {
    await load(page, file);
    const msg = page.locator(`.message[data-code="${code}"]`);
    await expect(msg, file).toBeVisible();
    await expect(msg, file).toContainText(text);
    await expect(msg.locator('.hint'), file).not.toBeEmpty();
  }
  await expect(page.locator('.message[data-code="xls_legacy"]')).toHaveCount(0);
  // A placeholder date span is refused on Apply, at once, instead of filling 3.65 million days.
  await load(page, 'absurd_span.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('absurd_span.csv');
  const t0 = Date.now();
  await page.getByTestId('apply').click();
  await expect(page.locator('.message[data-code="date_span_too_long"]')).toContainText('9999-12-31', { timeout: 10_000 });
  expect(Date.now() - t0).toBeLessThan(5_000);
  await expect(page.getByTestId('apply')).toBeEnabled();
});

test('the profile counts exactly and shows every row; the Explore chart has a legend and no promotion peak flagged', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  const rows = page.getByTestId('profile-row');
  await expect(rows).toHaveCount(9);
  const distinct = async (name: string) => (await rows.filter({ has: page.locator(`td:first-child:text-is("${name}")`) }).getByTestId('profile-distinct').textContent())?.trim();
  expect(await distinct('store')).toBe('5');
  expect(await distinct('item')).toBe('10');
  expect(await distinct('date')).toBe('1,095');
  // The ninth row is inside the box's visible area (no hidden scroll region).
  const box = await page.getByTestId('profile-box').boundingBox();
  const last = await rows.nth(8).boundingBox();
  expect(last!.y + last!.height).toBeLessThanOrEqual(box!.y + box!.height + 1);
  await applyMapping(page);
  await page.getByTestId('to-explore').click();
  await page.getByTestId('series-search').fill('store_1/item_01');
  await page.getByTestId('series-item').first().click();
  await expect(page.getByTestId('explore-legend')).toBeVisible();
  await expect(page.getByTestId('legend-promo')).toContainText('promotion');
  // Flagged points (red circles) never sit on a promotion day: counted in the studio's own tables.
  const counts = await page.evaluate(async () => {
    const studio = (globalThis as unknown as { __studio: { sql(sql: string): Promise<Record<string, unknown>[]> } }).__studio;
    return studio.sql(
      'SELECT count(*) FILTER (WHERE s.promo <> 0)::DOUBLE AS in_promo, (SELECT count(*) FROM sales WHERE promo <> 0)::DOUBLE AS promo_days FROM outliers o JOIN sales s USING (unique_id, ds)',
    );
  });
  expect(Number(counts[0].promo_days)).toBeGreaterThan(1000);
  expect(Number(counts[0].in_promo)).toBeLessThanOrEqual(2);
});

test('a 3 MB cell is read, and the note names the line it starts on', async ({ page }) => {
  // Written here rather than committed: 3 MB of "x". Line 2–3 hold a quoted newline, so the cell's record starts on line 5.
  mkdirSync('test-results', { recursive: true });
  const file = 'test-results/huge_cell.csv';
  writeFileSync(file, 'date,note,sales\n2024-01-01,"two\nlines",1\n2024-01-02,b,2\n2024-01-03,"' + 'x'.repeat(3_000_000) + '",3\n2024-01-04,c,4\n');
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('ingest-summary')).toContainText('4 rows');
  await expect(page.locator('.message[data-code="long_line"]')).toContainText('Line 5 of "huge_cell.csv"');
  await expect(page.locator('.message.error')).toHaveCount(0);
});
