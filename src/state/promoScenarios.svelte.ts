/**
 * What-if scenarios of the Promo step: a model that reads price and promotion is fitted once in the
 * promotion worker (`fitScenarioModel`, as `npm run promo` does); each scenario form becomes the CLI's
 * scenario JSON, is parsed by the same `parseScenario` and answered by `answerScenario` without refitting.
 */
import { tick } from 'svelte';
import { proxy } from 'comlink';
import type { DataIssue } from '../lib/data/contract';
// One module at a time, not the package index (which would bring TF.js into the page; see promo.svelte.ts).
import type { OptimisedPlan, PlanProblem, Scenario, ScenarioSummary } from '../lib/promo';
import { compareScenarios, MAX_SCENARIOS } from '../lib/promo/compareScenarios';
import { parseScenario } from '../lib/promo/scenario';
import type { WhatIfAnswer, WhatIfFit } from '../../workers/promo.api';
import { promoWorker } from '../clients/promo';
import type { Project } from './project.svelte';
import type { PromoSeriesInfo, PromoState } from './promo.svelte';

/** Promotion types the form offers (the CLI's `type` values). */
export const PROMO_TYPES = [
  ['percent', 'percentage discount'],
  ['price', 'fixed promotional price'],
  ['threshold', 'threshold discount (spend X, save Y)'],
  ['multibuy', 'multi-buy (buy N get M free)'],
  ['gift', 'free gift'],
  ['none', 'display / feature only'],
] as const;

/** One scenario as the user edits it. */
export interface ScenarioForm {
  name: string;
  /** Level column → value ('' = any): store + item is one series, category + store a category in a store, item alone an item in every store. */
  filters: Record<string, string>;
  /** Comma-separated series ids; when set, used instead of the filters. */
  ids: string;
  from: string;
  to: string;
  type: (typeof PROMO_TYPES)[number][0];
  depthPct: number;
  price: number;
  spend: number;
  save: number;
  buy: number;
  get: number;
  giftCost: number;
  display: boolean;
  feature: boolean;
}

/** A scenario's last answer, with the time from the edit to the shown result. */
export interface ScenarioRun {
  answer: WhatIfAnswer;
  /** Milliseconds from the edit to the result on screen (worker time + transfer + render). */
  ms: number;
  scenario?: Scenario;
}

const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);

export class WhatIfState {
  model = $state('gbdt');
  fit = $state.raw<WhatIfFit | null>(null);
  fitting = $state<string | null>(null);
  messages = $state.raw<DataIssue[]>([]);
  forms = $state<ScenarioForm[]>([]);
  runs = $state.raw<(ScenarioRun | null)[]>([]);
  busy = $state.raw<boolean[]>([]);
  /** Series shown in the chart and the period table, per scenario. */
  shown = $state<string[]>([]);
  // money shared by every scenario
  marginPct = $state(30);
  unitCostColumn = $state('');
  promoFee = $state(0);
  vendorSharePct = $state(0);
  /** The optimiser's plan forecast by the same model, and the scenario it is compared with. */
  optimised = $state.raw<ScenarioRun | null>(null);
  versus = $state(0);

  /** Latest request per slot: an older answer arriving late is dropped. */
  private seq: number[] = [];

  constructor(private project: Project, private promo: PromoState) {}

  get levels() {
    return this.promo.levels;
  }

  /** Fits the what-if model in the promotion worker (once per data and model). */
  async prepare() {
    const m = this.project.mapping;
    if (!m) return;
    this.fit = null;
    this.runs = [];
    this.optimised = null;
    this.messages = [];
    this.fitting = `Fitting ${this.model} once on all of the data…`;
    try {
      const groups = Object.fromEntries(this.promo.series.map((s) => [s.id, s.group]));
      const r = await promoWorker().fitWhatIf(
        { freq: m.freq, h: this.project.horizon, model: this.model, covariates: $state.snapshot(m.covariates), statics: $state.snapshot(this.project.statics), groups },
        proxy((msg: string) => { if (this.fitting) this.fitting = `${this.model}: ${msg}…`; }),
      );
      this.messages = r.issues;
      if (!r.fit) return;
      this.fit = r.fit;
      if (!this.forms.length) this.addScenario();
      else for (let k = 0; k < this.forms.length; k++) void this.run(k);
    } catch (e) {
      this.messages = [{ level: 'error', code: 'whatif_failed', message: `Fitting the what-if model failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300)}`, hint: 'Your data is unchanged. Try another model or a shorter horizon.' }];
    } finally {
      this.fitting = null;
    }
  }

