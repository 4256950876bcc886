/** Takes the README screenshot: the sample loaded, store_1 forecast with MSTL. Needs `vite preview` running on 4173. */
import { chromium } from '@playwright/test';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto('http://127.0.0.1:4173/');
await page.getByTestId('load-sample').click();
await page.getByTestId('apply').click();
await page.getByTestId('to-explore').click();
await page.getByTestId('level-column').selectOption('store');
await page.getByTestId('level-value').selectOption('store_1');
await page.getByTestId('to-forecast').click();
await page.getByTestId('run-forecast').click();
await page.locator('[data-testid=forecast-chart] svg').first().waitFor();
await page.locator('#shown').selectOption('mstl');
await page.waitForTimeout(500);
await page.screenshot({ path: process.argv[2] ?? 'tests/screenshots/studio.png' });
await browser.close();
