import { expect, test } from '@playwright/test';
import { applyMapping, freshPage, watchNetwork } from './helpers';

test('sample → map → clean → chart → forecast band, with no request outside the origin', async ({ page }) => {
  const outside = watchNetwork(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  // The guessed mapping: date, target, two id columns.
  await expect(page.getByTestId('map-date')).toHaveValue('date');
  await expect(page.getByTestId('map-target')).toHaveValue('sales');
  await expect(page.getByTestId('id-store')).toBeChecked();
  await expect(page.getByTestId('id-item')).toBeChecked();
  await expect(page.getByTestId('map-freq')).toHaveValue('D');
  await applyMapping(page);
  await expect(page.getByTestId('clean-counts')).toContainText('50 series');
  await page.getByTestId('to-explore').click();
  // Explore: the total chart, then one series, then a hierarchy level.
  const chart = page.getByTestId('explore-chart').locator('svg').first();
  await expect(chart).toHaveAttribute('data-points', '1095');
  await expect(page.locator('[data-testid=explore-chart] .promo-band').first()).toBeAttached();
  await page.getByTestId('series-search').fill('store_2/item_03');
  await expect(page.getByTestId('series-item')).toHaveCount(1);
  await page.getByTestId('series-item').click();
  await expect(page.locator('[data-testid=explore-chart] svg').first()).toHaveAttribute('aria-label', /store_2\/item_03/);
  await page.getByTestId('level-column').selectOption('store');
  await page.getByTestId('level-value').selectOption('store_1');
  await expect(page.locator('[data-testid=explore-chart] svg').first()).toHaveAttribute('aria-label', /store = store_1/);
  // Forecast the store_1 aggregate with seasonal naive and MSTL.
  await page.getByTestId('to-forecast').click();
  await page.getByTestId('horizon').fill('28');
  await page.getByTestId('run-forecast').click();
  const fchart = page.locator('[data-testid=forecast-chart] svg').first();
  await expect(fchart).toHaveAttribute('data-forecast-points', '28', { timeout: 90_000 });
  // Bands from the default quantiles: 90 % (q0.05–q0.95), 80 % (q0.1–q0.9), 50 % (q0.25–q0.75).
  await expect(page.locator('[data-testid=forecast-chart] .band-90')).toBeAttached();
  await expect(page.locator('[data-testid=forecast-chart] .band-80')).toBeAttached();
  const rows = page.getByTestId('forecast-table').locator('tbody tr');
  await expect(rows).toHaveCount(28);
  // The sample spans 1,095 days from 2023-01-01, so history ends 2025-12-30 and the forecast starts the day after.
  await expect(fchart).toHaveAttribute('data-origin', '2025-12-30');
  await expect(rows.first().locator('td').first()).toHaveText('2025-12-31');
  const cells = await rows.first().locator('td').allTextContents();
  const [mean, lo90, lo80, , median, , hi80, hi90] = cells.slice(1).map(Number);
  expect(lo90).toBeLessThanOrEqual(lo80);
  expect(lo80).toBeLessThanOrEqual(median);
  expect(lo80).toBeLessThanOrEqual(mean);
  expect(mean).toBeLessThanOrEqual(hi80);
  expect(hi80).toBeLessThanOrEqual(hi90);
  expect(mean).toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
  expect(outside).toEqual([]);
});

test('too little history for a model: it says so and what to do', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/zero_and_single.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('zero_and_single.csv');
  await applyMapping(page);
  await page.getByTestId('to-explore').click();
  await page.getByTestId('series-search').fill('single');
  await page.getByTestId('series-item').first().click();
  await expect(page.locator('[data-testid=explore-chart] svg').first()).toHaveAttribute('data-points', '1');
  await page.getByTestId('to-forecast').click();
  await page.getByTestId('horizon').fill('7');
  await page.getByTestId('run-forecast').click();
  const err = page.getByTestId('forecast-error').filter({ hasText: 'mstl' });
  await expect(err).toContainText('this series has 1');
  // No model fits one point, so the advice is to load more history.
  await expect(err).toContainText('Load more history');
});
