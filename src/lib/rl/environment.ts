/** The contract between a learning agent and the world it acts in (a simulator). */

/** One transition. */
export interface StepResult<S> {
  state: S;
  reward: number;
  done: boolean;
}

/** A finite-action episodic environment; illegal actions are masked by {@link Environment.legalActions}. */
export interface Environment<S> {
  /** Number of actions (0 … numActions − 1). */
  numActions: number;
  /** Starts an episode. */
  reset(): S;
  /** Applies a legal action. */
  step(action: number): StepResult<S>;
  /** The actions allowed in `state` (never empty before the end). */
  legalActions(state: S): number[];
  /** A table key of the state (for tabular learning). */
  key(state: S): string;
  /** A fixed-length numeric encoding of the state (for function approximation). */
  features?(state: S): Float32Array;
}

/** A greedy rollout: the actions taken and the return. */
export interface Rollout {
  actions: number[];
  totalReward: number;
}

/** Runs one episode choosing `choose(state)` at each step. */
export function rollout<S>(env: Environment<S>, choose: (state: S) => number, maxSteps = 100_000): Rollout {
  let s = env.reset();
  const actions: number[] = [];
  let total = 0;
  for (let k = 0; k < maxSteps; k++) {
    const a = choose(s);
    actions.push(a);
    const r = env.step(a);
    total += r.reward;
    s = r.state;
    if (r.done) break;
  }
  return { actions, totalReward: total };
}
