/** Types of the promotion worker's comlink API: elasticity, the exact optimiser and the learning agents. */
import type { CovariateMeta, DataIssue, Freq } from '../src/lib/data/contract';
import type { AppliedScenario, ElasticityEstimate, ElasticityOptions, OptimisedPlan, PlanChoice, PlanProblem, PriceSeries, Scenario, ScenarioPeriod, SeriesUplift, UpliftResult } from '../src/lib/promo';

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
  /** The promotion type per row (text as in the file), when a type column was asked for. */
  types?: string[];
}

/** What the what-if fit needs (the studio's mapping). */
export interface WhatIfFitRequest {
  freq: Freq;
  h: number;
  model: string;
  covariates: CovariateMeta[];
  statics: string[];
  /** Sibling group per series id (store × category): cannibalisation and halo are counted within it. */
  groups: Record<string, string>;
}

/** The fitted what-if model, as the page sees it. */
export interface WhatIfFit {
  model: string;
  fitSeconds: number;
  /** Seconds of the whole preparation (plan, calibration backtest, fit, baseline forecast). */
  seconds: number;
  horizon: { from: string; to: string };
  columns: { price?: string; promo?: string; type?: string };
  /** Promotion types of the history's promoted rows (the type column's values). */
  historyTypes: string[];
  /** Known-future numeric columns (a unit-cost column can be one of them). */
  numericPlanColumns: string[];
}

/** One scenario's answer as the page shows it. */
export interface WhatIfAnswer {
  issues: DataIssue[];
  extrapolations: AppliedScenario['extrapolations'];
  total?: UpliftResult['total'];
  /** Promoted series and siblings with an effect. */
  series?: SeriesUplift[];
  /** Periods of the promoted series (baseline and scenario with 80 % bands). */
  periods?: ScenarioPeriod[];
  /** Milliseconds in the worker: plan edit, re-forecast (no refit), decomposition. */
  ms: number;
}

export interface PromoApi {
  /** Fits the what-if model once with `fitScenarioModel` (the same call as `npm run promo`). */
  fitWhatIf(req: WhatIfFitRequest, onProgress?: (message: string) => void): Promise<{ fit?: WhatIfFit; issues: DataIssue[] }>;
  /** Answers a scenario with `answerScenario` against the fitted model, without refitting; `slot` names its plan table. */
  whatIf(scenario: Scenario, slot: number): Promise<WhatIfAnswer>;
  /** Connects the worker to the db worker's engine (the client does this on start). */
  connectEngine(port: MessagePort): Promise<void>;
  /** Every series' history with the given covariates, read by the pipeline's own loader. */
  histories(options: { freq: import('../src/lib/data/contract').Freq; covariates: string[]; typeColumn?: string }): Promise<PromoHistory[]>;
  /** Price elasticity per series (quasi-Poisson log-log, empirical-Bayes shrinkage). */
  elasticities(series: PriceSeries[], options: ElasticityOptions & { products?: Record<string, string> }): Promise<ElasticityEstimate[]>;
  /** The exact promotion calendar (HiGHS); cancel by terminating the worker (see the client). */
  optimise(problem: PlanProblem, options?: { timeLimitSeconds?: number }): Promise<OptimisedPlan>;
  /** Learns a promotion policy against the same response model (tabular Q-learning or a small DQN). */
  learn(problem: PlanProblem, options: { agent: 'q' | 'dqn'; episodes: number; seed?: number }, onProgress?: (p: LearnProgress) => void): Promise<LearnResult>;
}
