import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { optimisePromotions, promoEnvironment, randomPlanProblem } from '../../../src/lib/promo';
import { trainDqn } from '../../../src/lib/rl';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainDqn', () => {
  it('learns a promotion policy well above random play, without leaking tensors', async () => {
    const p = randomPlanProblem({ seed: 1, items: 3, periods: 6, depths: [0.1, 0.2, 0.3], categories: 1, constraints: { budget: 600, maxPromosPerItem: 2, minGap: 1, maxPerCategory: 1 } });
    const opt = await optimisePromotions(p);
    const env = promoEnvironment(p);
    const before = tf.memory().numTensors;
    const r = await trainDqn(env, { episodes: 150, seed: 1, hidden: [32], learningRate: 3e-3, rewardScale: env.rewardScale });
    const random = r.episodeReturns.slice(0, 20).reduce((a, b) => a + b, 0) / 20; // ε ≈ 1: random legal play
    console.log(`DQN: optimum ${opt.value.toFixed(1)}, random ${random.toFixed(1)}, DQN ${r.finalReturn.toFixed(1)} (${((100 * r.finalReturn) / opt.value).toFixed(0)} %)`);
    expect(r.finalReturn).toBeGreaterThan(2 * random);
    expect(r.finalReturn / opt.value).toBeGreaterThan(0.6);
    expect(r.finalReturn).toBeLessThanOrEqual(opt.value + 1e-6);
    expect(r.greedyCurve.length).toBeGreaterThan(10);
    expect(r.losses.filter(Number.isFinite).length).toBeGreaterThan(100);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
