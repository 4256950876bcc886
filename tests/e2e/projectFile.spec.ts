import http from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { applyMapping, freshPage } from './helpers';
import { PROJECT_VERSION, writeProjectArchive, type ProjectSettings } from '../../src/lib/project';

/** The forecast table's numbers (every cell) and the trained model's forecast line, as shown. */
async function forecastNumbers(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: '4 · Forecast' }).click();
  await page.getByTestId('horizon').fill('14');
  await page.getByTestId('run-forecast').click();
  await expect(page.getByTestId('forecast-table').locator('tbody tr')).toHaveCount(14, { timeout: 90_000 });
  return page.getByTestId('forecast-table').locator('tbody td').allTextContents();
}

async function modelLine(page: Page): Promise<string> {
  await page.getByRole('button', { name: '5 · Models' }).click();
  const line = page.locator('[data-testid=train-forecast-chart] path.forecast-line').first();
  await expect(line).toBeAttached({ timeout: 90_000 });
  return (await line.getAttribute('d'))!;
}

test('export the project → new project → import: the same data, settings, custom feature, model and forecasts', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await expect(page.getByTestId('ingest-summary')).toContainText('480 rows');
  await page.getByTestId('clean-missing').selectOption('interpolate');
  await applyMapping(page);
  // A custom feature (SQL) joins the spec; the ridge model trains on it.
  await page.getByRole('button', { name: '3 · Features' }).click();
  await page.getByTestId('custom-name').fill('price_x2');
  await page.getByTestId('custom-sql').fill('price * price + promo');
  await page.getByTestId('custom-add').click();
  await expect(page.getByTestId('feature-columns')).toContainText('price_x2', { timeout: 90_000 });
  await expect(page.getByTestId('custom-error')).toHaveCount(0);
  await page.getByRole('button', { name: '5 · Models' }).click();
  await page.getByTestId('train-model').selectOption('linear');
  await page.getByTestId('train-horizon').fill('14');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 120_000 });
  expect(await page.getByTestId('train-result').getAttribute('data-features')).toContain('price_x2');
  const line = await modelLine(page);
  const before = await forecastNumbers(page);
  // One cell per date and column: date, mean and one per quantile (the default seven).
  expect(before.length).toBe(14 * (await page.getByTestId('forecast-table').locator('thead th').count()));
  expect(before.length).toBe(14 * 9);
  expect(before.some((c) => Number(c) > 0)).toBe(true);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '1 · Data' }).click();
  await page.getByTestId('project-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('small_retail.fsproj');
  const path = test.info().outputPath('small_retail.fsproj');
  await file.saveAs(path);
  await expect(page.locator('.message[data-code="project_exported"]')).toContainText('model');

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'New project' }).click();
  await expect(page.getByTestId('ingest-summary')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('ingest-summary')).toHaveCount(0);

  await page.getByTestId('project-input').setInputFiles(path);
  await expect(page.locator('.message[data-code="project_opened"]')).toContainText('small_retail.csv');
  await expect(page.getByTestId('clean-counts')).toBeVisible();
  await page.getByRole('button', { name: '1 · Data' }).click();
  await expect(page.getByTestId('clean-missing')).toHaveValue('interpolate');
  expect(await modelLine(page)).toBe(line);
  expect(await page.getByTestId('train-result').getAttribute('data-features')).toContain('price_x2');
  expect(await forecastNumbers(page)).toEqual(before);
  // Opened from the file, the project is also the saved one: a reload brings it back.
  await page.reload();
  await expect(page.locator('.message[data-code="restored"]')).toContainText('small_retail.csv');
  expect(await modelLine(page)).toBe(line);
});

test('a crafted project file is refused: hostile SQL, a newer version, a damaged zip; nothing open changes and the listener gets nothing', async ({ page }) => {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/csv' });
    res.end('a,b\n1,2\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await freshPage(page);
    await page.getByTestId('file-input').setInputFiles('tests/fixtures/gaps.csv');
    await applyMapping(page);
    await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
    const data = new Uint8Array(readFileSync('tests/fixtures/small_retail.csv'));
    const settings = (sql: string): ProjectSettings => ({
      name: 'small_retail.csv', kind: 'csv', readOptions: {}, statics: [], step: 'features', horizon: 7,
      mapping: { id: ['store', 'item'], date: 'date', target: 'sales', covariates: [{ name: 'price', source: 'price', type: 'numeric', role: 'price', timing: 'known_future' }], freq: 'D', dateFormat: null },
      cleaning: { duplicates: 'sum', missing: 'zero', negatives: 'keep', outlierZ: 6, outliers: 'flag', covariates: 'ffill', minLength: 0 },
      featureSpec: { calendar: { parts: true }, custom: [{ name: 'leak', sql }] },
    });
    const dir = test.info().outputPath('');
    const write = (name: string, bytes: Uint8Array) => {
      const p = `${dir}/${name}`;
      mkdirSync(dir, { recursive: true });
      writeFileSync(p, bytes);
      return p;
    };
    const hostile = write('hostile.fsproj', writeProjectArchive({ settings: settings(`read_csv('${target}/x')`), data }));
    const sub = write('sub.fsproj', writeProjectArchive({ settings: settings(`struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM read_csv('${target}/x.csv')), "c'" := 0).b`), data }));
    const good = writeProjectArchive({ settings: settings('price * 2'), data });
    // The same good archive with its manifest's version raised (bytes patched before zipping again).
    const entries = unzipSync(good);
    const man = JSON.parse(strFromU8(entries['manifest.json']));
    const newer = write('newer.fsproj', zipSync({ ...entries, 'manifest.json': strToU8(JSON.stringify({ ...man, version: PROJECT_VERSION + 1 })) }));
    const damaged = write('damaged.fsproj', good.slice(0, Math.floor(good.length / 2)));
    const cases: [string, RegExp][] = [
      [hostile, /carries SQL the studio does not run: .*read_csv/],
      [sub, /"SELECT" is not allowed/],
      [newer, new RegExp(`newer version of Forecast Studio \\(format ${PROJECT_VERSION + 1}`)],
      [damaged, /damaged/],
    ];
    for (const [p, why] of cases) {
      await page.getByTestId('project-input').setInputFiles(p);
      const msg = page.locator('.message[data-code="project_refused"]');
      await expect(msg).toContainText(why);
      await expect(msg).toContainText('Nothing was changed');
      // The open project is untouched and still works.
      await expect(page.getByTestId('ingest-summary')).toContainText('gaps.csv');
      await page.getByTestId('apply').click();
      await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
      await expect(msg).toHaveCount(0);
    }
    await page.reload();
    await expect(page.locator('.message[data-code="restored"]')).toContainText('gaps.csv');
    await expect(page.getByTestId('count-gaps')).toHaveText('3 missing periods added');
    await page.waitForTimeout(500);
    expect(hits).toEqual([]);
  } finally {
    server.close();
  }
});
