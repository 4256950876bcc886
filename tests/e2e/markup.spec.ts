import { expect, test, type Page } from '@playwright/test';
import { applyMapping, freshPage, pickBacktestModels } from './helpers';

// A file whose column names, ids, values and file name hold markup: every step of the studio must show
// them as text. Any element made from them (an <img src=x>, an <svg onload>, any on… attribute) or a
// set window.__pwned fails the test.
const ID = '<svg onload=window.__pwned=1>';
const PROMO = '<img src=x onerror=window.__pwned=2>';
const KIND = '<b onmouseover=window.__pwned=3>kind</b>';
const VALUES = ['<img src=x onerror=window.__pwned=4>', '<svg onload=window.__pwned=5>', '"><script>window.__pwned=6</script>'];
const FILE = '<img src=x onerror=window.__pwned=7>.csv';

function markupCsv(): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = [['date', q(ID), 'sales', q(PROMO), q(KIND)].join(',')];
  const start = Date.UTC(2024, 0, 1);
  VALUES.forEach((v, s) => {
    for (let d = 0; d < 140; d++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      const promo = d % 9 < 2 ? 1 : 0;
      const y = 20 + 5 * s + 6 * Math.sin((2 * Math.PI * d) / 7) + 8 * promo + ((d * 7 + s * 3) % 5);
      lines.push([day, q(v), y.toFixed(0), promo, q(VALUES[(d + s) % 3])].join(','));
    }
  });
  return lines.join('\n') + '\n';
}

/** Elements or attributes that only markup from the file could have made. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (/^on/i.test(a)) out.push(`${el.tagName}[${a}]`);
      if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') out.push('img[src=x]');
      if (el.tagName === 'SCRIPT' && !el.getAttribute('src')) out.push('inline script');
      if (el.tagName === 'B' && el.textContent === 'kind') out.push('<b> from a column name');
    }
    const w = window as unknown as { __pwned?: unknown; __mutations?: string[] };
    if (w.__pwned !== undefined) out.push(`window.__pwned = ${String(w.__pwned)}`);
    return [...out, ...(w.__mutations ?? [])];
  });
}

test('markup in column names, ids, values and the file name renders as text in every step', async ({ page }) => {
  test.setTimeout(400_000);
  // From the first script on: record any element with an on… attribute ever added, even if removed later.
  await page.addInitScript(() => {
    const w = window as unknown as { __mutations: string[] };
    w.__mutations = [];
    new MutationObserver((list) => {
      for (const m of list)
        for (const n of m.addedNodes)
          if (n instanceof Element)
            for (const el of [n, ...n.querySelectorAll('*')])
              for (const a of el.getAttributeNames()) if (/^on/i.test(a)) w.__mutations.push(`added ${el.tagName}[${a}]`);
    }).observe(document, { childList: true, subtree: true });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await freshPage(page);

  // 1 · Data: the file name, the column names in the mapping and profile tables.
  await page.getByTestId('file-input').setInputFiles({ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(markupCsv()) });
  await expect(page.getByTestId('ingest-summary')).toContainText('420 rows');
  await expect(page.getByTestId('ingest-summary')).toContainText(FILE);
  await expect(page.getByTestId('profile')).toContainText(ID);
  await expect(page.getByTestId('profile')).toContainText(PROMO);
  await page.getByTestId('map-target').selectOption('sales');
  const idBox = page.getByTestId(`id-${ID}`);
  if (!(await idBox.isChecked())) await idBox.check();
  await applyMapping(page);
  await expect(page.getByTestId('clean-counts')).toContainText('3 series');
  expect(await injected(page)).toEqual([]);

  // 2 · Explore: the ids in the series list and the chart's label.
  await page.getByTestId('to-explore').click();
  const items = page.getByTestId('series-item');
  await expect(items).toHaveCount(3);
  const shown = await items.allTextContents();
  for (const v of VALUES) expect(shown.some((t) => t.includes(v))).toBe(true);
  await items.filter({ hasText: VALUES[0] }).click();
  await expect(page.locator('[data-testid=explore-chart] svg').first()).toHaveAttribute('aria-label', new RegExp(VALUES[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.locator('[data-testid=explore-chart] svg').first().hover();
  expect(await injected(page)).toEqual([]);

  // 3 · Features: build them; the column list, SQL, preview and summary hold the names as text.
  await page.getByRole('button', { name: '3 · Features' }).click();
  await page.getByTestId('feature-h').fill('7');
  await page.getByTestId('build-features').click();
  await expect(page.getByTestId('feature-counts')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('feature-preview')).toBeVisible();
  await expect(page.getByTestId('feature-preview')).toContainText(`${ID}_code`);
  await expect(page.getByTestId('feature-preview')).toContainText(VALUES[2]); // the first series in id order
  expect(await injected(page)).toEqual([]);

  // 4 · Forecast.
  await page.getByRole('button', { name: '4 · Forecast' }).click();
  await page.getByTestId('horizon').fill('14');
  await page.getByTestId('run-forecast').click();
  await expect(page.getByTestId('forecast-table').locator('tbody tr')).toHaveCount(14, { timeout: 90_000 });
  await page.locator('[data-testid=forecast-chart] svg').first().hover();
  expect(await injected(page)).toEqual([]);

  // 5 · Models: a quick global model and its explanations (feature names from the file's columns).
  await page.getByRole('button', { name: '5 · Models' }).click();
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train-horizon').fill('7');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-result')).toBeVisible({ timeout: 150_000 });
  await expect(page.locator('[data-testid=importance-chart] svg').first()).toBeAttached();
  expect(await injected(page)).toEqual([]);

  // 6 · Backtest: the per-series table lists the ids.
  await page.getByRole('button', { name: '6 · Backtest' }).click();
  await page.getByTestId('bt-horizon').fill('7');
  await page.getByTestId('bt-windows').fill('1');
  // The default candidate set is the runner's (nine models); this test backtests snaive, mstl, theta only.
  await pickBacktestModels(page, ['snaive', 'mstl', 'theta']);
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 170_000 });
  await expect(page.getByTestId('bt-by-series').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('bt-by-series')).toContainText(VALUES[2]);
  expect(await injected(page)).toEqual([]);

  // 7 · Promo: the file has no price, so the step says so; its selectors list the file's columns as text.
  await page.getByRole('button', { name: '7 · Promo' }).click();
  await expect(page.locator('.message[data-code="no_price"]')).toBeVisible({ timeout: 60_000 });
  expect(await injected(page)).toEqual([]);

  // 8 · Replenish: one input row and one recommendation per id, each titled with it.
  await page.getByRole('button', { name: '8 · Replenish' }).click();
  const inputs = page.getByTestId('rep-inputs').locator('tbody tr');
  await expect(inputs).toHaveCount(3);
  expect((await inputs.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).sort()).toEqual([...VALUES].sort());
  await page.getByTestId('rep-model').selectOption('snaive');
  await page.getByTestId('rep-sim').fill('14');
  await page.getByTestId('rep-run').click();
  const recs = page.getByTestId('rep-item');
  await expect(recs).toHaveCount(3, { timeout: 120_000 });
  expect((await recs.locator('h2').allTextContents()).map((t) => t.trim()).sort()).toEqual([...VALUES].sort());
  await recs.first().locator('[data-testid=rep-chart] svg').hover();
  expect(await injected(page)).toEqual([]);
  expect(errors).toEqual([]);
});
