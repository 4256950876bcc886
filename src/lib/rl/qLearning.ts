/** Tabular Q-learning with ε-greedy exploration over masked actions. */
import { createRng } from '../data/random';
import { rollout, type Environment } from './environment';

/** Options of {@link qLearning}. */
export interface QLearningOptions {
  episodes: number;
  /** Learning rate (default 0.1). */
  alpha?: number;
  /** Discount (default 1: episodic planning). */
  gamma?: number;
  /** ε decays linearly from epsilonStart to epsilonEnd over the episodes (defaults 1 → 0.02). */
  epsilonStart?: number;
  epsilonEnd?: number;
  seed?: number;
  /** Greedy evaluation every n episodes for the curve (default episodes / 50). */
  evalEvery?: number;
  /** Called after each evaluation (progress). */
  onProgress?: (p: { episode: number; greedyReturn: number }) => void;
}

/** A learned table and how learning went. */
export interface QLearningResult {
  /** Q values per state key (one entry per action; illegal ones stay at 0 and are never chosen). */
  table: Map<string, Float64Array>;
  /** Return of every training episode (with exploration). */
  episodeReturns: number[];
  /** Greedy return at evaluation points: [episode, return]. */
  greedyCurve: [number, number][];
  /** The greedy policy's return at the end. */
  finalReturn: number;
  /** Greedy action of a state. */
  policy: (key: string, legal: number[]) => number;
}

/** Learns Q(s, a) by one-step Q-learning: Q ← Q + α (r + γ max_a' Q(s', a') − Q). */
export function qLearning<S>(env: Environment<S>, options: QLearningOptions): QLearningResult {
  const o = { alpha: 0.1, gamma: 1, epsilonStart: 1, epsilonEnd: 0.02, seed: 1, evalEvery: Math.max(1, Math.floor(options.episodes / 50)), ...options };
  const rng = createRng(o.seed);
  const table = new Map<string, Float64Array>();
  const q = (k: string) => {
    let v = table.get(k);
    if (!v) table.set(k, (v = new Float64Array(env.numActions)));
    return v;
  };
  const greedy = (k: string, legal: number[]) => {
    const v = table.get(k);
    if (!v) return legal[0];
    let best = legal[0];
    for (const a of legal) if (v[a] > v[best]) best = a;
    return best;
  };
  const episodeReturns: number[] = [];
  const greedyCurve: [number, number][] = [];
  const evaluate = () => rollout(env, (s) => greedy(env.key(s), env.legalActions(s))).totalReward;
  for (let ep = 0; ep < o.episodes; ep++) {
    const eps = o.epsilonStart + ((o.epsilonEnd - o.epsilonStart) * ep) / Math.max(1, o.episodes - 1);
    let s = env.reset();
    let total = 0;
    for (;;) {
      const k = env.key(s);
      const legal = env.legalActions(s);
      const a = rng.next() < eps ? legal[Math.floor(rng.next() * legal.length)] : greedy(k, legal);
      const r = env.step(a);
      total += r.reward;
      let target = r.reward;
      if (!r.done) {
        const k2 = env.key(r.state);
        const v2 = q(k2);
        target += o.gamma * Math.max(...env.legalActions(r.state).map((b) => v2[b]));
      }
      const v = q(k);
      v[a] += o.alpha * (target - v[a]);
      s = r.state;
      if (r.done) break;
    }
    episodeReturns.push(total);
    if ((ep + 1) % o.evalEvery === 0 || ep === o.episodes - 1) {
      const g = evaluate();
      greedyCurve.push([ep + 1, g]);
      o.onProgress?.({ episode: ep + 1, greedyReturn: g });
    }
  }
  return { table, episodeReturns, greedyCurve, finalReturn: evaluate(), policy: greedy };
}
