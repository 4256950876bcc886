/**
 * State of the Promo step: the price response per series (estimated in the promotion worker), the
 * optimiser's form, plan and status, and the learning agents' runs. Histories come from the db worker.
 */
import { getContext, setContext } from 'svelte';
import { proxy } from 'comlink';
import type { DataIssue } from '../lib/data/contract';
// The page imports the promo modules it needs one by one: the package index also exports the worker-side
// fits (Poisson regression on TF.js), which would pull TF.js into the page's first download.
import type { ElasticityEstimate, OptimisedPlan, PlanProblem, PriceSeries } from '../lib/promo';
import { planItemsFromEstimates, type PlanSeries } from '../lib/promo/planItemsFromEstimates';
import { checkPlanInputs, planSeriesFromHistory } from '../lib/promo/planInputs';
import type { PromoObjective } from '../lib/promo';
import type { LearnResult } from '../../workers/promo.api';
import { db } from '../clients/db';
import { cancelPromo, promoWorker } from '../clients/promo';
import type { Project } from './project.svelte';
import { WhatIfState } from './promoScenarios.svelte';

/** One series of the data with its attributes and the columns the elasticity needs. */
export interface PromoSeriesInfo {
  id: string;
  /** Sibling group: the id columns but the last, plus the category. */
  group: string;
  attrs: Record<string, string>;
  history: { t: number[]; y: Float64Array; price: Float64Array; promo: Float64Array | null; types?: string[] };
}

const fail = (e: unknown, what: string): DataIssue => ({
  level: 'error', code: 'promo_failed', message: `${what} failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300)}`, hint: 'Your data is unchanged. Try again with a smaller selection.',
});

export class PromoState {
  series = $state.raw<PromoSeriesInfo[]>([]);
  estimates = $state.raw<ElasticityEstimate[]>([]);
  levels = $state.raw<{ column: string; values: string[] }[]>([]);
  priceColumn = $state<string | null>(null);
  promoColumn = $state<string | null>(null);
  selected = $state<string | null>(null);
  status = $state<string | null>(null);
  messages = $state.raw<DataIssue[]>([]);
  // optimiser form
  scopeColumn = $state('store');
  scopeValue = $state('');
  periods = $state(6);
  depthsText = $state('10, 20, 30, 40');
  budget = $state<number | null>(null);
  maxPromosPerItem = $state<number | null>(2);
  minPromosPerItem = $state<number | null>(null);
  minGap = $state<number | null>(1);
  maxPerCategory = $state<number | null>(1);
  marginPct = $state(40);
  vendorSharePct = $state(50);
  objective = $state<PromoObjective>('profit');
  timeLimit = $state(20);
  // results
  problem = $state.raw<PlanProblem | null>(null);
  baselineProfit = $state(0);
  plan = $state.raw<OptimisedPlan | null>(null);
  notes = $state.raw<string[]>([]);
  running = $state<string | null>(null);
  agent = $state<'q' | 'dqn'>('q');
  episodes = $state(5000);
  curve = $state.raw<[number, number][]>([]);
  learned = $state.raw<LearnResult | null>(null);
  exactForLearn = $state<number | null>(null);
  private loadedFor: unknown = null;
  /** The what-if scenarios (a fitted model answers each edit without refitting). */
  what: WhatIfState;

  constructor(private project: Project) {
    this.what = new WhatIfState(project, this);
  }

