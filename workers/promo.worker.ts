/// <reference lib="webworker" />
/**
 * The promotion worker: elasticity regressions, the exact optimiser (HiGHS) and the learning agents run
 * here, never on the page. HiGHS cannot be interrupted: the client cancels by terminating this worker.
 */
import './networkGuard'; // first: no request beyond this site's origin from this worker
import './lifeline'; // the page's supervisor learns at once when this worker ends (src/clients/supervise.ts)
import { expose, transfer, wrap } from 'comlink';
import type { SqlEngine } from '../src/lib/data/engine';
import { remoteEngine, type EngineEndpoint } from '../src/lib/data/remoteEngine';
import { loadTrainData } from '../src/lib/pipeline/loadTrainData';
import { estimateElasticities, evaluatePlan, optimisePromotions, promoEnvironment } from '../src/lib/promo';
import { qLearning, rollout, trainDqn } from '../src/lib/rl';
import { highs } from './highs';
import { useBackend } from './tfBackend';
import type { LearnResult, PromoApi } from './promo.api';

/** The db worker's engine, reached over a port (see `connectEngine`). */
let engine: SqlEngine | null = null;

const api: PromoApi = {
  async connectEngine(port) {
    engine = remoteEngine(wrap<EngineEndpoint>(port));
  },
  async histories(options) {
    if (!engine) throw new Error('histories: the data engine is not connected');
    const train = await loadTrainData(engine, { freq: options.freq, knownFuture: options.covariates });
    const out = train.series.map((s) => ({ id: s.id, ds: s.ds, y: s.y, x: s.x ?? {} }));
    return transfer(out, out.flatMap((s) => [s.ds.buffer, s.y.buffer, ...Object.values(s.x).map((v) => v.buffer)]) as ArrayBuffer[]);
  },
  async elasticities(series, options) {
    const products = options.products;
    return estimateElasticities(series, { ...options, ...(products ? { productOf: (id: string) => products[id] } : {}) });
  },
  async optimise(problem, options = {}) {
    return optimisePromotions(problem, { highs: await highs(), timeLimitSeconds: options.timeLimitSeconds });
  },
  async learn(problem, options, onProgress) {
    const t0 = performance.now();
    const env = promoEnvironment(problem);
    let out: Omit<LearnResult, 'plan' | 'violations' | 'seconds'>;
    if (options.agent === 'q') {
      const r = qLearning(env, { episodes: options.episodes, seed: options.seed, alpha: 1, onProgress: (p) => onProgress?.({ ...p, episodes: options.episodes }) });
      rollout(env, (s) => r.policy(env.key(s), env.legalActions(s)));
      out = { agent: 'q', curve: r.greedyCurve, episodeReturns: r.episodeReturns, finalReturn: r.finalReturn };
    } else {
      await useBackend();
      const r = await trainDqn(env, { episodes: options.episodes, seed: options.seed, hidden: [32], rewardScale: env.rewardScale, onProgress: (p) => onProgress?.({ episode: p.episode, greedyReturn: p.greedyReturn, episodes: options.episodes }) });
      rollout(env, (s) => r.act(env.features!(s), env.legalActions(s)));
      out = { agent: 'dqn', curve: r.greedyCurve, episodeReturns: r.episodeReturns, finalReturn: r.finalReturn };
      r.dispose();
    }
    const plan = env.plan();
    return { ...out, plan, violations: evaluatePlan(problem, plan).violations, seconds: (performance.now() - t0) / 1000 };
  },
};

expose(api);
