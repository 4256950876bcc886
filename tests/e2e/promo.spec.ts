import { expect, test } from '@playwright/test';
import { bruteForcePlan, evaluatePlan, randomPlanProblem, type PlanProblem } from '../../src/lib/promo';
import { freshPage, watchNetwork } from './helpers';

type Studio = { __studio: { promoWorker(): { optimise(p: PlanProblem, o?: object): Promise<{ status: string; value: number; plan: unknown[] }>; learn(p: PlanProblem, o: object): Promise<{ finalReturn: number; curve: [number, number][]; violations: string[]; plan: unknown[] }> }; cancelPromo(): void } };

test('promotion worker: the exact optimiser (HiGHS in the browser) equals brute force; Q-learning and the DQN learn a feasible plan; cancel', async ({ page }) => {
  test.setTimeout(240_000);
  const outside = watchNetwork(page);
  await freshPage(page);
  const small = randomPlanProblem({ seed: 1, items: 3, periods: 4, depths: [0.1, 0.25], categories: 1, constraints: { budget: 400, maxPromosPerItem: 2, minGap: 1, maxPerCategory: 1 } });
  const bf = bruteForcePlan(small)!;
  const opt = await page.evaluate((p) => (globalThis as unknown as Studio).__studio.promoWorker().optimise(p), small);
  expect(opt.status).toBe('optimal');
  expect(opt.value).toBeCloseTo(bf.value, 6);
  const big = randomPlanProblem({ seed: 1, items: 50, periods: 13, constraints: { budget: 5000, maxPromosPerItem: 3, minGap: 2, maxPerCategory: 2, minMarginPct: 0.1 } });
  const t0 = Date.now();
  const bigOpt = await page.evaluate((p) => (globalThis as unknown as Studio).__studio.promoWorker().optimise(p, { timeLimitSeconds: 60 }), big);
  console.log(`browser: 50 × 13 × 4 solved (${bigOpt.status}) in ${((Date.now() - t0) / 1000).toFixed(1)} s, value ${bigOpt.value.toFixed(1)}`);
  expect(bigOpt.status).toBe('optimal');
  expect(evaluatePlan(big, bigOpt.plan as never).violations).toEqual([]);
  const learn = randomPlanProblem({ seed: 1, items: 3, periods: 6, depths: [0.1, 0.2, 0.3], categories: 1, constraints: { budget: 600, maxPromosPerItem: 2, minGap: 1, maxPerCategory: 1 } });
  const exact = await page.evaluate((p) => (globalThis as unknown as Studio).__studio.promoWorker().optimise(p), learn);
  const q = await page.evaluate((p) => (globalThis as unknown as Studio).__studio.promoWorker().learn(p, { agent: 'q', episodes: 10000, seed: 1 }), learn);
  expect(q.violations).toEqual([]);
  expect(q.finalReturn / exact.value).toBeGreaterThanOrEqual(0.9);
  const dqn = await page.evaluate((p) => (globalThis as unknown as Studio).__studio.promoWorker().learn(p, { agent: 'dqn', episodes: 60, seed: 1 }), learn);
  expect(dqn.violations).toEqual([]);
  expect(dqn.curve.length).toBeGreaterThan(5);
  console.log(`browser: exact ${exact.value.toFixed(1)}, Q-learning ${q.finalReturn.toFixed(1)}, DQN (60 episodes) ${dqn.finalReturn.toFixed(1)}`);
  // cancel: a long run is stopped by terminating the worker; a fresh one answers afterwards
  const stopped = await page.evaluate(async (p) => {
    const s = (globalThis as unknown as Studio).__studio;
    const run = s.promoWorker().learn(p, { agent: 'q', episodes: 5_000_000, seed: 1 }).then(() => 'finished', () => 'stopped');
    await new Promise((r) => setTimeout(r, 300));
    s.cancelPromo();
    const again = await s.promoWorker().optimise(p);
    return { again: again.status, run: await Promise.race([run, new Promise((r) => setTimeout(() => r('pending'), 500))]) };
  }, learn);
  expect(stopped.again).toBe('optimal');
  expect(stopped.run).not.toBe('finished');
  expect(outside).toEqual([]);
});
