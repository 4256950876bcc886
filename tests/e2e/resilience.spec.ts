/**
 * Issue 13, supervised workers and recoverable backends: a worker ended mid-job (as a crash would:
 * `__studio.killWorker` terminates it without telling the supervisor), a forced out-of-memory training,
 * a GBDT cancel, and the main thread's longest task while a training starts on a large generated file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generateRetail, toCsv } from '../../src/lib/data/generator';
import { applyMapping, freshPage } from './helpers';

type Studio = {
  killWorker(name: string): void;
  workerStarts(name: string): number;
  sql(text: string): Promise<Record<string, unknown>[]>;
  db(): { preview(sql: string, limit?: number): Promise<unknown> };
};

async function openModels(page: Page, file?: string) {
  await freshPage(page);
  if (file) await page.getByTestId('file-input').setInputFiles(file);
  else await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible({ timeout: 120_000 });
  await applyMapping(page);
  await page.getByRole('button', { name: '5 · Models' }).click();
}

const starts = (page: Page, name: string) => page.evaluate((n) => (globalThis as unknown as { __studio: Studio }).__studio.workerStarts(n), name);
const kill = (page: Page, name: string) => page.evaluate((n) => (globalThis as unknown as { __studio: Studio }).__studio.killWorker(n), name);

test('train worker ended mid-training: the UI recovers within 5 s and the next training succeeds', async ({ page }) => {
  // The small fixture: 2,000 epochs keep the worker busy for as long as the test needs, the retrain is short.
  await openModels(page, 'tests/fixtures/small_retail.csv');
  await page.getByTestId('backend-choice').selectOption('wasm');
  await expect(page.getByTestId('backend-active')).toContainText('wasm');
  await page.getByTestId('train-epochs').fill('2000');
  await page.getByTestId('train').click();
  // Training is really under way: epochs are being reported.
  await expect(page.locator('[data-testid=loss-chart] svg').first()).toHaveAttribute('data-epochs', /^[1-9]/, { timeout: 150_000 });
  await expect(page.getByRole('progressbar')).toBeVisible();
  expect(await starts(page, 'train')).toBe(1);
  const t0 = Date.now();
  await kill(page, 'train');
  await expect(page.getByTestId('train')).toBeEnabled({ timeout: 5_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 5_000 });
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  const msg = page.locator('[data-code=train_failed]');
  await expect(msg).toContainText('The training worker stopped: it ended unexpectedly', { timeout: 5_000 });
  expect(Date.now() - t0).toBeLessThan(5_000);
  expect(await starts(page, 'train')).toBe(2);
  // One message about it: the job's failure, not a second notice.
  await expect(page.locator('[data-code=worker_restarted]')).toHaveCount(0);
  // Every control is usable again, and the next training runs on the new worker (reconnected to the data).
  await expect(page.getByTestId('tune')).toBeEnabled();
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('train-result')).toContainText('mlp on wasm');
  const points = Number(await page.locator('[data-testid=train-forecast-chart] svg').first().getAttribute('data-forecast-points'));
  expect(points).toBe(28);
});

test('db worker ended: a waiting call fails at once, the project comes back and a query works', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  const count = async () => Number((await page.evaluate(() => (globalThis as unknown as { __studio: Studio }).__studio.sql('SELECT count(*)::INTEGER AS n, count(DISTINCT unique_id)::INTEGER AS s FROM sales')))[0].n);
  const before = await count();
  expect(before).toBeGreaterThan(1000);
  // A long query is running in the db worker when it ends: the call is rejected, not left pending.
  const failed = page.evaluate(async () => {
    const s = (globalThis as unknown as { __studio: Studio }).__studio;
    const t = performance.now();
    const err = await s.db().preview('SELECT sum(a.range * b.range) AS x FROM range(200000) a, range(200000) b', 1).then(() => 'finished', (e: Error) => `${e.name}: ${e.message}`);
    return { err, ms: performance.now() - t };
  });
  await page.waitForTimeout(1500);
  const t0 = Date.now();
  await kill(page, 'db');
  const r = await failed;
  expect(r.err).toMatch(/^WorkerStoppedError: The data worker stopped: it ended unexpectedly/);
  expect(Date.now() - t0).toBeLessThan(5_000);
  // The saved project is loaded again into the new worker, with one message saying so.
  const note = page.locator('[data-code=worker_restarted]');
  await expect(note).toContainText('your project was reloaded from this browser', { timeout: 60_000 });
  await expect(note).toHaveCount(1);
  expect(await starts(page, 'db')).toBe(2);
  expect(await count()).toBe(before);
  // The steps stay open and read the new worker's tables.
  await page.getByRole('button', { name: '2 · Explore' }).click();
  await expect(page.getByRole('button', { name: '5 · Models' })).toBeEnabled();
});

test('a network too big for memory is refused at once and says what fits', async ({ page }) => {
  // The data only has to be there: the small fixture keeps the training that follows short.
  await openModels(page, 'tests/fixtures/small_retail.csv');
  await page.getByTestId('backend-choice').selectOption('wasm');
  await expect(page.getByTestId('backend-active')).toContainText('wasm');
  // 50,000 × 50,000 units: 2.5 billion weights, about 40 GB to train.
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await page.getByLabel('Hidden units').fill('50000,50000');
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train').click();
  const msg = page.locator('[data-code=train_failed]');
  await expect(msg).toContainText('too big for the memory of the wasm backend', { timeout: 150_000 });
  const text = (await msg.textContent())!;
  expect(text).toContain('2,50'); // 2.5 billion weights, counted
  const width = Number(text.match(/at most ([\d,]+) units/)![1].replace(/,/g, ''));
  expect(width).toBeGreaterThan(1000);
  expect(width).toBeLessThan(50_000);
  await expect(page.getByTestId('train')).toBeEnabled();
  // The width it names trains (on the same worker, no reload).
  await page.getByLabel('Hidden units').fill('16');
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 150_000 });
  expect(await starts(page, 'train')).toBe(1);
});

test('forced out-of-memory on the wasm backend, then a small model trains without a reload', async ({ page }) => {
  // Freeing a full 4 GB WebAssembly heap and starting a fresh instance takes tens of seconds on a busy machine.
  test.setTimeout(300_000);
  await openModels(page, 'tests/fixtures/small_retail.csv');
  await page.getByTestId('backend-choice').selectOption('wasm');
  await expect(page.getByTestId('backend-active')).toContainText('wasm');
  // Fill the WebAssembly heap until an allocation fails, as a model too big for memory does.
  const failure = await page.evaluate(() => (globalThis as unknown as { __studio: { trainer(): { exhaustMemory(): Promise<string> } } }).__studio.trainer().exhaustMemory());
  console.log(`exhausted: ${failure}`);
  expect(failure).not.toMatch(/^not on/);
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await page.getByLabel('Hidden units').fill('16');
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('train-result')).toContainText('mlp on wasm');
  // The backend was found broken and rebuilt (a fresh WebAssembly instance), and it says so.
  await expect(page.locator('[data-code=backend_fallback]')).toContainText('The wasm backend had failed and was rebuilt');
  expect(await starts(page, 'train')).toBe(1);
});

test('cancelling a GBDT fit stops within a second and shows no result', async ({ page }) => {
  await openModels(page);
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train').click();
  const bar = page.getByRole('progressbar');
  // Cancel while the boosting rounds run (not while features are built or the first fit bins its columns).
  // (the band's quantile fits are shown as "Fitting the … edge of the 80 % band", the last phases as "gbdt: …").
  await expect(bar).toContainText(/Fitting the|gbdt:/, { timeout: 150_000 });
  await page.waitForTimeout(2_500);
  await expect(bar).toBeVisible();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('train')).toBeEnabled({ timeout: 5_000 });
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(1_000);
  await expect(page.locator('[data-code=cancelled]')).toContainText('Training was cancelled');
  // The worker finished nothing after the cancel: no result appears later either.
  await page.waitForTimeout(3_000);
  await expect(page.getByTestId('train-result')).toHaveCount(0);
  console.log(`GBDT cancel: Train enabled ${ms} ms after Cancel`);
});

test('the longest main-thread task while a training starts on a large generated file stays under 200 ms', async ({ page }) => {
  test.setTimeout(300_000);
  // 250 series × 800 days = 200,000 rows (see the report: 1M rows do not load within the test budget on the shared CI machine).
  const data = generateRetail({ stores: 5, items: 50, days: 800, seed: 13 });
  const dir = mkdtempSync(join(tmpdir(), 'resilience-'));
  const file = join(dir, 'large_retail.csv');
  writeFileSync(file, toCsv(data));
  await openModels(page, file);
  await page.getByTestId('backend-choice').selectOption('wasm');
  await expect(page.getByTestId('backend-active')).toContainText('wasm');
  await page.getByTestId('train-epochs').fill('50');
  await page.evaluate(() => {
    const w = globalThis as unknown as { __longest: number; __tasks: number[] };
    w.__longest = 0;
    w.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__tasks.push(Math.round(e.duration));
        w.__longest = Math.max(w.__longest, e.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.getByTestId('train').click();
  // From the click until the worker reports its first epoch: features built, handed over, training under way.
  await expect(page.locator('[data-testid=loss-chart] svg').first()).toHaveAttribute('data-epochs', /^[1-9]/, { timeout: 240_000 });
  const { longest, tasks } = await page.evaluate(() => {
    const w = globalThis as unknown as { __longest: number; __tasks: number[] };
    return { longest: w.__longest, tasks: w.__tasks };
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  console.log(`${data.rows} rows: longest main-thread task ${Math.round(longest)} ms (${tasks.length} long tasks: ${tasks.join(', ')})`);
  expect(data.rows).toBe(200_000);
  expect(longest).toBeLessThan(200);
});
