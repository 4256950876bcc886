import { expect, test } from '@playwright/test';
import { applyMapping, freshPage, pickBacktestModels, waitForSavedProject } from './helpers';

test('reload restores the data, mapping and cleaning choices; New project clears them', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/gaps.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  await page.getByTestId('clean-missing').selectOption('interpolate');
  await applyMapping(page);
  await waitForSavedProject(page, 'gaps.csv');
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
  // Seasonal naive alone: this test is about reading Rossmann; the models have their own tests.
  await page.locator('input[data-model=mstl]').uncheck();
  await expect(page.locator('input[data-model=snaive]')).toBeChecked();
  await page.getByTestId('run-forecast').click();
  await expect(page.locator('[data-testid=forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '42', { timeout: 90_000 });
  await expect(page.getByTestId('shown-model')).toHaveValue('snaive');
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
    return names.filter((n) => !n.startsWith('slice-')).sort();
  });
  expect(stored).toEqual(['project.json']); // no data file: the sample is read from the site again
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('retail_sample.csv');
  await expect(page.getByTestId('clean-counts')).toContainText('50 series');
});

test('a rejected file over a good project: the good project stays open, works, and is back after a reload', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/gaps.csv');
  await page.getByTestId('clean-missing').selectOption('interpolate');
  await applyMapping(page);
  for (const bad of ['tests/fixtures/header_only.csv', 'tests/fixtures/awkward/json_broken.json', 'tests/fixtures/binary.csv', 'tests/fixtures/empty.csv']) {
    await page.getByTestId('file-input').setInputFiles(bad);
    await expect(page.locator('.message.error').first()).toBeVisible();
    await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
    // Apply on the still-displayed project works (its raw table was not replaced).
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
  }
  // A good file that was read but never applied does not replace the saved project either.
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('small_retail.csv');
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(page.getByTestId('clean-missing')).toHaveValue('interpolate');
  await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
  // Once applied, it is the saved project: one data file, the old one removed.
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await applyMapping(page);
  const files = await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('forecast-studio');
    const names: string[] = [];
    for await (const k of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(k);
    return names.filter((n) => !n.startsWith('slice-')).sort();
  });
  expect(files).toEqual([expect.stringMatching(/^data-\w+\.bin$/), 'project.json']);
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('small_retail.csv');
});

test('two tabs: the second opens read-only and saves nothing; after reloading both, the first tab’s work is intact', async ({ page, context }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/gaps.csv');
  await page.getByTestId('clean-missing').selectOption('interpolate');
  await applyMapping(page);
  // The record is swapped after the mapping is applied: wait until it names this file before the second tab opens.
  await waitForSavedProject(page, 'gaps.csv');
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('read-only')).toBeVisible();
  await expect(second.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  // The second tab loads and applies another file: it is open there, not saved.
  await second.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await applyMapping(second);
  await expect(second.locator('.message[data-code="read_only"]')).toBeVisible();
  // A model trained there is not kept either: "Save in browser" says why, and neither the model file nor the
  // project's model slice (the autosave after training) is written.
  await second.getByRole('button', { name: '5 · Models' }).click();
  await second.getByTestId('train-model').selectOption('linear');
  await second.getByTestId('train').click();
  await expect(second.getByTestId('train-result')).toBeVisible({ timeout: 120_000 });
  await second.getByTestId('save-model').click();
  await expect(second.locator('.message[data-code="model_save_read_only"]')).toBeVisible();
  const kept = await second.evaluate(async () => {
    const names: string[] = [];
    const list = async (d: FileSystemDirectoryHandle, at: string) => {
      for await (const [k, h] of (d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        names.push(at + k);
        if (h.kind === 'directory') await list(h as FileSystemDirectoryHandle, `${at}${k}/`);
      }
    };
    await list(await navigator.storage.getDirectory(), '');
    return names;
  });
  expect(kept).toContain('forecast-studio/project.json');
  expect(kept.filter((n) => /model/i.test(n))).toEqual([]);
  await second.getByRole('button', { name: '1 · Data' }).click();
  // New project in the second tab clears only that tab.
  second.once('dialog', (d) => d.accept());
  await second.getByRole('button', { name: 'New project' }).click();
  await expect(second.getByTestId('ingest-summary')).toHaveCount(0);
  // The first tab changes its cleaning and saves; the second is told.
  await page.getByTestId('clean-missing').selectOption('zero');
  await applyMapping(page);
  await expect(second.getByTestId('other-tab-saved')).toBeVisible();
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(page.getByTestId('clean-missing')).toHaveValue('zero');
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  await second.reload();
  await expect(second.getByTestId('read-only')).toBeVisible();
  await expect(second.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(second.getByTestId('clean-missing')).toHaveValue('zero');
  // When the owner closes, the next load of the other tab owns the project.
  await page.close();
  await second.reload();
  await expect(second.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(second.getByTestId('read-only')).toHaveCount(0);
});

test('reload after training and a backtest: the model, the backtest and the step come back', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await applyMapping(page);
  await page.getByRole('button', { name: '6 · Backtest' }).click();
  await page.getByTestId('bt-horizon').fill('7');
  await pickBacktestModels(page, ['snaive', 'mstl', 'theta']);
  await page.getByTestId('run-backtest').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toBeVisible({ timeout: 120_000 });
  const rows = await board.locator('tbody tr').allTextContents();
  await page.getByRole('button', { name: '5 · Models' }).click();
  await page.getByTestId('train-model').selectOption('linear');
  await page.getByTestId('train-horizon').fill('14');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 120_000 });
  const line = await page.locator('[data-testid=train-forecast-chart] path.forecast-line').first().getAttribute('d');
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('small_retail.csv');
  // Back on the Models step, with the trained model and its forecast.
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.message[data-code="model_restored"]')).toContainText('linear');
  expect(await page.locator('[data-testid=train-forecast-chart] path.forecast-line').first().getAttribute('d')).toBe(line);
  await page.getByRole('button', { name: '6 · Backtest' }).click();
  expect(await page.getByTestId('leaderboard').locator('tbody tr').allTextContents()).toEqual(rows);
});

test('storage full: the new file stays open in the tab, the message says so, and the project saved before is intact', async ({ page, context }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/gaps.csv');
  await page.getByTestId('clean-missing').selectOption('interpolate');
  await applyMapping(page);
  // Chromium's own quota for this origin, set just above what is used now (DevTools protocol).
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: usage + 2000 });
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('small_retail.csv');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('clean-counts')).toBeVisible();
  await expect(page.locator('.message[data-code="storage_full"]')).toContainText('The project saved before is kept unchanged');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
  await expect(page.getByTestId('clean-missing')).toHaveValue('interpolate');
  await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
});
