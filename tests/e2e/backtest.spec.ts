import { expect, test } from '@playwright/test';
import { applyMapping, freshPage, pickBacktestModels } from './helpers';

test('a 3-window backtest of 3 models on the sample: leaderboard and charts', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '6 · Backtest' }).click();
  await page.getByTestId('bt-horizon').fill('14');
  await page.getByTestId('bt-windows').fill('3');
  // The time budget: a bad one is refused; 0.01 min = 0.6 s for three windows (0.2 s for the first) is
  // less than any model but seasonal naive needs, so the others are stopped or not run, and named.
  await page.getByTestId('bt-budget').fill('-1');
  await page.getByTestId('run-backtest').click();
  await expect(page.locator('.message[data-code="bad_time_budget"]')).toContainText('minutes ≥ 0');
  await page.getByTestId('bt-budget').fill('0.01');
  await pickBacktestModels(page, ['snaive', 'mstl', 'gbdt']);
  await page.getByTestId('run-backtest').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toBeVisible({ timeout: 120_000 });
  const warning = page.locator('.message[data-code="time_budget"]');
  await expect(warning).toContainText('The time budget of 0.6 s left out');
  await expect(warning).toContainText('gbdt');
  await expect(board.locator('tr[data-model="snaive"]')).toBeVisible();
  await expect(board.locator('tr[data-model="gbdt"]')).toHaveCount(0);
  // The default candidate set is the runner's (nine models); this test backtests snaive, mstl, theta only.
  await page.getByTestId('bt-budget').fill('10');
  await pickBacktestModels(page, ['snaive', 'mstl', 'theta']);
  await page.getByTestId('run-backtest').click();
  await expect(board.locator('tr[data-model="theta"]')).toBeVisible({ timeout: 170_000 });
  await expect(warning).toHaveCount(0);
  for (const m of ['snaive', 'mstl', 'theta']) await expect(board.locator(`tr[data-model="${m}"]`)).toBeVisible();
  await expect(board.locator('tr[data-model="auto"]')).toBeVisible();
  // Seasonal naive is its own benchmark: relative MASE exactly 1.
  await expect(board.locator('tr[data-model="snaive"] td').nth(3)).toHaveText('1.000');
  const rel = Number(await board.locator('tr[data-model="mstl"] td').nth(3).textContent());
  expect(rel).toBeGreaterThan(0.3);
  expect(rel).toBeLessThan(3);
  await expect(page.locator('[data-testid=bt-actual] svg').first()).toHaveAttribute('data-windows', '3');
  await expect(page.locator('[data-testid=bt-residuals] svg').first()).toHaveAttribute('data-points', /^[1-9]\d*/);
  // The same residuals over time: one point per (series, cutoff, day), dated.
  const byStep = await page.locator('[data-testid=bt-residuals] svg').first().getAttribute('data-points');
  const overTime = page.locator('[data-testid=bt-residuals-time] svg').first();
  await expect(overTime).toHaveAttribute('data-x', 'ds');
  await expect(overTime).toHaveAttribute('data-points', byStep!);
  await expect(page.getByTestId('bt-by-series').locator('tbody tr')).toHaveCount(50);
  // Worst series first: its WAPE is at least that of the second.
  const w = await page.getByTestId('bt-by-series').locator('tbody tr td:nth-child(2)').allTextContents();
  expect(parseFloat(w[0])).toBeGreaterThanOrEqual(parseFloat(w[1]));
  // Clicking a series opens it in Explore.
  await page.getByTestId('bt-by-series').locator('tbody button').first().click();
  await expect(page.getByTestId('series-search')).toBeVisible();
});

