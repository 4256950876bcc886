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
import { answerScenario, estimateElasticities, evaluatePlan, fitScenarioModel, optimisePromotions, promoEnvironment, type ScenarioModel } from '../src/lib/promo';
import { getModel, hasModel } from '../src/lib/models';
import { numbers, strings } from '../src/lib/pipeline/sqlEngine';
import { qLearning, rollout, trainDqn } from '../src/lib/rl';
import { highs } from './highs';
import { useBackend } from './tfBackend';
import type { LearnResult, PromoApi, PromoHistory, WhatIfFit } from './promo.api';

/** The db worker's engine, reached over a port (see `connectEngine`). */
let engine: SqlEngine | null = null;
/** The fitted what-if model and the sibling groups it decomposes with. */
let whatIf: { model: ScenarioModel; groups: Record<string, string> } | null = null;
/** What-if calls share the plan tables and the engine: they run one after another, never interleaved. */
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
};
const q = (c: string) => `"${c.replace(/"/g, '""')}"`;

const api: PromoApi = {
  async connectEngine(port) {
    engine = remoteEngine(wrap<EngineEndpoint>(port));
  },
  async fitWhatIf(req, onProgress) {
    if (!engine) throw new Error('fitWhatIf: the data engine is not connected');
    if (!hasModel(req.model)) return { issues: [{ level: 'error', code: 'unknown_model', message: `Unknown model "${req.model}".`, hint: 'Pick one from the list.' }] };
    const t0 = performance.now();
    whatIf = null;
    const model = getModel(req.model);
    if (model.kind === 'neural') await useBackend();
    const db = engine;
    const r = await serial(() => fitScenarioModel(db, { freq: req.freq, h: req.h, model, fallback: getModel('snaive'), covariates: req.covariates, statics: req.statics, plan: 'plan_whatif', onProgress: (m) => onProgress?.(m) }));
    if (!r.model) return { issues: r.issues };
    whatIf = { model: r.model, groups: req.groups };
    const c = r.model.columns;
    const historyTypes = c.type && c.promo ? strings(await engine.query(`SELECT DISTINCT CAST(${q(c.type)} AS VARCHAR) AS t FROM sales WHERE TRY_CAST(${q(c.promo)} AS DOUBLE) > 0 AND ${q(c.type)} IS NOT NULL ORDER BY 1`), 't') : [];
    const fit: WhatIfFit = {
      model: r.model.fitted.model, fitSeconds: r.model.fitSeconds, seconds: (performance.now() - t0) / 1000, horizon: r.model.horizon, columns: c, historyTypes,
      numericPlanColumns: req.covariates.filter((x) => x.timing === 'known_future' && x.type === 'numeric').map((x) => x.name),
    };
    return { fit, issues: r.issues };
  },
  async whatIf(scenario, slot) {
    if (!engine || !whatIf) throw new Error('whatIf: no what-if model is fitted yet');
    const { groups, model } = whatIf;
    const db = engine;
    const a = await serial(() => answerScenario(db, model, scenario, { groupOf: (id) => groups[id] ?? id, table: `plan_whatif_${slot}` }));
    const promoted = new Set(a.applied.windows.map((w) => w.unique_id));
    return {
      issues: a.applied.issues, extrapolations: a.applied.extrapolations, ms: a.ms,
      ...(a.result ? { total: a.result.total, series: a.result.series.filter((s) => s.role === 'promoted' || Math.abs(s.net) > 1e-9) } : {}),
      ...(a.periods ? { periods: a.periods.filter((p) => promoted.has(p.unique_id)) } : {}),
    };
  },
  async histories(options) {
    if (!engine) throw new Error('histories: the data engine is not connected');
    const train = await loadTrainData(engine, { freq: options.freq, knownFuture: options.covariates });
    const out: PromoHistory[] = train.series.map((s) => ({ id: s.id, ds: s.ds, y: s.y, x: s.x ?? {} }));
    if (options.typeColumn) {
      // The type's text per row of the loader's rows, matched by (series, date) rather than by position,
      // so the elasticity regression gives each promotion type its own lift instead of reading it as
      // price response. (The teaching view's implied uplift reads the same types: sampleTruth.ts.)
      const c = `"${options.typeColumn.replace(/"/g, '""')}"`;
      const t = await engine.query(`SELECT unique_id, CAST(ds - DATE '1970-01-01' AS INTEGER)::DOUBLE AS d, CAST(${c} AS VARCHAR) AS k FROM sales`);
      const ids = strings(t, 'unique_id');
      const ks = strings(t, 'k');
      const ds = numbers(t, 'd');
      const at = new Map<string, string>();
      for (let i = 0; i < ids.length; i++) at.set(`${ids[i]}|${ds[i]}`, ks[i] ?? '');
      for (const s of out) s.types = Array.from(s.ds, (d) => at.get(`${s.id}|${d}`) ?? '');
    }
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
