import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { applyMapping, freshPage, pickBacktestModels } from './helpers';

const bytesOf = async (d: Download) => readFileSync((await d.path())!);
const download = async (page: Page, testid: string) => (await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]))[0];

/** Minimal RFC 4180 reader (the export quotes only cells with commas, quotes or line breaks). */
function parseCsv(text: string): string[][] {
  return text.trim().split('\r\n').map((line) => {
    const out: string[] = [];
    let cell = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) c === '"' && line[i + 1] === '"' ? ((cell += '"'), i++) : c === '"' ? (q = false) : (cell += c);
      else if (c === '"') q = true;
      else if (c === ',') out.push(cell), (cell = '');
      else cell += c;
    }
    out.push(cell);
    return out;
  });
}

test('Backtest exports: CSV and Parquet results, chart SVG and PNG, TSV copy, explanations, keyboard zoom, 760 px', async ({ page, context }) => {
  test.setTimeout(360_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '6 · Backtest' }).click();
  await page.getByTestId('bt-horizon').fill('14');
  await page.getByTestId('bt-windows').fill('3');
  await pickBacktestModels(page, ['snaive', 'mstl', 'theta']);
  await page.getByTestId('run-backtest').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toBeVisible({ timeout: 170_000 });

  // Every leaderboard header explains itself on keyboard focus, as the header's accessible description.
  const heads = board.locator('thead th .explain');
  expect(await heads.count()).toBe(11);
  for (let i = 0; i < (await heads.count()); i++) {
    const h = heads.nth(i);
    await expect(h).toHaveAttribute('tabindex', '0');
    await h.focus();
    const tip = h.locator('[role=tooltip]');
    await expect(tip).toBeVisible();
    expect((await tip.textContent())!.length).toBeGreaterThan(40);
    expect(await h.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
  }
  await expect(board.locator('th[data-col=smape] [role=tooltip]')).toContainText('%');
  await expect(board.locator('tr[data-model=auto] td').nth(3).locator('[role=tooltip]')).toContainText('seasonal naive');

  // CSV: the leaderboard's WAPE as shown, and seasonal naive's WAPE computed here independently in SQL.
  const csv = parseCsv((await bytesOf(await download(page, 'bt-export-csv'))).toString('utf8'));
  const header = csv[0];
  expect(header).toEqual(['section', 'rank', 'model', 'stands_for', 'unique_id', 'wape', 'mase', 'relative_mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95', 'fit_seconds', 'failed_series']);
  const col = (name: string) => header.indexOf(name);
  const lb = csv.filter((r) => r[0] === 'leaderboard');
  expect(lb.map((r) => r[col('model')]).sort()).toEqual(['auto', 'mstl', 'snaive', 'theta']);
  for (const r of lb) {
    const shown = (await board.locator(`tr[data-model="${r[col('model')]}"] td`).nth(4).textContent())!;
    expect(`${(Number(r[col('wape')]) * 100).toFixed(1)} %`).toBe(shown);
  }
  expect(csv.filter((r) => r[0] === 'series' && r[col('model')] === 'auto')).toHaveLength(50);
  const text = (await page.locator('p', { hasText: 'over cutoffs' }).textContent())!;
  const lastCutoff = text.match(/\d{4}-\d{2}-\d{2}/g)!.at(-1)!;
  const sqlWape = await page.evaluate(async (cutoff) => {
    const studio = (globalThis as unknown as { __studio: { sql(sql: string): Promise<Record<string, unknown>[]> } }).__studio;
    const rows = await studio.sql(`
      WITH t AS (SELECT unique_id, ds, y, (ds - DATE '${cutoff}') AS k FROM sales WHERE ds > DATE '${cutoff}' AND ds <= DATE '${cutoff}' + 14),
      f AS (SELECT t.y, p.y AS f FROM t JOIN sales p ON p.unique_id = t.unique_id AND p.ds = t.ds - CAST(7 * CEIL(t.k / 7.0) AS INTEGER))
      SELECT sum(abs(y - f)) / sum(abs(y)) AS wape, count(*)::INTEGER AS n FROM f`);
    return rows[0] as { wape: number; n: number };
  }, lastCutoff);
  expect(sqlWape.n).toBe(50 * 14);
  expect(Number(lb.find((r) => r[col('model')] === 'snaive')![col('wape')])).toBeCloseTo(sqlWape.wape, 9);

  // Parquet: the file's magic number at both ends.
  const pq = await bytesOf(await download(page, 'bt-export-parquet'));
  expect(pq.subarray(0, 4).toString('latin1')).toBe('PAR1');
  expect(pq.subarray(pq.length - 4).toString('latin1')).toBe('PAR1');

  // TSV copy of the leaderboard: what the clipboard holds pastes as the same table.
  await page.getByTestId('bt-copy-leaderboard').click();
  const tsv = await page.evaluate(() => navigator.clipboard.readText());
  const lines = tsv.split('\n').map((l) => l.split('\t'));
  expect(lines[0].slice(0, 4)).toEqual(['rank', 'model', 'stands_for', 'wape']);
  const autoTsv = lines.find((l) => l[1] === 'auto')!;
  expect(autoTsv[3]).toBe(lb.find((r) => r[col('model')] === 'auto')![col('wape')]);

  // The charts show the model auto stands for, with a legend naming it.
  const selected = (await board.locator('tr[data-model=auto] td').nth(1).textContent())!.match(/→ (\S+)/)![1];
  await expect(page.getByTestId('bt-charted')).toContainText(selected);
  const actual = page.locator('[data-testid=bt-actual] svg').first();
  await expect(actual.locator('.legend-item[data-entry=predicted-line]')).toContainText(selected);
  await expect(actual.locator('.legend-item[data-entry=actual-line]')).toBeVisible();
  await expect(actual.locator('.y-label')).toContainText('units');
  // The seasonal naive reference label lies inside the bar chart.
  const ref = await page.locator('[data-testid=bt-bars] svg .reference-label').evaluate((el) => {
    const svg = el.closest('svg')!;
    const r = el.getBoundingClientRect(), s = svg.getBoundingClientRect();
    return { left: r.left - s.left, right: s.right - r.right, top: r.top - s.top };
  });
  expect(ref.left).toBeGreaterThanOrEqual(0);
  expect(ref.right).toBeGreaterThanOrEqual(0);
  expect(ref.top).toBeGreaterThanOrEqual(0);

  // SVG download: standalone (styles inline, no stylesheet), parses, holds the chart's paths.
  const svgText = (await bytesOf(await download(page, 'bt-actual-svg'))).toString('utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror') !== null,
      predicted: doc.querySelectorAll('path.predicted-line').length,
      actualD: doc.querySelector('path.actual-line')?.getAttribute('d') ?? '',
      actualStroke: (doc.querySelector('path.actual-line') as SVGElement | null)?.getAttribute('style') ?? '',
      styles: doc.querySelectorAll('style').length,
    };
  }, svgText);
  expect(parsed.error).toBe(false);
  expect(parsed.predicted).toBe(3);
  expect(parsed.actualD).toBe(await actual.locator('path.actual-line').getAttribute('d'));
  // The page's look, written inline: the stroke the live chart is drawn with.
  const liveStroke = await actual.locator('path.actual-line').evaluate((el) => getComputedStyle(el).stroke);
  expect(liveStroke).toMatch(/^rgb\(/);
  expect(parsed.actualStroke).toContain(`stroke:${liveStroke}`);
  expect(parsed.styles).toBe(0);
  // PNG download: the PNG signature.
  const png = await bytesOf(await download(page, 'bt-actual-png'));
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(2000);

  // Keyboard: the chart takes focus; + zooms the date axis, ← pans it, 0 resets it.
  const frame = page.getByTestId('bt-actual');
  await frame.focus();
  const domain = async () => {
    const svg = page.locator('[data-testid=bt-actual] svg').first();
    return [Date.parse((await svg.getAttribute('data-x0'))!), Date.parse((await svg.getAttribute('data-x1'))!)];
  };
  const full = await domain();
  await page.keyboard.press('+');
  await expect.poll(async () => (await domain())[1] - (await domain())[0]).toBeLessThan((full[1] - full[0]) * 0.7);
  const zoomed = await domain();
  expect(zoomed[0]).toBeGreaterThan(full[0]);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await domain())[0]).toBeLessThan(zoomed[0]);
  await page.keyboard.press('0');
  await expect.poll(domain).toEqual(full);
  await expect(frame).toHaveAttribute('aria-describedby', /.+/);
  const summary = await page.locator(`[id="${await frame.getAttribute('aria-describedby')}"]`).textContent();
  expect(summary).toContain('Backtest with 3 cutoffs');

  // From 760 px wide the main area does not overflow sideways.
  await page.setViewportSize({ width: 760, height: 900 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    return { main: main.scrollWidth - main.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
  expect(overflow.main).toBeLessThanOrEqual(0);
  expect(overflow.page).toBeLessThanOrEqual(0);
});

test('Models: the GBDT says it runs in plain JavaScript, shows no Epochs field and names its interval fits; Compare backends shows progress and measures each backend', async ({ page }) => {
  test.setTimeout(300_000);
  await freshPage(page);
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/small_retail.csv');
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '5 · Models' }).click();
  await expect(page.getByTestId('train-epochs')).toBeVisible(); // the MLP declares epochs
  await page.getByTestId('train-model').selectOption('gbdt');
  await expect(page.getByTestId('train-epochs')).toHaveCount(0);
  await page.getByTestId('train-horizon').fill('7');
  const labels: string[] = [];
  const watch = setInterval(() => void page.locator('.progress .label').first().textContent({ timeout: 200 }).then((t) => t && labels.push(t)).catch(() => undefined), 150);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 120_000 });
  clearInterval(watch);
  expect(labels.some((l) => /^gbdt: quantile/.test(l))).toBe(false);
  await expect(page.getByTestId('result-backend')).toContainText('plain JavaScript');
  await expect(page.getByTestId('backend-active')).not.toContainText(/\bjs\b/);
  // Importance in plain units, with its explanation on focus.
  await expect(page.locator('[data-testid=importance-chart] svg .x-label')).toContainText('% of a series’ average sales');
  const imp = page.locator('.explain[data-term=importance]');
  await imp.focus();
  await expect(imp.locator('[role=tooltip]')).toBeVisible();
  for (const part of await page.getByTestId('decomposition').locator('.explain').all()) await expect(part.locator('[role=tooltip]')).not.toBeEmpty();
  // Forecast chart: legend and a y axis title with the target's unit.
  const fc = page.locator('[data-testid=train-forecast-chart] svg').first();
  await expect(fc.locator('.legend-item[data-entry=band-80]')).toBeVisible();
  await expect(fc.locator('.y-label')).toContainText('per day');

  await page.getByTestId('compare-backends').click();
  await expect(page.getByTestId('bench-progress')).toContainText('Benchmarking');
  await expect(page.getByTestId('bench-table')).toBeVisible({ timeout: 170_000 });
  // One backend after another: the bar moves on and the table grows as each is measured.
  await expect(page.getByTestId('bench-progress')).toContainText('(2 of 4)', { timeout: 170_000 });
  await expect(page.getByTestId('bench-table').locator('tbody tr')).toHaveCount(1);
  // Every available backend is measured: WASM trains the MLP, WebGPU runs on the software adapter.
  const table = page.getByTestId('bench-table');
  await expect(table.locator('tr', { hasText: 'webgpu' })).toContainText('software', { timeout: 170_000 });
  const mlp = Number((await table.locator('tr', { hasText: 'wasm' }).locator('td').nth(1).textContent())!.replace(/,/g, ''));
  expect(mlp).toBeGreaterThan(100);
});
