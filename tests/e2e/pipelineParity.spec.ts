/**
 * One task through both hosts of the pipeline: the CLI (`npm run backtest`, DuckDB-WASM in Node) and the
 * studio's Backtest step (training worker over the db worker's engine) must give the same metrics for the
 * global GBDT and seasonal naive on tests/fixtures/small_retail.csv. The WAPE the studio shows is checked
 * against Σ|ŷ − y| / Σ|y| computed here from the CLI's forecast rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { applyMapping, freshPage, pickBacktestModels } from './helpers';

const FIXTURE = resolve('tests/fixtures/small_retail.csv');

interface CliModel { model: string; wape: number | null; mase: number | null; rmse: number | null; coverage_80: number | null }

test('the global GBDT backtest gives the same metrics in the studio and in the CLI', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'fs-parity-'));
  const out = join(dir, 'result.json');
  const fc = join(dir, 'forecasts.csv');
  // The mapping the studio guesses for this file, as CLI flags (roles follow from the names in both).
  execFileSync('node', ['node_modules/tsx/dist/cli.mjs', 'src/cli/backtest.ts', '--data', FIXTURE, '--id', 'item', '--date', 'date', '--target', 'sales', '--freq', 'D',
    '--h', '14', '--windows', '1', '--selection-windows', '1', '--known-future', 'price,promo,promo_type,is_holiday', '--static', 'store,category',
    '--models', 'snaive,gbdt', '--out', out, '--forecast-out', fc], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
  const cli = JSON.parse(readFileSync(out, 'utf8')) as { models: CliModel[]; selected: string };
  const byCli = Object.fromEntries(cli.models.map((m) => [m.model, m]));

  // Independent WAPE of the GBDT from the forecast rows (the evaluated window only).
  const lines = readFileSync(fc, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const [iModel, iY, iHat, iCut] = ['model', 'y', 'y_hat', 'cutoff'].map((c) => head.indexOf(c));
  const rows = lines.slice(1).map((l) => l.split(','));
  const lastCutoff = rows.map((r) => r[iCut]).sort().at(-1);
  let e = 0, y = 0;
  for (const r of rows) if (r[iModel] === 'gbdt' && r[iCut] === lastCutoff) (e += Math.abs(Number(r[iHat]) - Number(r[iY]))), (y += Math.abs(Number(r[iY])));
  const wape = e / y;
  expect(byCli.gbdt.wape!).toBeCloseTo(wape, 4);
  expect(wape).toBeGreaterThan(0.01);
  expect(wape).toBeLessThan(1);

  // The studio: load the same file, keep the guessed mapping, backtest snaive + gbdt over 2 windows.
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '6 · Backtest' }).click();
  await page.getByTestId('bt-horizon').fill('14');
  await page.getByTestId('bt-windows').fill('2');
  // The default candidate set is the runner's (nine models); this test backtests snaive, gbdt only.
  await pickBacktestModels(page, ['snaive', 'gbdt']);
  await page.getByTestId('run-backtest').click();
  const board = page.getByTestId('leaderboard');
  await expect(board.locator('tr[data-model="gbdt"]')).toBeVisible({ timeout: 180_000 });
  for (const m of ['snaive', 'gbdt', 'auto']) {
    const shown = Number(await board.locator(`tr[data-model="${m}"]`).getAttribute('data-wape'));
    expect(shown, m).toBeCloseTo(byCli[m].wape!, 9);
    const mase = Number(await board.locator(`tr[data-model="${m}"] td`).nth(2).textContent());
    expect(mase, m).toBeCloseTo(byCli[m].mase!, 3);
  }
  // WAPE is shown once in percent: the GBDT's cell is 100 × the independent fraction.
  const cell = await board.locator('tr[data-model="gbdt"] td').nth(4).textContent();
  expect(parseFloat(cell!)).toBeCloseTo(100 * wape, 1);
  await expect(board.locator('tr[data-model="auto"] td').nth(1)).toContainText(cli.selected);
});
