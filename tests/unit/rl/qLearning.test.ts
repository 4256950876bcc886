import { describe, expect, it } from 'vitest';
import { evaluatePlan, optimisePromotions, promoEnvironment, randomPlanProblem } from '../../../src/lib/promo';
import { qLearning, rollout, type Environment } from '../../../src/lib/rl';

/** A 5-cell corridor: action 1 moves right (−1 each step), reaching the end pays +10; action 0 stays (−2). */
const corridor: Environment<number> = (() => {
  let pos = 0;
  let t = 0;
  return {
    numActions: 2,
    reset: () => ((pos = 0), (t = 0), pos),
    legalActions: () => [0, 1],
    step: (a: number) => {
      t++;
      if (a === 1) pos++;
      const done = pos === 4 || t >= 20;
      return { state: pos, reward: (a === 1 ? -1 : -2) + (pos === 4 ? 10 : 0), done };
    },
    key: (s: number) => String(s),
  };
})();

describe('qLearning', () => {
  it('learns the optimal policy of a small deterministic MDP', () => {
    const r = qLearning(corridor, { episodes: 300, seed: 1, alpha: 0.5 });
    expect(r.finalReturn).toBe(-4 + 10);
    // Q(0, right) = −1 −1 −1 −1 + 10 = 6 at convergence
    expect(r.table.get('0')![1]).toBeCloseTo(6, 3);
    expect(r.greedyCurve.at(-1)![1]).toBe(6);
  });

  it('reaches ≥ 90 % of the exact optimiser’s profit on a small promotion problem (fixed seeds)', async () => {
    for (const seed of [1, 3]) {
      const p = randomPlanProblem({ seed, items: 3, periods: 6, depths: [0.1, 0.2, 0.3], categories: 1, constraints: { budget: 600, maxPromosPerItem: 2, minGap: 1, maxPerCategory: 1 } });
      const opt = await optimisePromotions(p);
      expect(opt.status).toBe('optimal');
      const env = promoEnvironment(p);
      const r = qLearning(env, { episodes: 10_000, seed: 1, alpha: 1 });
      rollout(env, (s) => r.policy(env.key(s), env.legalActions(s)));
      const plan = evaluatePlan(p, env.plan());
      expect(plan.violations).toEqual([]); // masking keeps every learned plan feasible
      expect(plan.value).toBeCloseTo(r.finalReturn, 6); // the simulator's reward is the optimiser's objective
      expect(plan.value / opt.value, `seed ${seed}`).toBeGreaterThanOrEqual(0.9);
      expect(plan.value).toBeLessThanOrEqual(opt.value + 1e-6);
      // the curve starts far below where it ends
      expect(r.episodeReturns.slice(0, 100).reduce((a, b) => a + b, 0) / 100).toBeLessThan(0.5 * opt.value);
    }
  }, 60_000);

  it('pays the penalty when a vendor minimum cannot be met, and meets it when it can', () => {
    const p = randomPlanProblem({ seed: 4, items: 2, periods: 4, depths: [0.2], constraints: { minPromosPerItem: 1, maxPromosPerItem: 1 } });
    const env = promoEnvironment(p);
    const r = qLearning(env, { episodes: 2000, seed: 1, alpha: 1 });
    rollout(env, (s) => r.policy(env.key(s), env.legalActions(s)));
    expect(evaluatePlan(p, env.plan()).violations).toEqual([]);
    expect(env.plan()).toHaveLength(2);
  });
});
