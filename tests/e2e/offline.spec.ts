import { expect, test } from '@playwright/test';
import { applyMapping, freshPage } from './helpers';

test.use({ serviceWorkers: 'allow' });

// The offline app: the service worker caches every built file (wasm included), so with the network
// off the studio reloads, loads the sample and forecasts. Anything that still reached for the network
// is caught by the route below (Chromium routes a service worker's own fetches through it too).
test('installs, then works with the network off: reload, sample, seasonal naive forecast, audit clean', async ({ page, context }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await freshPage(page);
  const info = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    const ch = new MessageChannel();
    const answer = new Promise<{ version: string; files: number; bytes: number }>((r) => (ch.port1.onmessage = (e) => r(e.data)));
    reg.active!.postMessage('precache-version', [ch.port2]);
    const cached = await caches.open(`forecast-studio-${(await answer).version}`).then((c) => c.keys());
    return { ...(await answer), scope: reg.scope, cached: cached.map((r) => r.url) };
  });
  expect(info.scope).toBe(new URL('/', page.url()).href);
  expect(info.version).toMatch(/^[0-9a-f]{8}$/);
  // Every file of the build is in the cache: the engine's, the trainer's and the solver's wasm, the sample.
  expect(info.cached.length).toBe(info.files);
  for (const re of [/duckdb-eh.*\.wasm$/, /tfjs-backend-wasm-simd.*\.wasm$/, /highs.*\.wasm$/, /parquet_wasm_bg.*\.wasm$/, /sample\/retail_sample\.csv$/, /index\.html$/, /manifest\.webmanifest$/]) {
    expect(info.cached.some((u) => re.test(u)), String(re)).toBe(true);
  }
  expect(info.bytes).toBeGreaterThan(30e6);

  // The manifest is valid and its icons exist.
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href)).json());
  expect(manifest.start_url).toBe('./');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);

  // Network off.
  const reachedNetwork: string[] = [];
  await context.route('**/*', (route) => {
    reachedNetwork.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Load sales history' })).toBeVisible();
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  await applyMapping(page);
  await expect(page.getByTestId('clean-counts')).toContainText('50 series');
  await page.getByTestId('to-explore').click();
  await page.getByTestId('to-forecast').click();
  for (const box of await page.locator('input[data-model]').all()) if ((await box.getAttribute('data-model')) !== 'snaive') await box.uncheck();
  await page.locator('input[data-model=snaive]').check();
  await page.getByTestId('horizon').fill('14');
  await page.getByTestId('run-forecast').click();
  const rows = page.getByTestId('forecast-table').locator('tbody tr');
  await expect(rows).toHaveCount(14, { timeout: 90_000 });
  // Seasonal naive on the total repeats the last week: day 1 of the forecast equals the value 7 days before the origin.
  const first = Number((await rows.first().locator('td').nth(1).textContent())?.replace(/,/g, ''));
  const lastWeek = await page.evaluate(async () => {
    const s = (globalThis as unknown as { __studio: { sql(q: string): Promise<Record<string, unknown>[]> } }).__studio;
    return Number((await s.sql(`SELECT sum(y)::DOUBLE AS v FROM sales WHERE ds = (SELECT max(ds) FROM sales) - INTERVAL 6 DAY`))[0].v);
  });
  expect(lastWeek).toBeGreaterThan(0);
  expect(first).toBeCloseTo(lastWeek, 0);
  await expect(page.getByTestId('request-audit')).toHaveText('0 requests left this device', { timeout: 20_000 });
  expect(reachedNetwork).toEqual([]);
  expect(pageErrors).toEqual([]);
  await context.setOffline(false);
});
