import { expect, type Page } from '@playwright/test';

/** Records every request the page makes that leaves its own origin. */
export function watchNetwork(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return; // blob:, data:
    if (u.origin !== `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`) outside.push(req.url());
  });
  return outside;
}

/** Fresh page with no saved project. */
export async function freshPage(page: Page) {
  await page.goto('/');
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('forecast-studio', { recursive: true }).catch(() => undefined);
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Load sales history' })).toBeVisible();
}

export async function applyMapping(page: Page) {
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('clean-counts')).toBeVisible();
}

/** Ticks exactly `models` in the Backtest step (its default is the runner's ten-model candidate set). */
export async function pickBacktestModels(page: import('@playwright/test').Page, models: string[]) {
  // The list comes from the training worker's catalog: wait until it is on the page.
  await page.locator('input[type=checkbox][data-model="snaive"]').waitFor();
  for (const box of await page.locator('input[type=checkbox][data-model]').all()) await box.setChecked(models.includes((await box.getAttribute('data-model'))!));
  const checked = await page.locator('input[type=checkbox][data-model]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('data-model')));
  if (checked.sort().join() !== [...models].sort().join()) throw new Error(`pickBacktestModels: ${checked.join(', ')} checked, not ${models.join(', ')}`);
}

/**
 * Waits until the project saved in this browser names `name`: the record is swapped just after Apply
 * returns, so a reload (or a second tab) right after Apply could otherwise come before the save.
 */
export async function waitForSavedProject(page: Page, name: string) {
  await expect
    .poll(() => page.evaluate(async () => {
      try {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('forecast-studio');
        return await (await (await dir.getFileHandle('project.json')).getFile()).text();
      } catch {
        return '';
      }
    }), { timeout: 30_000 })
    .toContain(name);
}
