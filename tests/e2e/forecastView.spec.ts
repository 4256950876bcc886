/**
 * The Forecast step through the forecast contract (issues 8 and 14): every series forecast with calibrated
 * quantiles into the `forecasts` table, the Show dropdown naming the charted model, the zoom kept when the
 * model changes, the recent window by default, a second model overlaid, no stale progress bar, and the CSV
 * and Parquet exports checked against the engine's own counts.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { applyMapping, freshPage, watchNetwork } from './helpers';

type Studio = { __studio: { sql(text: string): Promise<Record<string, unknown>[]> } };
const sql = (page: Page, text: string) => page.evaluate((t) => (globalThis as unknown as Studio).__studio.sql(t), text);

test('forecast the sample: Show names the model, zoom kept, recent window, overlay, exports match the forecasts table', async ({ page }) => {
  const outside = watchNetwork(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  await applyMapping(page);
  await page.getByTestId('to-explore').click();
  await page.getByTestId('to-forecast').click();
  const H = 14;
  await page.getByTestId('horizon').fill(String(H));
  // A quantile outside (0, 1) is refused with a message before anything runs.
  await page.getByTestId('quantiles').fill('0.1,0.5,1.2');
  await expect(page.getByTestId('quantile-error')).toContainText('1.2 is outside (0, 1)');
  await expect(page.getByTestId('run-forecast')).toBeDisabled();
  // The default set plus a 0.98 level.
  await page.getByTestId('quantiles').fill('0.05,0.1,0.25,0.5,0.75,0.9,0.95,0.98');
  await expect(page.getByTestId('quantile-error')).toHaveCount(0);
  await page.getByTestId('run-forecast').click();
  const fchart = page.locator('[data-testid=forecast-chart] svg').first();
  await expect(fchart).toHaveAttribute('data-forecast-points', String(H), { timeout: 150_000 });

  // The progress bar and its Cancel are gone once the run is over, and stay gone after another step.
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  // Show names the charted model (seasonal naive is the first of the default models).
  const shown = page.getByTestId('shown-model');
  await expect(shown).toHaveValue('snaive');
  expect((await shown.locator('option:checked').textContent())?.trim()).toBeTruthy();
  // Bands from the quantiles, labelled; the 0.98 level alone makes no band but is a table column.
  await expect(page.locator('[data-testid=forecast-chart] path.band-90')).toBeAttached();
  await expect(page.locator('[data-testid=forecast-chart] path.band-80')).toBeAttached();
  await expect(page.locator('[data-testid=forecast-chart] path.band-50')).toBeAttached();
  await expect(page.getByTestId('band-legend')).toContainText('80 % band (q0.1–q0.9)');
  await expect(page.getByTestId('forecast-table').locator('thead th').last()).toHaveText('q0.98');

  // Default view: the recent window (3 horizons of history, then the forecast), not three years.
  const origin = Date.parse(String(await fchart.getAttribute('data-origin')));
  const x0 = Date.parse(String(await fchart.getAttribute('data-x0')));
  const x1 = Date.parse(String(await fchart.getAttribute('data-x1')));
  expect((origin - x0) / 86_400_000).toBe(3 * H - 1);
  expect((x1 - origin) / 86_400_000).toBe(H);

  // Zoom on the strip, then pick another model: the zoom stays.
  const strip = page.locator('[data-testid=forecast-chart] .context .overlay').first();
  const box = (await strip.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const zoomed = [await fchart.getAttribute('data-x0'), await fchart.getAttribute('data-x1')];
  expect(zoomed[0]).not.toBe(new Date(x0).toISOString().slice(0, 10));
  await shown.selectOption('mstl');
  const again = page.locator('[data-testid=forecast-chart] svg').first();
  await expect(again).toHaveAttribute('aria-label', /forecast/);
  expect([await again.getAttribute('data-x0'), await again.getAttribute('data-x1')]).toEqual(zoomed);
  // Overlay: seasonal naive drawn over MSTL.
  await page.getByTestId('compare-model').selectOption('snaive');
  await expect(page.locator('[data-testid=forecast-chart] path.forecast-line.compare')).toBeAttached();
  await expect(page.getByTestId('band-legend')).toContainText('dashed');

  // The forecasts table in the engine: every series × horizon per model, quantiles in order.
  const counts = (await sql(page, `SELECT (SELECT count(DISTINCT unique_id) FROM sales)::DOUBLE AS series, (SELECT count(*) FROM forecasts)::DOUBLE AS rows,
      (SELECT count(DISTINCT model) FROM forecasts)::DOUBLE AS models,
      (SELECT count(*) FROM forecasts WHERE "q_0.1" > "q_0.5" OR "q_0.5" > "q_0.9" OR "q_0.95" > "q_0.98")::DOUBLE AS crossed`))[0];
  expect(counts).toEqual({ series: 50, rows: 2 * 50 * H, models: 2, crossed: 0 });

  // CSV: the CLI's columns, one row per series × date × model.
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-forecasts-csv').click()]);
  expect(csvDl.suggestedFilename()).toBe('forecasts.csv');
  const csv = readFileSync((await csvDl.path())!, 'utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('unique_id,ds,model,mean,q_0.05,q_0.1,q_0.25,q_0.5,q_0.75,q_0.9,q_0.95,q_0.98');
  expect(csv.length - 1).toBe(Number(counts.series) * H * 2);
  const head = csv[0].split(',');
  for (const line of csv.slice(1)) {
    const c = line.split(',');
    const q = (name: string) => Number(c[head.indexOf(name)]);
    expect(q('q_0.1')).toBeLessThanOrEqual(q('q_0.5'));
    expect(q('q_0.5')).toBeLessThanOrEqual(q('q_0.9'));
  }
  // One row agrees with the engine's table.
  const [id, ds, model, mean] = csv[1].split(',');
  const row = (await sql(page, `SELECT mean FROM forecasts WHERE unique_id = '${id}' AND ds = DATE '${ds}' AND model = '${model}'`))[0];
  expect(Number(mean)).toBeCloseTo(Number(row.mean), 3);

  // Parquet: non-empty, PAR1 at both ends.
  const [pqDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-forecasts-parquet').click()]);
  expect(pqDl.suggestedFilename()).toBe('forecasts.parquet');
  const pq = readFileSync((await pqDl.path())!);
  expect(pq.length).toBeGreaterThan(1000);
  expect(pq.subarray(0, 4).toString('latin1')).toBe('PAR1');
  expect(pq.subarray(pq.length - 4).toString('latin1')).toBe('PAR1');

  // The plan the forecasts were made under: h rows per series.
  const [planDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan-csv').click()]);
  const plan = readFileSync((await planDl.path())!, 'utf8').trimEnd().split('\n');
  expect(plan[0].startsWith('unique_id,ds')).toBe(true);
  expect(plan.length - 1).toBe(50 * H);

  // Another step and back: results, zoom and no progress bar.
  await page.getByRole('button', { name: '2 · Explore' }).click();
  await page.getByRole('button', { name: '4 · Forecast' }).click();
  await expect(page.getByTestId('shown-model')).toHaveValue('mstl');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  expect([await page.locator('[data-testid=forecast-chart] svg').first().getAttribute('data-x0')]).toEqual([zoomed[0]]);
  expect(pageErrors).toEqual([]);
  expect(outside).toEqual([]);
});
