import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { applyMapping, freshPage } from './helpers';

test('Replenish step: inputs for three sample items, recommendations with formulas, simulation chart, CSV export', async ({ page }) => {
  test.setTimeout(240_000);
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '8 · Replenish' }).click();
  const rows = page.getByTestId('rep-inputs').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const first = rows.nth(0);
  const id = await first.getAttribute('data-id');
  await first.locator('input[data-col=onHand]').fill('40');
  await first.locator('input[data-col=leadTime]').fill('3');
  await first.locator('input[data-col=orderingCost]').fill('25');
  await rows.nth(1).locator('input[data-col=batch]').fill('12');
  await page.getByTestId('rep-model').selectOption('snaive');
  await page.getByTestId('rep-sim').fill('28');
  await page.getByTestId('rep-run').click();
  const items = page.getByTestId('rep-item');
  await expect(items).toHaveCount(3, { timeout: 200_000 });

  // The EOQ shown equals √(2 d K / h) from the values shown beside it; K is the edited 25.
  const item = items.filter({ has: page.locator(`h2:text-is("${id}")`) });
  const eoqRow = item.locator('[data-testid=rep-explained] tr[data-name="EOQ"]');
  const withText = (await eoqRow.locator('td').nth(3).textContent())!;
  const val = (k: string) => Number(new RegExp(`${k} = ([\\d.e-]+)`).exec(withText)![1]);
  expect(val('K')).toBe(25);
  const eoq = Number(await eoqRow.locator('td').nth(1).textContent());
  expect(Math.abs(eoq - Math.sqrt((2 * val('d') * val('K')) / val('h')))).toBeLessThan(0.1 + 0.01 * eoq);
  // The next order brings the position (on hand 40, nothing on order) up to S, rounded up to a unit.
  const S = Number(await item.locator('tr[data-name="order-up-to S (R,S)"] td').nth(1).textContent());
  const next = (await item.getByTestId('rep-next-order').textContent())!;
  if (S > 40) expect(Number(/Next order: (\d+)/.exec(next)![1])).toBe(Math.ceil(S - 40 - 1e-9) + (Math.ceil(S - 40) - (S - 40) < 0.05 ? 0 : 0));
  // Batches of 12 on the second item.
  const n2 = (await items.nth(1).getByTestId('rep-next-order').textContent())!;
  const q2 = /Next order: (\d+)/.exec(n2);
  if (q2) expect(Number(q2[1]) % 12).toBe(0);

  // Replay table and chart: policy vs naive, with stock-outs and orders marked.
  const sim = item.getByTestId('rep-sim-table');
  await expect(sim.locator('tr[data-policy^="naive"]')).toBeVisible();
  await expect(sim.locator('tr[data-policy="policy on seasonal naive"]')).toHaveCount(0); // snaive is the model itself
  const svg = item.locator('[data-testid=rep-chart] svg');
  await expect(svg).toHaveAttribute('data-orders', /^[1-9]\d*$/);
  await expect(svg).toHaveAttribute('data-stockouts', /^\d+$/);
  await expect(item.getByText('Inputs from defaults:')).toContainText('holdingCost');
  // The legend sits above the plot area, clear of the lines and axes; the axes are titled.
  const plotBox = (await svg.locator('rect.plot-area').boundingBox())!;
  const legendBox = (await svg.locator('g.legend').boundingBox())!;
  expect(legendBox.y + legendBox.height).toBeLessThanOrEqual(plotBox.y + 0.5);
  await expect(svg.locator('.axis-label.y-label')).toHaveText('units');
  // One-shot buy: co defaults to unit cost − salvage = 1 − 0 (marked), so the fractile is 0.5 / (0.5 + 1), not 1.
  const nvWith = (await item.locator('tr[data-name="newsvendor quantity"] [data-testid=rep-with]').textContent())!;
  expect(nvWith).toContain('cu = 0.5, co = 1, fractile = 0.333');
  await expect(item.getByTestId('rep-defaults')).toContainText('overageCost (co = unit cost − salvage = 1 − 0, default)');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rep-export').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('unique_id,kind,name,value,formula,inputs,worked');
  // Every value shown in each item's table is in the file, with the same formula and worked line.
  const parse = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 7);
  const rowsCsv = csv.trim().split('\n').slice(1).map(parse);
  for (let k = 0; k < 3; k++) {
    const it = items.nth(k);
    const iid = (await it.locator('h2').first().textContent())!;
    const shown = it.locator('[data-testid=rep-explained] tbody tr');
    const n = await shown.count();
    expect(n).toBeGreaterThan(5);
    for (let j = 0; j < n; j++) {
      const tds = await shown.nth(j).locator('td').allTextContents();
      const row = rowsCsv.find((r) => r[0] === iid && r[1] === 'value' && r[2] === tds[0]);
      expect(row, `${iid} ${tds[0]} in the CSV`).toBeTruthy();
      if (tds[1] === '–') expect(row![3]).toBe('');
      else expect(Math.abs(Number(row![3]) - Number(tds[1]))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(row![4]).toBe(tds[2]);
      expect(row![6]).toBe(tds[4]);
    }
    expect(rowsCsv.filter((r) => r[0] === iid && r[1] === 'order').length).toBeGreaterThanOrEqual((await it.getByTestId('rep-next-order').textContent())!.startsWith('Next order') ? 1 : 0);
  }
  // The worked line of the EOQ ends in the value shown.
  const worked = (await eoqRow.getByTestId('rep-worked').textContent())!;
  expect(Math.abs(Number(/= ([\d.]+)$/.exec(worked)![1]) - eoq)).toBeLessThan(0.06);
  // h in the worked line is written as in the values beside it (3 significant digits, not 16, not 0).
  expect(worked).toContain(`/ ${val('h')}) =`);
  expect(val('h')).toBeGreaterThan(0);
  // The (s, S) search beside the formula: its cost is no higher than the formula pair's on the same history.
  const ss = item.getByTestId('rep-ss-search');
  const cost = async (r: string) => Number((await ss.locator(`tr[data-row=${r}] td`).last().textContent())!);
  expect(await cost('search')).toBeLessThanOrEqual(await cost('formula'));
  // The review-period search: R = 1 … 5 replayed (h 14, origins every 7 periods: 14 − 6 periods left at worst, minus this item's L = 3),
  // the cheapest marked, its cost no higher than the given R's.
  const rv = item.getByTestId('rep-review-search');
  await expect(rv.locator('tbody tr')).toHaveCount(5);
  const rvCost = async (sel: string) => Number((await rv.locator(`tbody tr${sel} td`).nth(5).textContent())!);
  const costs = await Promise.all([1, 2, 3, 4, 5].map((R) => rvCost(`[data-review="${R}"]`)));
  const cheapest = rv.locator('tbody tr', { hasText: 'cheapest' });
  await expect(cheapest).toHaveCount(1);
  expect(Number(await cheapest.locator('td').nth(5).textContent())).toBe(Math.min(...costs));
  await expect(rv.locator('tbody tr[data-review="1"]')).toContainText('given');
  // The service quantile of the forecast is read from its calibrated quantiles (conformal residuals).
  await expect(item.locator('[data-testid=rep-explained] tr[data-name="forecast quantile 0.95 (period 1)"]')).toContainText('conformal');
  expect(csv).toContain(`${id},inputs,inputs,,,onHand=40;`);
  expect(csv).toMatch(/holdingCost=[\d.]+ \(default\)/);
  expect(csv).toContain('overageCost=1 (default: unit cost − salvage = 1 − 0)');
  expect(csv).toMatch(/,value,EOQ,[\d.]+,EOQ = √\(2 · d · K \/ h\)/);
});

