/**
 * A small deep Q-network (TF.js): an MLP Q(s, ·) trained from a replay buffer against a periodically
 * copied target network, ε-greedy over the environment's legal actions, masked targets
 * y = r + γ · max over legal a' of Q_target(s', a'). Every tensor is disposed (tidy or explicit).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/random';
import { rollout, type Environment } from './environment';

/** Options of {@link trainDqn}. */
export interface DqnOptions {
  episodes: number;
  hidden?: number[];
  learningRate?: number;
  gamma?: number;
  batchSize?: number;
  bufferSize?: number;
  /** Copy the online network into the target network every n gradient steps (default 50). */
  targetEvery?: number;
  /** Rewards are divided by this for learning (Q targets near unit scale; default 1). */
  rewardScale?: number;
  /** One gradient step every n transitions (default 4). */
  trainEvery?: number;
  /** Transitions before learning starts (default batchSize × 2). */
  warmup?: number;
  epsilonStart?: number;
  epsilonEnd?: number;
  seed?: number;
  evalEvery?: number;
  onProgress?: (p: { episode: number; greedyReturn: number; loss: number }) => void;
  /** Cooperative cancel: checked between episodes. */
  signal?: { aborted: boolean };
}

/** The trained network (call dispose) and how learning went. */
export interface DqnResult {
  episodeReturns: number[];
  greedyCurve: [number, number][];
  finalReturn: number;
  losses: number[];
  /** Greedy action for a state's features and legal actions. */
  act: (features: Float32Array, legal: number[]) => number;
  dispose: () => void;
}

function buildNet(inputs: number, outputs: number, hidden: number[], seed: number): tf.Sequential {
  const m = tf.sequential();
  hidden.forEach((units, k) =>
    m.add(tf.layers.dense({ units, activation: 'relu', inputShape: k === 0 ? [inputs] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + k }) })),
  );
  m.add(tf.layers.dense({ units: outputs, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) }));
  return m;
}

/** Trains a DQN on an environment that provides `features`. */
export async function trainDqn<S>(env: Environment<S>, options: DqnOptions): Promise<DqnResult> {
  if (!env.features) throw new Error('trainDqn: the environment has no features()');
  const o = {
    hidden: [32, 32], learningRate: 3e-3, gamma: 1, batchSize: 32, bufferSize: 5000, targetEvery: 50, trainEvery: 4, rewardScale: 1, epsilonStart: 1, epsilonEnd: 0.05, seed: 1,
    evalEvery: Math.max(1, Math.floor(options.episodes / 25)), ...options,
  };
  const A = env.numActions;
  const F = env.features(env.reset()).length;
  const rng = createRng(o.seed);
  const online = buildNet(F, A, o.hidden, o.seed);
  const target = buildNet(F, A, o.hidden, o.seed);
  target.setWeights(online.getWeights());
  const optimizer = tf.train.adam(o.learningRate);
  const cap = o.bufferSize;
  const S = new Float32Array(cap * F);
  const S2 = new Float32Array(cap * F);
  const act = new Int32Array(cap);
  const rew = new Float32Array(cap);
  const done = new Uint8Array(cap);
  const mask2 = new Uint8Array(cap * A);
  let size = 0;
  let head = 0;
  let steps = 0;
  const qOf = (f: Float32Array) => tf.tidy(() => (online.predict(tf.tensor2d(f, [1, F])) as tf.Tensor).dataSync() as Float32Array);
  const greedy = (f: Float32Array, legal: number[]) => {
    const q = qOf(f);
    let best = legal[0];
    for (const a of legal) if (q[a] > q[best]) best = a;
    return best;
  };
  const trainStep = (): number => {
    const B = Math.min(o.batchSize, size);
    const idx = Array.from({ length: B }, () => Math.floor(rng.next() * size));
    const s = new Float32Array(B * F);
    const s2 = new Float32Array(B * F);
    idx.forEach((j, b) => {
      s.set(S.subarray(j * F, (j + 1) * F), b * F);
      s2.set(S2.subarray(j * F, (j + 1) * F), b * F);
    });
    const q2 = tf.tidy(() => (target.predict(tf.tensor2d(s2, [B, F])) as tf.Tensor).dataSync() as Float32Array);
    const y = new Float32Array(B);
    const onehot = new Float32Array(B * A);
    idx.forEach((j, b) => {
      let m = 0;
      if (!done[j]) {
        m = -Infinity;
        for (let a = 0; a < A; a++) if (mask2[j * A + a]) m = Math.max(m, q2[b * A + a]);
        if (!Number.isFinite(m)) m = 0;
      }
      y[b] = rew[j] + o.gamma * m;
      onehot[b * A + act[j]] = 1;
    });
    const loss = tf.tidy(() => {
      const xs = tf.tensor2d(s, [B, F]);
      const ys = tf.tensor1d(y);
      const oh = tf.tensor2d(onehot, [B, A]);
      const l = optimizer.minimize(() => tf.losses.huberLoss(ys, tf.sum(tf.mul(online.predict(xs) as tf.Tensor, oh), 1)) as tf.Scalar, true)!;
      return l.dataSync()[0];
    });
    if (++steps % o.targetEvery === 0) target.setWeights(online.getWeights());
    return loss;
  };
  const episodeReturns: number[] = [];
  const greedyCurve: [number, number][] = [];
  const losses: number[] = [];
  const evaluate = () => rollout(env, (st) => greedy(env.features!(st), env.legalActions(st))).totalReward;
  const warmup = o.warmup ?? o.batchSize * 2;
  let transitions = 0;
  for (let ep = 0; ep < o.episodes && !o.signal?.aborted; ep++) {
    const eps = o.epsilonStart + ((o.epsilonEnd - o.epsilonStart) * ep) / Math.max(1, o.episodes - 1);
    let st = env.reset();
    let total = 0;
    let lossSum = 0;
    let lossN = 0;
    for (;;) {
      const f = env.features(st);
      const legal = env.legalActions(st);
      const a = rng.next() < eps ? legal[Math.floor(rng.next() * legal.length)] : greedy(f, legal);
      const r = env.step(a);
      total += r.reward;
      S.set(f, head * F);
      S2.set(env.features(r.state), head * F);
      act[head] = a;
      rew[head] = r.reward / o.rewardScale;
      done[head] = r.done ? 1 : 0;
      mask2.fill(0, head * A, (head + 1) * A);
      if (!r.done) for (const b of env.legalActions(r.state)) mask2[head * A + b] = 1;
      head = (head + 1) % cap;
      size = Math.min(size + 1, cap);
      if (++transitions >= warmup && transitions % o.trainEvery === 0) {
        lossSum += trainStep();
        lossN++;
      }
      st = r.state;
      if (r.done) break;
    }
    episodeReturns.push(total);
    losses.push(lossN ? lossSum / lossN : NaN);
    if ((ep + 1) % o.evalEvery === 0 || ep === o.episodes - 1) {
      const g = evaluate();
      greedyCurve.push([ep + 1, g]);
      o.onProgress?.({ episode: ep + 1, greedyReturn: g, loss: losses[losses.length - 1] });
      await new Promise((res) => setTimeout(res, 0)); // let a cancel message in
    }
  }
  const finalReturn = evaluate();
  return {
    episodeReturns, greedyCurve, finalReturn, losses, act: greedy,
    dispose: () => {
      online.dispose();
      target.dispose();
      optimizer.dispose();
    },
  };
}
