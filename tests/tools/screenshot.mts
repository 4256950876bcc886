/**
 * Takes the README screenshots on the sample: the Forecast step (store_1, MSTL, quantile bands), the Promo
 * step (a what-if scenario with the GBDT) and the Replenish step (recommendations and the replayed policy).
 * Needs `vite preview` running on 4173 (`npm start`), or STUDIO_URL pointing at one. Usage: `npx tsx tests/tools/screenshot.mts [dir]`.
 */
import { chromium } from '@playwright/test';

const dir = process.argv[2] ?? 'tests/screenshots';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto(process.env.STUDIO_URL ?? 'http://127.0.0.1:4173/');
await page.getByTestId('load-sample').click();
await page.getByTestId('apply').click();
await page.getByTestId('to-explore').click();
await page.getByTestId('level-column').selectOption('store');
await page.getByTestId('level-value').selectOption('store_1');
await page.getByTestId('to-forecast').click();
await page.getByTestId('run-forecast').click();
await page.locator('[data-testid=forecast-chart] svg').first().waitFor({ timeout: 300_000 });
await page.locator('#shown').selectOption('mstl');
await page.waitForTimeout(500);
await page.screenshot({ path: `${dir}/studio.png` });

await page.getByRole('button', { name: '7 · Promo' }).click();
await page.getByTestId('elasticity-table').waitFor({ timeout: 180_000 });
await page.getByTestId('whatif-model').selectOption('gbdt');
await page.getByTestId('whatif-fit').click();
await page.getByTestId('whatif-fitted').waitFor({ timeout: 300_000 });
await page.getByTestId('scenario-0').getByTestId('scenario-summary').waitFor({ timeout: 60_000 });
await page.getByTestId('whatif').scrollIntoViewIfNeeded();
await page.waitForTimeout(500);
await page.screenshot({ path: `${dir}/promo.png` });

await page.getByRole('button', { name: '8 · Replenish' }).click();
await page.getByTestId('rep-model').selectOption('snaive');
await page.getByTestId('rep-sim').fill('28');
await page.getByTestId('rep-run').click();
await page.getByTestId('rep-item').first().waitFor({ timeout: 300_000 });
await page.getByTestId('rep-item').first().scrollIntoViewIfNeeded();
await page.waitForTimeout(500);
await page.screenshot({ path: `${dir}/replenish.png` });
await browser.close();