test('Replenish step: a lead time of 0 and a service of 100 % get messages, not a result', async ({ page }) => {
  test.setTimeout(120_000);
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '8 · Replenish' }).click();
  const rows = page.getByTestId('rep-inputs').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) await rows.nth(i).locator('input[data-col=leadTime]').fill('0');
  await rows.nth(0).locator('input[data-col=service]').fill('100%');
  await rows.nth(1).locator('input[data-col=onHand]').fill('abc');
  await page.getByTestId('rep-run').click();
  await expect(page.getByText('"abc" in on hand is not a number')).toBeVisible();
  await rows.nth(1).locator('input[data-col=onHand]').fill('');
  await page.getByTestId('rep-run').click();
  await expect(page.getByText(/lead time is 0/).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/100\.0 % is not reachable/)).toBeVisible();
  await expect(page.getByTestId('rep-item')).toHaveCount(0);
});

test('Replenish step: an order plan with a planned promotion and a budget per period', async ({ page }) => {
  test.setTimeout(240_000);
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '8 · Replenish' }).click();
  await expect(page.getByTestId('rep-inputs').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('rep-plan-settings').locator('summary').click();
  await page.getByTestId('rep-add-promo').click();
  const promo = page.getByTestId('rep-promo-row').first();
  await promo.locator('input[data-col=start]').fill('6');
  await promo.locator('input[data-col=end]').fill('8');
  await promo.locator('input[data-col=uplift]').fill('100');
  await page.getByTestId('rep-budget').fill('abc');
  await page.getByTestId('rep-run').click();
  await expect(page.getByText('"abc" in budget per period is not a number')).toBeVisible();
  await page.getByTestId('rep-budget').fill('60');
  await page.getByTestId('rep-learn').check();
  await page.getByTestId('rep-model').selectOption('snaive');
  await page.getByTestId('rep-sim').fill('28');
  await page.getByTestId('rep-run').click();
  const orders = page.getByTestId('rep-plan-orders').locator('tbody tr');
  await expect(orders.first()).toBeVisible({ timeout: 200_000 });
  // Units per period in the plan's totals = the sum of the orders listed; each within the budget (unit cost 1 by default).
  const rows = await orders.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const byT = new Map<number, number>();
  for (const r of rows) byT.set(Number(r[1]), (byT.get(Number(r[1])) ?? 0) + Number(r[3]));
  const periods = await page.getByTestId('rep-plan-periods').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(periods.length).toBeGreaterThan(0);
  for (const p of periods) {
    expect(Number(p[1])).toBe(byT.get(Number(p[0])) ?? 0);
    expect(Number(p[2])).toBeLessThanOrEqual(60 + 1e-9);
  }
  // The promotion (periods 5–7 from the next one, 0-based) is named in the reasons of the orders placed for it.
  expect(rows.some((r) => /promotion in period 5–7 ×2/.test(r[6]))).toBe(true);
  // The budget binds at once (nothing on hand, three series of 30–50 units a day want more than 60): orders are cut
  // below what the policy wanted, the reason says so, and the first period's row names the integer program.
  const first = rows.filter((r) => r[1] === '0');
  expect(first.reduce((a, r) => a + Number(r[4]), 0)).toBeGreaterThan(60);
  expect(first.some((r) => Number(r[3]) < Number(r[4]) && /cut from \d+ to \d+ by the budget/.test(r[6]))).toBe(true);
  await expect(page.getByTestId('rep-plan-periods').locator('tr[data-t="0"]')).toContainText('optimal integer allocation');

  // Learning mode: each item compares the Q-learned policy with the computed (R, S); the ratio shown is the two costs' ratio.
  const learned = page.getByTestId('rep-learned');
  await expect(learned).toHaveCount(3);
  const cost = async (k: number, r: string) => Number((await learned.nth(k).locator(`tr[data-row=${r}] td`).last().textContent())!);
  const ratio = Number(/costs ([\d.]+) ×/.exec((await page.getByTestId('rep-learned-ratio').first().textContent())!)![1]);
  expect(Math.abs(ratio - (await cost(0, 'learned')) / (await cost(0, 'computed')))).toBeLessThan(0.01);
  for (let k = 0; k < 3; k++) expect(await cost(k, 'learned')).toBeLessThan(3 * (await cost(k, 'computed')));
});
