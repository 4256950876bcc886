import { expect, test } from '@playwright/test';
import { applyMapping, freshPage } from './helpers';

test('reload restores the data, mapping and cleaning choices; New project clears them', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/gaps.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  await page.getByTestId('clean-missing').selectOption('interpolate');
  await applyMapping(page);
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  await expect(page.getByTestId('clean-missing')).toHaveValue('interpolate');
  await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'New project' }).click();
  await expect(page.getByTestId('ingest-summary')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Load sales history' })).toBeVisible();
  await expect(page.getByTestId('ingest-summary')).toHaveCount(0);
});

test('Rossmann 50 stores: id store, date, target sales, promo shaded, forecast drawn', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('../shared/data/rossmann/sales_50stores.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('45,812 rows');
  await expect(page.getByTestId('map-date')).toHaveValue('date');
  await expect(page.getByTestId('map-target')).toHaveValue('sales');
  await expect(page.getByTestId('id-store')).toBeChecked();
  await expect(page.getByTestId('cov-promo')).toBeChecked();
  await applyMapping(page);
  await expect(page.getByTestId('clean-counts')).toContainText('50 series');
  await page.getByTestId('to-explore').click();
  await page.getByTestId('series-search').fill('7');
  await page.getByTestId('series-item').first().click();
  await expect(page.locator('[data-testid=explore-chart] .promo-band').first()).toBeAttached();
  await page.getByTestId('to-forecast').click();
  await page.getByTestId('horizon').fill('42');
  await page.getByTestId('run-forecast').click();
  await expect(page.locator('[data-testid=forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '42', { timeout: 90_000 });
  await expect(page.getByTestId('forecast-table').locator('tbody tr')).toHaveCount(42);
});

test('the sample is restored after a reload from the site itself (its bytes are not copied into storage)', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  await applyMapping(page);
  const stored = await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('forecast-studio');
    const names: string[] = [];
    for await (const k of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(k);
    return names.sort();
  });
  expect(stored).toEqual(['project.json']);
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('retail_sample.csv');
  await expect(page.getByTestId('clean-counts')).toContainText('50 series');
});
