/**
 * Global models in the Forecast step (issue 8, items 3 and 5): the GBDT is backtested with its features
 * rebuilt at each cutoff, its quantiles calibrated on the backtest's residuals and written to the
 * `forecasts` table — the very numbers `npm run forecast --model gbdt` writes for the same file, which this
 * test computes in Node. And issue 13: after the training worker is replaced, the last trained model comes
 * back from the project's autosave, so the fresh worker forecasts and saves it without a new training.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { applyMapping, freshPage } from './helpers';

const FIXTURE = resolve('tests/fixtures/small_retail.csv');
const Q = '0.05,0.1,0.25,0.5,0.75,0.9,0.95';
const H = 14;
const SERIES = 'item_02';

type Studio = { __studio: { killWorker(name: string): void; workerStarts(name: string): number } };

async function openFixture(page: Page) {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
}

test('Forecast step with the GBDT: calibrated quantiles, ordered, the same as npm run forecast computes', async ({ page }) => {
  test.setTimeout(300_000);
  // The CLI on the mapping the studio guesses for this file (as tests/e2e/pipelineParity.spec.ts).
  const out = join(mkdtempSync(join(tmpdir(), 'fs-fcglobal-')), 'forecasts.csv');
  execFileSync('node', ['node_modules/tsx/dist/cli.mjs', 'src/cli/forecast.ts', '--data', FIXTURE, '--id', 'item', '--date', 'date', '--target', 'sales', '--freq', 'D',
    '--h', String(H), '--windows', '3', '--known-future', 'price,promo,promo_type,is_holiday', '--static', 'store,category', '--model', 'gbdt', '--quantiles', Q, '--out', out],
  { stdio: ['ignore', 'ignore', 'pipe'], timeout: 240_000 });
  const [head, ...cliRows] = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
  expect(head).toEqual(['unique_id', 'ds', 'model', 'mean', ...Q.split(',').map((q) => `q_${q}`)]);
  const cli = cliRows.filter((r) => r[0] === SERIES);
  expect(cli).toHaveLength(H);

  await openFixture(page);
  await page.getByTestId('to-explore').click();
  await page.getByTestId('series-item').filter({ hasText: SERIES }).click();
  await page.getByTestId('to-forecast').click();
  await page.getByTestId('horizon').fill(String(H));
  await page.getByTestId('quantiles').fill(Q);
  // The global models are offered beside the per-series ones; only the GBDT runs here.
  await expect(page.getByTestId('global-models').locator('input[data-model=gbdt]')).toBeVisible();
  await expect(page.getByTestId('global-models').locator('input[data-model=auto]')).toBeVisible();
  for (const box of await page.locator('input[type=checkbox][data-model]').all()) await box.setChecked((await box.getAttribute('data-model')) === 'gbdt');
  const t0 = Date.now();
  await page.getByTestId('run-forecast').click();
  await expect(page.locator('[data-testid=forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', String(H), { timeout: 120_000 });
  expect(Date.now() - t0).toBeLessThan(90_000);
  await expect(page.getByTestId('forecast-error')).toHaveCount(0);
  await expect(page.getByTestId('shown-model')).toHaveValue('gbdt');
  await expect(page.getByTestId('band-legend')).toContainText('80 % band (q0.1–q0.9)');
  await expect(page.getByTestId('backtest-coverage')).toContainText('80 % band');

  // The table: date, mean, one column per quantile; quantiles never cross; each value the CLI's (shown to 0.1).
  const table = page.getByTestId('forecast-table');
  await expect(table.locator('thead th')).toHaveText(['date', 'mean', ...Q.split(',').map((q) => `q${q}`)]);
  const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())));
  expect(shown).toHaveLength(H);
  shown.forEach((r, j) => {
    expect(r[0]).toBe(cli[j][1]);
    const v = r.slice(1).map(Number);
    for (let k = 2; k < v.length; k++) expect(v[k]).toBeGreaterThanOrEqual(v[k - 1]);
    v.forEach((x, k) => expect(Math.abs(x - Number(cli[j][3 + k]))).toBeLessThanOrEqual(0.051));
  });
  // The 80 % band is a real band (calibrated residuals), and at least one edge differs from the mean.
  const width = shown.reduce((s, r) => s + Number(r[7]) - Number(r[3]), 0);
  expect(width).toBeGreaterThan(0);

  // The CSV export holds every series, the same numbers to full precision.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-forecasts-csv').click();
  const file = await (await download).path();
  const [xhead, ...xrows] = readFileSync(file!, 'utf8').trim().split('\n').map((l) => l.split(','));
  expect(xhead).toEqual(head);
  expect(xrows).toHaveLength(cliRows.length);
  const byKey = new Map(cliRows.map((r) => [`${r[0]}|${r[1]}`, r]));
  for (const r of xrows) {
    const c = byKey.get(`${r[0]}|${r[1]}`)!;
    expect(r[2]).toBe('gbdt');
    for (let k = 3; k < r.length; k++) expect(Number(r[k])).toBeCloseTo(Number(c[k]), 4);
    for (let k = 5; k < r.length; k++) expect(Number(r[k])).toBeGreaterThanOrEqual(Number(r[k - 1]));
  }
});

test('a replaced training worker gets the last trained model back from the autosave; the next forecast needs no training', async ({ page }) => {
  test.setTimeout(180_000);
  await openFixture(page);
  await page.getByRole('button', { name: '5 · Models' }).click();
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train-horizon').fill('7');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('train')).toBeEnabled();
  // The Models step says where calibrated quantiles are.
  await expect(page.getByTestId('calibrated-note')).toContainText('not calibrated');
  // Let the autosave of the model finish, then end the worker as a crash would.
  await page.waitForTimeout(1500);
  const starts = () => page.evaluate(() => (globalThis as unknown as Studio).__studio.workerStarts('train'));
  const before = await starts();
  await page.evaluate(() => (globalThis as unknown as Studio).__studio.killWorker('train'));
  await expect(page.locator('.message[data-code=model_restored]')).toContainText('loaded back from the project', { timeout: 30_000 });
  expect(await starts()).toBe(before + 1);
  // The fresh worker forecast every series with the restored model, and holds it: saving it works.
  await expect(page.locator('[data-testid=train-forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '7');
  await expect(page.getByTestId('train')).toBeEnabled();
  await page.getByTestId('save-model').click();
  await expect(page.locator('.message[data-code=model_saved]')).toBeVisible({ timeout: 15_000 });
  // Calibrated quantiles for this model: the Models step hands it to the Forecast step, which runs it.
  await page.getByTestId('calibrated-forecast').click();
  await expect(page.locator('[data-testid=forecast-chart] svg').first()).toHaveAttribute('data-forecast-points', '7', { timeout: 90_000 });
  await expect(page.getByTestId('shown-model')).toHaveValue('gbdt');
  await expect(page.getByTestId('forecast-table').locator('thead th').nth(3)).toHaveText('q0.1');
});
