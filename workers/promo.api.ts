/** Types of the promotion worker's comlink API: elasticity, the exact optimiser and the learning agents. */
import type { ElasticityEstimate, ElasticityOptions, OptimisedPlan, PlanChoice, PlanProblem, PriceSeries } from '../src/lib/promo';

/** Progress of a learning run. */
export interface LearnProgress {
  episode: number;
  episodes: number;
  greedyReturn: number;
}

/** What a learning run returns. */
export interface LearnResult {
  agent: 'q' | 'dqn';
  /** Greedy return at evaluation points: [episode, return]. */
  curve: [number, number][];
  /** Return of each training episode (with exploration). */
  episodeReturns: number[];
  finalReturn: number;
  /** The greedy policy's plan, checked against the constraints. */
  plan: PlanChoice[];
  violations: string[];
  seconds: number;
}

/** One series' history as typed arrays (days since 1970, target, the covariates asked for). */
export interface PromoHistory {
  id: string;
  ds: Int32Array;
  y: Float64Array;
  x: Record<string, Float64Array>;
}

export interface PromoApi {
  /** Connects the worker to the db worker's engine (the client does this on start). */
  connectEngine(port: MessagePort): Promise<void>;
  /** Every series' history with the given covariates, read by the pipeline's own loader. */
  histories(options: { freq: import('../src/lib/data/contract').Freq; covariates: string[] }): Promise<PromoHistory[]>;
  /** Price elasticity per series (quasi-Poisson log-log, empirical-Bayes shrinkage). */
  elasticities(series: PriceSeries[], options: ElasticityOptions & { products?: Record<string, string> }): Promise<ElasticityEstimate[]>;
  /** The exact promotion calendar (HiGHS); cancel by terminating the worker (see the client). */
  optimise(problem: PlanProblem, options?: { timeLimitSeconds?: number }): Promise<OptimisedPlan>;
  /** Learns a promotion policy against the same response model (tabular Q-learning or a small DQN). */
  learn(problem: PlanProblem, options: { agent: 'q' | 'dqn'; episodes: number; seed?: number }, onProgress?: (p: LearnProgress) => void): Promise<LearnResult>;
}