  /** A new scenario: a copy of the last one (or 20 % off the first series for a week), then answered. */
  addScenario() {
    if (!this.fit || this.forms.length >= MAX_SCENARIOS) return;
    const last = this.forms.at(-1);
    const first = this.promo.series[0];
    const filters: Record<string, string> = Object.fromEntries(this.levels.map((l) => [l.column, '']));
    for (const c of (this.project.mapping?.id ?? [])) if (first?.attrs[c] !== undefined) filters[c] = first.attrs[c];
    const from = addDays(this.fit.horizon.from, 3);
    const form: ScenarioForm = last
      ? { ...$state.snapshot(last), filters: { ...$state.snapshot(last).filters }, name: `Scenario ${String.fromCharCode(65 + this.forms.length)}` }
      : { name: 'Scenario A', filters, ids: '', from, to: addDays(from, 6) > this.fit.horizon.to ? this.fit.horizon.to : addDays(from, 6), type: 'percent', depthPct: 20, price: 1, spend: 10, save: 2, buy: 2, get: 1, giftCost: 0.5, display: false, feature: false };
    this.forms.push(form);
    this.runs = [...this.runs, null];
    this.shown.push('');
    void this.run(this.forms.length - 1);
  }

  removeScenario(k: number) {
    this.forms.splice(k, 1);
    this.seq.splice(k, 1);
    this.shown.splice(k, 1);
    this.runs = this.runs.filter((_, i) => i !== k);
    if (this.versus >= this.forms.length) this.versus = 0;
  }

  /** Series a form applies to. */
  seriesOf(f: ScenarioForm): string[] {
    if (f.ids.trim()) return f.ids.split(/[,;\s]+/).filter(Boolean);
    return this.promo.series.filter((s: PromoSeriesInfo) => Object.entries(f.filters).every(([c, v]) => !v || s.attrs[c] === v)).map((s) => s.id);
  }

  /** The scenario JSON of `npm run promo --scenario`, as the CLI would read it. */
  scenarioJson(f: ScenarioForm, series = this.seriesOf(f)): Record<string, unknown> {
    const mech: Record<string, unknown> =
      f.type === 'percent' ? { depth: f.depthPct / 100 } : f.type === 'price' ? { price: f.price } : f.type === 'threshold' ? { spend: f.spend, save: f.save }
      : f.type === 'multibuy' ? { buy: f.buy, get: f.get } : f.type === 'gift' ? { giftCost: f.giftCost } : {};
    return {
      name: f.name,
      promotions: [{ series, from: f.from, to: f.to, type: f.type, ...mech, display: f.display, feature: f.feature }],
      money: this.moneyJson(),
    };
  }

  moneyJson(): Record<string, unknown> {
    return { ...(this.unitCostColumn ? { unitCostColumn: this.unitCostColumn } : { marginPct: this.marginPct / 100 }), promoFee: this.promoFee, vendorShare: this.vendorSharePct / 100 };
  }

  /** Answers scenario k; the time is measured from this call (the edit) to the result on screen. */
  async run(k: number) {
    const f = this.forms[k];
    if (!f || !this.fit) return;
    const t0 = performance.now();
    const mine = (this.seq[k] = (this.seq[k] ?? 0) + 1);
    const parsed = parseScenario($state.snapshot(this.scenarioJson(f)));
    if (!parsed.scenario) {
      this.setRun(k, { answer: { issues: parsed.issues, extrapolations: [], ms: 0 }, ms: performance.now() - t0 });
      return;
    }
    this.busy = Object.assign([...this.busy], { [k]: true });
    try {
      const answer = await promoWorker().whatIf(parsed.scenario, k);
      if (this.forms[k] !== f || this.seq[k] !== mine) return; // removed, or edited again meanwhile
      this.setRun(k, { answer, ms: 0, scenario: parsed.scenario });
      await tick();
      this.setRun(k, { answer, ms: performance.now() - t0, scenario: parsed.scenario });
    } catch (e) {
      if (this.seq[k] !== mine) return;
      this.setRun(k, { answer: { issues: [{ level: 'error', code: 'whatif_failed', message: `The scenario failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300)}`, hint: 'Fit the model again (the worker may have been stopped).' }], extrapolations: [], ms: 0 }, ms: performance.now() - t0 });
    } finally {
      if (this.seq[k] === mine) this.busy = Object.assign([...this.busy], { [k]: false });
    }
  }

