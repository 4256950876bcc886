/**
 * The spec built in Features drives the Models step: a custom feature that exists only in the user's spec
 * reaches training (it has a permutation-importance row), travels in the saved model file, and survives
 * switching steps and a reload.
 */
import { expect, test } from '@playwright/test';
import { applyMapping, freshPage } from './helpers';

test('a custom feature built in Features reaches training, the saved model and the reloaded project', async ({ page }) => {
  test.setTimeout(240_000);
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '3 · Features' }).click();
  await page.getByTestId('feature-h').fill('7');
  await page.getByTestId('custom-name').fill('promo_x_price');
  await page.getByTestId('custom-sql').fill('promo * price');
  await page.getByTestId('custom-add').click();
  await expect(page.getByTestId('feature-columns').locator('tr[data-name=promo_x_price]')).toBeAttached();

  // One horizon for the project: the Models step shows the 7 set in Features.
  await page.getByRole('button', { name: '5 · Models' }).click();
  await expect(page.getByTestId('train-horizon')).toHaveValue('7');
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train').click();
  const result = page.getByTestId('train-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  const features = (await result.getAttribute('data-features'))!.split(',');
  expect(features).toContain('promo_x_price');
  expect(features.length).toBeGreaterThan(5);

  // The trained model and its result survive switching steps.
  await page.getByRole('button', { name: '2 · Explore' }).click();
  await page.getByRole('button', { name: '5 · Models' }).click();
  await expect(result).toBeVisible();
  expect((await result.getAttribute('data-features'))!.split(',')).toContain('promo_x_price');

  // The spec travels with the saved model: after a reload (no features built yet) it loads and forecasts.
  await page.getByTestId('save-model').click();
  await expect(page.locator('.message[data-code="model_saved"]')).toBeVisible();
  await page.reload();
  // A reload returns to the step the user was on (the project's view is kept with it).
  await expect(page.locator('.message[data-code="restored"]')).toContainText('small_retail.csv');
  await page.getByRole('button', { name: '5 · Models' }).click();
  await page.getByTestId('load-model').click();
  await expect(page.locator('.message[data-code="model_loaded"]')).toContainText('gbdt');
  await expect(page.locator('[data-testid=train-forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '7');
  // …and with the project: the Backtest step's features are the saved spec (the custom column is built).
  await page.getByRole('button', { name: '3 · Features' }).click();
  await expect(page.getByTestId('custom-list')).toContainText('promo_x_price');

  // A new project trains with its own (default) spec, not with the build of the project before it.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'New project' }).click();
  await expect(page.getByTestId('ingest-summary')).toHaveCount(0);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '5 · Models' }).click();
  await expect(result).toHaveCount(0);
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train').click();
  await expect(result).toBeVisible({ timeout: 120_000 });
  const fresh = (await result.getAttribute('data-features'))!.split(',');
  expect(fresh.length).toBeGreaterThan(5);
  expect(fresh).not.toContain('promo_x_price');
});
