import { expect, test } from '@playwright/test';
import { evaluatePlan, type PlanChoice, type PlanProblem } from '../../src/lib/promo';
import { applyMapping, freshPage, watchNetwork } from './helpers';

test('Promo step on the sample: elasticities, an optimised calendar that beats no promotion, Q-learning against the optimum', async ({ page }) => {
  test.setTimeout(240_000);
  const outside = watchNetwork(page);
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toBeVisible();
  await applyMapping(page);
  await page.getByRole('button', { name: '7 · Promo' }).click();

  // 1. Elasticity table: one row per series, most elasticities negative (the generator's truth is negative).
  const table = page.getByTestId('elasticity-table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  const values = (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-elasticity')))).map((v) => (v ? Number(v) : NaN));
  expect(values.length).toBe(50);
  const negative = values.filter((v) => v < 0).length;
  expect(negative / values.length).toBeGreaterThan(0.8);
  await expect(page.locator('[data-testid=price-response] svg')).toHaveAttribute('data-points', '41');

  // Bad input: a discount of 100 % is refused with a message, nothing runs.
  await page.getByTestId('promo-scope-column').selectOption('item');
  await page.getByTestId('promo-scope-value').selectOption('item_01');
  await page.getByTestId('promo-periods').fill('4');
  await page.getByTestId('promo-depths').fill('20, 100');
  await page.getByTestId('run-optimiser').click();
  await expect(page.locator('.message[data-code=bad_depth]')).toContainText('100 %');
  await expect(page.getByTestId('plan-calendar')).toHaveCount(0);

  // 2. Optimiser on a small instance (item_01 in 5 stores × 4 weeks × 2 depths).
  await page.getByTestId('promo-depths').fill('10, 20');
  await page.getByTestId('run-optimiser').click();
  const cal = page.getByTestId('plan-calendar');
  await expect(cal).toBeVisible({ timeout: 120_000 });
  const cells = await cal.locator('td[data-depth]:not([data-depth=""])').count();
  expect(cells).toBeGreaterThan(0);
  const base = Number(await page.getByTestId('baseline-profit').getAttribute('data-value'));
  const withPlan = Number(await page.getByTestId('plan-profit').getAttribute('data-value'));
  expect(withPlan).toBeGreaterThanOrEqual(base);
  // The shown numbers, recomputed here from the calendar's cells and the problem it solved.
  const problem = JSON.parse((await cal.getAttribute('data-problem'))!) as PlanProblem;
  const plan: PlanChoice[] = await cal.locator('tbody tr').evaluateAll((rows) =>
    rows.flatMap((r, i) => Array.from(r.querySelectorAll('td[data-depth]')).flatMap((td, t) => (td.getAttribute('data-depth') ? [{ item: i, period: t, depth: Number(td.getAttribute('data-depth')) }] : []))),
  );
  const choices = plan.map((c) => ({ ...c, depth: problem.depths.indexOf(c.depth) }));
  const check = evaluatePlan(problem, choices);
  expect(check.violations).toEqual([]);
  expect(withPlan - base).toBeCloseTo(check.profit, 3);
  const independentBase = problem.items.reduce((a, it) => a + it.baseUnits.slice(0, problem.periods).reduce((b, u) => b + u, 0) * (it.regularPrice - it.unitCost), 0);
  expect(base).toBeCloseTo(independentBase, 6);

  // Infeasible: every item must be promoted twice but the budget is 0 → the message names the binding constraints.
  await page.getByTestId('promo-kmin').fill('2');
  await page.getByTestId('promo-budget').fill('0');
  await page.getByTestId('run-optimiser').click();
  await expect(page.getByTestId('plan-infeasible')).toContainText('budget', { timeout: 60_000 });
  await expect(page.getByTestId('plan-infeasible')).toContainText('minPromosPerItem');
  await page.getByTestId('promo-kmin').fill('');
  await page.getByTestId('promo-budget').fill('');

  // 3. Q-learning on the same problem: a reward curve and its share of the exact optimum.
  await page.getByTestId('promo-episodes').fill('3000');
  await page.getByTestId('run-learning').click();
  const pct = page.getByTestId('pct-optimum');
  await expect(pct).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('[data-testid=reward-curve] svg')).toHaveAttribute('data-points', /^[1-9]\d*/);
  const share = Number(await pct.getAttribute('data-value'));
  expect(share).toBeGreaterThan(0);
  expect(share).toBeLessThanOrEqual(100.1);
  await expect(pct).toHaveText(/%$/);
  // The DQN on the same problem: a short run draws its curve and lands at a share of the optimum.
  await page.getByTestId('promo-agent').selectOption('dqn');
  await page.getByTestId('promo-episodes').fill('20');
  await page.getByTestId('run-learning').click();
  await expect(page.getByTestId('learn-summary')).toHaveAttribute('data-agent', 'dqn', { timeout: 120_000 });
  const dqnShare = Number(await pct.getAttribute('data-value'));
  expect(dqnShare).toBeLessThanOrEqual(100.1);
  console.log(`promo view: ${negative}/50 negative elasticities; ${cells} promotions, profit ${base.toFixed(0)} → ${withPlan.toFixed(0)}; Q-learning ${share.toFixed(1)} %, DQN (20 episodes) ${dqnShare.toFixed(1)} % of the optimum`);
  expect(outside).toEqual([]);
});