  /** Re-answers every scenario (after a money setting changed). */
  runAll() {
    for (let k = 0; k < this.forms.length; k++) void this.run(k);
    if (this.optimised && this.promo.plan && this.promo.problem) void this.forecastOptimised(this.promo.plan, this.promo.problem);
  }

  private setRun(k: number, r: ScenarioRun) {
    const runs = [...this.runs];
    runs[k] = r;
    this.runs = runs;
  }

  /** The answered scenarios side by side (their decomposition totals), the best marked by the objective. */
  get comparison(): (ScenarioSummary & { k: number; total: NonNullable<WhatIfAnswer['total']> })[] {
    const done = this.runs.flatMap((r, k) => (r?.answer.total ? [{ k, total: r.answer.total, name: this.forms[k]?.name ?? `#${k + 1}` }] : []));
    const { rows } = compareScenarios(done.map((d) => ({ name: d.name, result: { series: [], total: d.total } })), this.promo.objective);
    return rows.map((r, i) => ({ ...r, k: done[i].k, total: done[i].total }));
  }

  /** The optimiser's calendar as a scenario: each chosen period a percentage discount on its item, dated in the horizon. */
  optimisedScenario(plan: OptimisedPlan, problem: PlanProblem): { json?: Record<string, unknown>; dropped: number } {
    if (!this.fit) return { dropped: 0 };
    const len = this.promo.periodLength;
    let dropped = 0;
    const promotions = plan.plan.flatMap((c) => {
      const from = addDays(this.fit!.horizon.from, c.period * len);
      if (from > this.fit!.horizon.to) {
        dropped++;
        return [];
      }
      const to = addDays(from, len - 1) > this.fit!.horizon.to ? this.fit!.horizon.to : addDays(from, len - 1);
      return [{ series: [problem.items[c.item].id], from, to, type: 'percent', depth: problem.depths[c.depth] }];
    });
    return { json: { name: "optimiser's plan", promotions, money: this.moneyJson() }, dropped };
  }

  /** Forecasts the optimiser's plan with the what-if model (against no promotion; the view sets it against a scenario). */
  async forecastOptimised(plan: OptimisedPlan, problem: PlanProblem) {
    const { json, dropped } = this.optimisedScenario(plan, problem);
    if (!json) return;
    if (!(json.promotions as unknown[]).length) {
      this.optimised = { answer: { issues: [{ level: 'info', code: 'empty_plan', message: dropped ? `All ${dropped} promotions of the plan fall after the forecast horizon.` : 'The optimiser chose no promotion: its effect against no promotion is zero.', hint: dropped ? 'Forecast further ahead, or plan fewer periods.' : undefined }], extrapolations: [], ms: 0 }, ms: 0 };
      return;
    }
    const t0 = performance.now();
    const parsed = parseScenario(json);
    if (!parsed.scenario) {
      this.optimised = { answer: { issues: parsed.issues, extrapolations: [], ms: 0 }, ms: 0 };
      return;
    }
    const answer = await promoWorker().whatIf(parsed.scenario, MAX_SCENARIOS);
    if (dropped) answer.issues = [...answer.issues, { level: 'warning', code: 'plan_beyond_horizon', message: `${dropped} promotions of the plan fall after the forecast horizon and are left out.`, hint: 'Forecast further ahead, or plan fewer periods.' }];
    this.optimised = { answer, ms: performance.now() - t0, scenario: parsed.scenario };
  }
}
