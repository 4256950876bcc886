/**
 * Learning mode: the promotion step's tabular Q-learning agent (`src/lib/rl`) learns an order policy
 * against an environment that steps exactly like {@link simulate} (arrivals, order at the review after
 * MOQ / batch rounding, demand, lost sales; holding, ordering and stock-out costs as negative reward).
 * The state is the inventory position in buckets, the action an order quantity. The learned policy and
 * the computed (R, S) policy are then replayed by `simulate` itself on the same seeded demand paths.
 */
import { createRng } from '../data/random';
import { qLearning } from '../rl';
import type { Environment } from '../rl';
import { countQuantileFn } from './countDistribution';
import { poolMetrics } from './historyReplay';
import type { ResolvedInputs } from './inputs';
import { quantileFunction, type PeriodForecast, type QuantileFn } from './quantileFunction';
import { roundOrder } from './roundOrder';
import { simulate, type SimMetrics } from './simulate';

/** Options of {@link learnOrderPolicy}. */
export interface LearnPolicyOptions {
  inputs: ResolvedInputs;
  /** The demand distribution of one period (stationary; see {@link averagePeriod}). */
  period: PeriodForecast;
  /** Order-up-to level S of the computed (R, S) policy, compared against. */
  computedLevel: number;
  /** Training episodes (default 4000) of `episodeLength` reviews (default 50). */
  episodes?: number;
  episodeLength?: number;
  /** Position buckets (default 30) and order sizes (default 12). */
  buckets?: number;
  actions?: number;
  /** Discount per review (default 0.95). */
  gamma?: number;
  seed?: number;
  /** Evaluation: paths × periods of fresh seeded demand (default 20 × 200). */
  evalPaths?: number;
  evalLength?: number;
}

/** What was learned, as plain data (it crosses a worker boundary). */
export interface LearnedPolicy {
  /** Order quantity per position bucket (greedy), and the bucket width. */
  orderByBucket: number[];
  bucketWidth: number;
  actions: number[];
  episodes: number;
  /** Greedy return during training: [episode, return]. */
  curve: [number, number][];
  learned: SimMetrics;
  computed: SimMetrics;
}

/** The per-period average of a horizon's forecasts: mean and each quantile averaged (a Vincentised mix). */
export function averagePeriod(periods: PeriodForecast[]): PeriodForecast {
  const n = Math.max(1, periods.length);
  const keys = Object.keys(periods[0]?.quantiles ?? {}).filter((k) => periods.every((p) => Number.isFinite(p.quantiles[Number(k)])));
  return {
    mean: periods.reduce((s, p) => s + p.mean, 0) / n,
    quantiles: Object.fromEntries(keys.map((k) => [Number(k), periods.reduce((s, p) => s + p.quantiles[Number(k)], 0) / n])),
  };
}

interface InvState {
  onHand: number;
  /** Units arriving at the start of each coming period (index 0 = next). */
  due: number[];
  step: number;
}

/** The environment: one step = one review period of R periods. */
function orderEnvironment(x: ResolvedInputs, draw: () => number, actions: number[], width: number, buckets: number, length: number, start: () => number): Environment<InvState> {
  const L = Math.max(0, Math.round(x.leadTime));
  const R = Math.max(1, x.review);
  let s: InvState = { onHand: 0, due: [], step: 0 };
  const position = (v: InvState) => v.onHand + v.due.reduce((a, b) => a + b, 0);
  return {
    numActions: actions.length,
    reset() {
      s = { onHand: start(), due: new Array(L + R + 1).fill(0), step: 0 };
      return s;
    },
    step(a) {
      let cost = 0;
      const q = roundOrder(actions[a], { moq: x.moq, batch: x.batch });
      if (q > 0) cost += x.orderingCost;
      for (let k = 0; k < R; k++) {
        // arrivals of this period, then (at the review) the order, then demand — as in `simulate`
        s.onHand += s.due.shift() ?? 0;
        s.due.push(0);
        if (k === 0 && q > 0) {
          if (L === 0) s.onHand += q;
          else s.due[L - 1] += q;
        }
        const d = draw();
        const sold = Math.min(s.onHand, d);
        s.onHand -= sold;
        cost += x.stockoutCost * (d - sold) + x.holdingCost * s.onHand;
      }
      s.step++;
      return { state: s, reward: -cost, done: s.step >= length };
    },
    legalActions: () => actions.map((_, i) => i),
    key: (v) => String(Math.min(buckets - 1, Math.floor(position(v) / width))),
  };
}

/** Learns an order policy by Q-learning and compares it with the computed (R, S); see {@link LearnPolicyOptions}. */
export function learnOrderPolicy(o: LearnPolicyOptions): LearnedPolicy {
  const x = o.inputs;
  const R = Math.max(1, x.review);
  const L = Math.max(0, Math.round(x.leadTime));
  const qf: QuantileFn = quantileFunction(o.period) ?? countQuantileFn(Math.max(0, o.period.mean), Math.max(0, o.period.mean));
  const rng = createRng(o.seed ?? 1);
  const draw = () => qf(Math.min(1 - 1e-9, Math.max(1e-9, rng.next())));
  const buckets = o.buckets ?? 30;
  const top = Math.max(o.computedLevel * 1.6, (L + R) * o.period.mean * 2, 2);
  const width = top / buckets;
  const nA = o.actions ?? 12;
  const maxQ = Math.max(o.computedLevel, R * o.period.mean * 3, 1);
  const actions = Array.from({ length: nA }, (_, i) => (i * maxQ) / (nA - 1));
  const episodes = o.episodes ?? 4000;
  const env = orderEnvironment(x, draw, actions, width, buckets, o.episodeLength ?? 50, () => rng.next() * top);
  const res = qLearning(env, { episodes, gamma: o.gamma ?? 0.95, alpha: 0.1, seed: (o.seed ?? 1) + 1, epsilonStart: 1, epsilonEnd: 0.05 });
  const all = actions.map((_, i) => i);
  const orderByBucket = Array.from({ length: buckets }, (_, b) => actions[res.policy(String(b), all)]);
  // evaluation on fresh seeded paths with the simulator itself
  const evalRng = createRng((o.seed ?? 1) + 99);
  const paths = Array.from({ length: o.evalPaths ?? 20 }, () => Float64Array.from({ length: o.evalLength ?? 200 }, () => qf(Math.min(1 - 1e-9, Math.max(1e-9, evalRng.next())))));
  const run = (rule: (t: number, ip: number) => number) => poolMetrics(paths.map((demand) => simulate({
    demand, rule, leadTime: L, review: R, onHand: o.computedLevel, moq: x.moq, batch: x.batch,
    holdingCost: x.holdingCost, orderingCost: x.orderingCost, stockoutCost: x.stockoutCost,
  }).metrics));
  const learned = run((_t, ip) => orderByBucket[Math.max(0, Math.min(buckets - 1, Math.floor(ip / width)))]);
  const computed = run((_t, ip) => o.computedLevel - ip);
  return { orderByBucket, bucketWidth: width, actions, episodes, curve: res.greedyCurve, learned, computed };
}
