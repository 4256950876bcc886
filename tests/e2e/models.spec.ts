import { expect, test, type Page } from '@playwright/test';
import { applyMapping, freshPage, watchNetwork } from './helpers';

async function openModels(page: Page, file?: string) {
  await freshPage(page);
  if (file) await page.getByTestId('file-input').setInputFiles(file);
  else await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '5 · Models' }).click();
}

test('global MLP on the sample with the WASM backend: loss curve and forecast', async ({ page }) => {
  const outside = watchNetwork(page);
  await openModels(page);
  await page.getByTestId('backend-choice').selectOption('wasm');
  await expect(page.getByTestId('backend-active')).toContainText('wasm');
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train').click();
  const loss = page.locator('[data-testid=loss-chart] svg').first();
  await expect(loss).toHaveAttribute('data-epochs', /^[1-9]/, { timeout: 150_000 });
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('train-result')).toContainText('on wasm');
  const chart = page.locator('[data-testid=train-forecast-chart] svg').first();
  await expect(chart).toHaveAttribute('data-forecast-points', '28');
  await expect(page.locator('[data-testid=train-forecast-chart] .band-80')).toBeAttached();
  // Explanations: one bar per top feature, largest first.
  const imp = page.locator('[data-testid=importance-chart] svg').first();
  await expect(imp).toBeAttached();
  expect(Number(await imp.getAttribute('data-bars'))).toBeGreaterThanOrEqual(5);
  const vals = (await page.locator('[data-testid=importance-chart] rect.bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value')))));
  expect(vals[0]).toBeGreaterThan(0);
  expect(vals[0]).toBeGreaterThanOrEqual(vals[vals.length - 1]);
  // Decomposition: a baseline and the price and promo groups the sample has.
  const dec = page.getByTestId('decomposition');
  await expect(dec.locator('tr[data-part="baseline"]')).toBeVisible();
  await expect(dec.locator('tr[data-part="promo"]')).toBeVisible();
  await expect(dec.locator('tr[data-part="price"]')).toBeVisible();
  expect(Number(await dec.locator('tr[data-part="baseline"] td').nth(1).textContent())).toBeGreaterThan(0);
  const last = Number(await loss.getAttribute('data-last-train'));
  expect(Number.isFinite(last)).toBe(true);
  expect(last).toBeGreaterThan(0);
  // Tensors do not pile up: a second run leaves the same number alive.
  const held1 = Number((await page.getByTestId('train-result').textContent())!.match(/(\d+) tensors held/)![1]);
  // The second run only has to end (the same network, so the same tensors): one epoch is enough.
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train')).toBeDisabled();
  await expect(page.getByTestId('train')).toBeEnabled({ timeout: 150_000 });
  const held2 = Number((await page.getByTestId('train-result').textContent())!.match(/(\d+) tensors held/)![1]);
  expect(held2).toBe(held1);
  expect(outside).toEqual([]);
});

test('WebGPU path on the software adapter: a small MLP run', async ({ page }) => {
  await openModels(page, 'tests/fixtures/small_retail.csv');
  await page.getByTestId('backend-choice').selectOption('webgpu');
  await expect(page.getByTestId('backend-active')).toContainText('webgpu');
  await expect(page.getByTestId('backend-active')).toContainText('fallback');
  await page.getByTestId('train-horizon').fill('7');
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 170_000 });
  await expect(page.getByTestId('train-result')).toContainText('on webgpu');
  await expect(page.locator('[data-testid=train-forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '7');
});