  /** Reads every series' history (target, price, promotion flag) and estimates the elasticities in the worker. */
  async load() {
    const m = this.project.mapping;
    if (!m || this.loadedFor === this.project.prepared) return;
    this.loadedFor = this.project.prepared;
    const numeric = m.covariates.filter((c) => c.type === 'numeric').map((c) => c.name);
    this.priceColumn = numeric.find((c) => /price/i.test(c)) ?? null;
    this.promoColumn = numeric.find((c) => /promo/i.test(c)) ?? null;
    const typeColumn = m.covariates.find((c) => c.type === 'categorical' && /promo|mechanic|deal/i.test(c.name) && /type|kind|mechanic/i.test(c.name))?.name;
    this.messages = [];
    if (!this.priceColumn) {
      this.messages = [{ level: 'error', code: 'no_price', message: 'The data has no numeric price column (named like *price*), so no elasticity can be estimated.', hint: 'Map a price column as a numeric covariate in Data.' }];
      return;
    }
    try {
      this.status = 'Reading the histories…';
      this.levels = await db().levels();
      const attrCols = this.levels.map((l) => l.column);
      const table = await db().preview(`SELECT unique_id${attrCols.map((c) => `, CAST("${c.replace(/"/g, '""')}" AS VARCHAR) AS "${c.replace(/"/g, '""')}"`).join('')} FROM series ORDER BY unique_id`, 1000);
      const groupCols = [...m.id.slice(0, -1), ...attrCols.filter((c) => /categor|dept|department|family/i.test(c) && !m.id.includes(c))];
      if (!this.levels.some((l) => l.column === this.scopeColumn)) this.scopeColumn = this.levels[0]?.column ?? '';
      this.scopeValue ||= this.levels.find((l) => l.column === this.scopeColumn)?.values[0] ?? '';
      const covs = [this.priceColumn, ...(this.promoColumn ? [this.promoColumn] : [])];
      const out: PromoSeriesInfo[] = [];
      const histories = new Map((await promoWorker().histories({ freq: m.freq, covariates: covs, ...(typeColumn && this.promoColumn ? { typeColumn } : {}) })).map((h) => [h.id, h]));
      for (const row of table.rows) {
        const id = String(row[0]);
        const b = histories.get(id);
        if (!b) continue;
        const attrs = Object.fromEntries(attrCols.map((c, j) => [c, String(row[j + 1] ?? '')]));
        out.push({
          id, attrs, group: groupCols.length ? groupCols.map((c) => attrs[c] ?? '').join('|') : 'all',
          history: { t: Array.from(b.ds), y: b.y, price: b.x[this.priceColumn], promo: this.promoColumn ? b.x[this.promoColumn] ?? null : null, ...(b.types ? { types: b.types } : {}) },
        });
      }
      this.series = out;
      this.status = `Estimating ${out.length} price responses in the promotion worker…`;
      const priceSeries: PriceSeries[] = out.map((s) => ({ unique_id: s.id, group: s.group, t: s.history.t, y: s.history.y, price: s.history.price, ...(s.history.promo ? { promo: s.history.promo, ...(s.history.types ? { promoType: s.history.types } : {}) } : {}) }));
      const products = Object.fromEntries(out.map((s) => [s.id, s.id.split('/').at(-1) ?? s.id]));
      this.estimates = await promoWorker().elasticities(priceSeries, { freq: m.freq, products });
      this.selected ??= out[0]?.id ?? null;
      this.status = null;
    } catch (e) {
      this.loadedFor = null;
      this.status = null;
      this.messages = [fail(e, 'Estimating the elasticities')];
    }
  }

  /** History periods per planning period: daily data is planned in weeks. */
  get periodLength() {
    return this.project.mapping?.freq === 'D' ? 7 : 1;
  }

  get periodName() {
    return this.periodLength === 7 ? 'week' : 'period';
  }

  depths(): number[] {
    return this.depthsText.split(/[,;\s]+/).filter(Boolean).map((s) => Number(s.replace('%', '')) / 100);
  }

  scopeIds(): string[] {
    return this.series.filter((s) => !this.scopeValue || s.attrs[this.scopeColumn] === this.scopeValue).map((s) => s.id);
  }

  /** Builds the planning problem from the selection and the form; null (with messages) when the input is bad. */
  buildProblem(): PlanProblem | null {
    const opt = (v: number | null) => (v === null || Number.isNaN(v) ? undefined : v);
    const ids = new Set(this.scopeIds());
    const depths = this.depths();
    const issues = checkPlanInputs({ items: ids.size, periods: this.periods, depths, budget: opt(this.budget), maxPromosPerItem: opt(this.maxPromosPerItem), minPromosPerItem: opt(this.minPromosPerItem), minGap: opt(this.minGap), maxPerCategory: opt(this.maxPerCategory) });
    if (!(this.marginPct > 0 && this.marginPct < 100)) issues.push({ level: 'error', code: 'bad_margin', message: `A margin of ${this.marginPct} % is not a margin.`, hint: 'Set the gross margin between 0 and 100 %.' });
    if (!(this.vendorSharePct >= 0 && this.vendorSharePct <= 100)) issues.push({ level: 'error', code: 'bad_vendor', message: `A vendor share of ${this.vendorSharePct} % is outside 0–100 %.`, hint: 'Set the share of the discount the vendor funds.' });
    if (issues.length) {
      this.messages = issues;
      return null;
    }
    const plan: PlanSeries[] = [];
    for (const s of this.series.filter((x) => ids.has(x.id))) {
      const p = planSeriesFromHistory({ id: s.id, category: s.group, y: s.history.y, price: s.history.price, promo: s.history.promo, periods: this.periods, periodLength: this.periodLength });
      if (p) plan.push(p);
    }
    if (!plan.length) {
      this.messages = [{ level: 'error', code: 'no_history', message: 'None of the selected series has a recent regular price and demand.', hint: 'Pick other items.' }];
      return null;
    }
    const { items, notes } = planItemsFromEstimates({ series: plan, estimates: this.estimates, type: 'promo', marginPct: this.marginPct / 100 });
    this.notes = notes;
    const problem: PlanProblem = {
      items, periods: this.periods, depths, objective: this.objective, vendorShare: this.vendorSharePct / 100,
      constraints: { budget: opt(this.budget), maxPromosPerItem: opt(this.maxPromosPerItem), minPromosPerItem: opt(this.minPromosPerItem), minGap: opt(this.minGap), maxPerCategory: opt(this.maxPerCategory) },
    };
    this.messages = [];
    return problem;
  }

  /** Solves the calendar exactly in the promotion worker. */
  async optimise() {
    const problem = this.buildProblem();
    if (!problem) return;
    this.problem = problem;
    this.baselineProfit = problem.items.reduce((a, it) => a + it.baseUnits.slice(0, problem.periods).reduce((b, u) => b + u, 0) * (it.regularPrice - it.unitCost), 0);
    this.plan = null;
    const t0 = performance.now();
    this.running = 'Solving the integer program (HiGHS)…';
    const tick = setInterval(() => (this.running = `Solving the integer program (HiGHS)… ${((performance.now() - t0) / 1000).toFixed(0)} s of at most ${this.timeLimit} s`), 500);
    try {
      this.plan = await promoWorker().optimise($state.snapshot(problem) as PlanProblem, { timeLimitSeconds: this.timeLimit });
      // The plan's effect by the what-if model: against no promotion and against the user's scenario.
      if (this.what.fit && (this.plan.status === 'optimal' || this.plan.status === 'time_limit')) await this.what.forecastOptimised(this.plan, problem);
    } catch (e) {
      if (this.running) this.messages = [fail(e, 'The optimiser')];
    } finally {
      clearInterval(tick);
      this.running = null;
    }
  }

  /** Trains the chosen agent on the same problem, with a live reward curve; the exact optimum is solved first. */
  async learn() {
    const problem = this.buildProblem();
    if (!problem) return;
    if (!(this.episodes >= 1)) {
      this.messages = [{ level: 'error', code: 'bad_episodes', message: 'The number of episodes must be at least 1.', hint: 'Try 5000 for Q-learning, 100 for the DQN.' }];
      return;
    }
    this.curve = [];
    this.learned = null;
    this.exactForLearn = null;
    try {
      this.running = 'Solving the exact optimum to compare with…';
      const snap = $state.snapshot(problem) as PlanProblem;
      const exact = await promoWorker().optimise(snap, { timeLimitSeconds: this.timeLimit });
      this.exactForLearn = exact.status === 'optimal' || exact.status === 'time_limit' ? exact.value : null;
      this.running = `Training ${this.agent === 'q' ? 'tabular Q-learning' : 'the DQN'}…`;
      const pts: [number, number][] = [];
      let live = true; // progress messages can arrive after the result: ignore them then
      this.learned = await promoWorker().learn(snap, { agent: this.agent, episodes: this.episodes, seed: 1 }, proxy((p: { episode: number; episodes: number; greedyReturn: number }) => {
        if (!live || !this.running) return;
        pts.push([p.episode, p.greedyReturn]);
        this.curve = [...pts];
        this.running = `Training ${this.agent === 'q' ? 'tabular Q-learning' : 'the DQN'}… episode ${p.episode} of ${p.episodes}`;
      }));
      live = false;
      this.curve = this.learned.curve;
    } catch (e) {
      if (this.running) this.messages = [fail(e, 'The learning run')];
    } finally {
      this.running = null;
    }
  }

  cancel() {
    this.running = null;
    cancelPromo();
    if (this.what.fit) {
      this.what.fit = null;
      this.what.messages = [{ level: 'info', code: 'refit_needed', message: 'Stopping the worker dropped the fitted what-if model.', hint: 'Press "Fit the what-if model" again.' }];
    }
    this.messages = [{ level: 'info', code: 'cancelled', message: 'Stopped. Nothing was changed; run again when ready.' }];
  }
}

const KEY = Symbol('promo');
export const setPromo = (s: PromoState) => setContext(KEY, s);
export const getPromo = () => getContext<PromoState>(KEY);