test('Cancel stops training within seconds and the page stays usable', async ({ page }) => {
  await openModels(page);
  await page.getByTestId('backend-choice').selectOption('wasm');
  await expect(page.getByTestId('backend-active')).toContainText('wasm');
  await page.getByTestId('train-epochs').fill('300');
  await page.getByTestId('train').click();
  await expect(page.locator('.progress')).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  const t0 = Date.now();
  await page.locator('.progress').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('train')).toBeEnabled({ timeout: 15_000 });
  expect(Date.now() - t0).toBeLessThan(15_000);
  // Either the calibration fit was stopped (nothing new kept) or the final fit stopped early with its last good model.
  const cancelled = page.locator('.message[data-code="cancelled"]');
  const result = page.getByTestId('train-result');
  await expect(cancelled.or(result)).toBeVisible();
  // The page still answers.
  await page.getByRole('button', { name: '2 · Explore' }).click();
  await expect(page.getByTestId('series-search')).toBeVisible();
});

test('a trained model is saved in the browser and as a file, and loads back after a reload', async ({ page }) => {
  await openModels(page, 'tests/fixtures/small_retail.csv');
  // The recursive GBDT: it trains and loads back only on the frame of its own strategy (lags from 1).
  await page.getByTestId('train-model').selectOption('gbdt_recursive');
  await page.getByTestId('train-horizon').fill('7');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 120_000 });
  const firstRow = async () => (await page.locator('[data-testid=train-forecast-chart] svg').first().getAttribute('data-forecast-points'));
  expect(await firstRow()).toBe('7');
  await page.getByTestId('save-model').click();
  await expect(page.locator('.message[data-code="model_saved"]')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-model').click()]);
  const path = 'test-results/model.json';
  await download.saveAs(path);
  // Reload: the project comes back; load the kept model and forecast with it.
  await page.reload();
  // A reload returns to the step the user was on (the project's view is kept with it).
  await expect(page.locator('.message[data-code="restored"]')).toContainText('small_retail.csv');
  await page.getByRole('button', { name: '5 · Models' }).click();
  await page.getByTestId('load-model').click();
  await expect(page.locator('.message[data-code="model_loaded"]')).toContainText('gbdt_recursive');
  await expect(page.locator('[data-testid=train-forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '7');
  // The downloaded file loads too; a file that is not a model is refused with a message.
  await page.getByTestId('upload-model').setInputFiles(path);
  await expect(page.locator('.message[data-code="model_loaded"]')).toBeVisible();
  await page.getByTestId('upload-model').setInputFiles('tests/fixtures/sales.json');
  await expect(page.locator('.message[data-code="model_load_failed"]')).toContainText('not a Forecast Studio model');
});

test('hyper-parameter search: successive halving lists its trials and picks a winner', async ({ page }) => {
  await openModels(page, 'tests/fixtures/small_retail.csv');
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train-horizon').fill('7');
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await page.getByTestId('tune').click();
  const rows = page.getByTestId('trials').locator('tbody tr');
  // 8 configurations → 8 + 4 + 2 + 1 trials.
  await expect(rows).toHaveCount(15, { timeout: 150_000 });
  await expect(page.getByTestId('tuned')).toContainText('learningRate');
  const last = await rows.last().locator('td').allTextContents();
  expect(last[0]).toBe('4');
  expect(parseFloat(last[3])).toBeGreaterThan(0);
});

test('a horizon longer than the history gets a message, not a dead spinner', async ({ page }) => {
  await openModels(page, 'tests/fixtures/small_retail.csv');
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train-horizon').fill('300');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train')).toBeEnabled({ timeout: 120_000 });
  const msg = page.locator('.message.error, .message.warning').first();
  await expect(msg).toBeVisible();
  await expect(msg).toContainText(/300|horizon|history|longer|rows/i);
  await expect(page.getByTestId('train-result')).toHaveCount(0);
});

test('the sequence networks train in the studio with the form options (no "[1,NaN]" shape error)', async ({ page }) => {
  await openModels(page);
  await page.getByTestId('backend-choice').selectOption('wasm');
  await page.getByTestId('train-model').selectOption('tide');
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('train-result')).toContainText('on wasm');
  await expect(page.getByText('Tensor must have a shape')).toHaveCount(0);
  const chart = page.locator('[data-testid=train-forecast-chart] svg').first();
  await expect(chart).toHaveAttribute('data-forecast-points', '28');
});
