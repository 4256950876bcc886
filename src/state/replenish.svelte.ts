/**
 * State of the Replenish step: the inputs table (one row per chosen series; blank cells use the
 * assortment defaults), the study's result from the replenishment worker, progress and messages.
 */
import { proxy } from 'comlink';
import type { ColumnMapping, DataIssue } from '../lib/data/contract';
import type { InventoryRow, ItemStudy, OrderPlan, PlannedPromotion, PolicyKind } from '../lib/inventory';
// The defaults alone (not the index) so the page bundle does not pull in the models and pipeline.
import { INVENTORY_DEFAULTS } from '../lib/inventory/inputs';
import { db } from '../clients/db';
import { replenisher } from '../clients/replenish';

/** Editable columns of the inputs table (blank = default). */
export const INPUT_COLUMNS = [
  ['onHand', 'on hand'], ['leadTime', 'lead time'], ['leadTimeSd', 'lead-time σ'], ['review', 'review'], ['service', 'service'],
  ['unitCost', 'unit cost'], ['holdingRate', 'holding %/yr'], ['orderingCost', 'order cost'], ['stockoutCost', 'stock-out cost'], ['salvage', 'salvage'], ['overageCost', 'overage co'], ['moq', 'MOQ'], ['batch', 'batch'],
] as const;

export type InputKey = (typeof INPUT_COLUMNS)[number][0];

/** Default shown in a blank cell. */
export function defaultOf(k: InputKey): number | string {
  if (k === 'overageCost') return 'unit cost − salvage';
  return k === 'holdingRate' ? INVENTORY_DEFAULTS.holdingRate : (INVENTORY_DEFAULTS as unknown as Record<string, number>)[k];
}

export class ReplenishState {
  ids = $state.raw<string[]>([]);
  /** Cell text per series and column ('' = default). */
  cells = $state<Record<string, Record<string, string>>>({});
  serviceKind = $state<'csl' | 'fill_rate'>('csl');
  model = $state('mstl');
  policy = $state<PolicyKind>('RS');
  h = $state(14);
  simulate = $state(56);
  running = $state(false);
  progress = $state.raw<{ fraction: number; message?: string } | null>(null);
  items = $state.raw<ItemStudy[]>([]);
  messages = $state.raw<DataIssue[]>([]);
  /** Budget (money) and capacity (units) per order period across the series; '' = no limit. */
  budget = $state('');
  capacity = $state('');
  /** Planned promotions: series, first and last period from now (1 = the next period), uplift in %. */
  promotions = $state<{ id: string; start: string; end: string; uplift: string }[]>([]);
  plan = $state.raw<OrderPlan | null>(null);
  /** Learning mode: Q-learning an order policy against the simulator, beside the computed (R, S). */
  learn = $state(false);

  /** Lists the series and picks the first `n` for the table. */
  async load(n = 3): Promise<void> {
    if (this.ids.length) return;
    const all = (await db().listSeries({ sort: 'name', limit: n })).map((r) => r.unique_id);
    this.ids = all.slice(0, n);
    for (const id of this.ids) this.cells[id] ??= {};
  }

  /** The table as inventory rows (a cell that is not a number is reported and left to the default). */
  rows(): { rows: InventoryRow[]; issues: DataIssue[] } {
    const issues: DataIssue[] = [];
    const rows = this.ids.map((id) => {
      const row: InventoryRow = { id, serviceKind: this.serviceKind };
      for (const [k, label] of INPUT_COLUMNS) {
        const t = (this.cells[id]?.[k] ?? '').trim();
        if (!t) continue;
        let v = Number(t.replace('%', '').replace(',', '.'));
        if (t.endsWith('%') || ((k === 'service' || k === 'holdingRate') && v > 1 && v < 100)) v /= 100;
        if (Number.isFinite(v)) (row as Record<string, unknown>)[k] = v;
        else issues.push({ level: 'error', code: 'bad_cell', message: `${id}: "${t}" in ${label} is not a number.`, hint: 'Enter a number, or clear the cell to use the default.' });
      }
      return row;
    });
    return { rows, issues };
  }

  /** The plan's settings: limits and promotions (periods 1-based in the table, 0-based in the plan); bad cells are issues. */
  planSettings(): { plan: { promotions: PlannedPromotion[]; budget?: number; capacity?: number }; issues: DataIssue[] } {
    const issues: DataIssue[] = [];
    const num = (t: string, what: string, min: number): number | undefined => {
      if (!t.trim()) return undefined;
      const v = Number(t.trim().replace(',', '.'));
      if (Number.isFinite(v) && v >= min) return v;
      issues.push({ level: 'error', code: 'bad_plan_cell', message: `"${t}" in ${what} is not a number ≥ ${min}.`, hint: 'Enter a number, or clear the cell for no limit / no promotion.' });
      return undefined;
    };
    const promotions: PlannedPromotion[] = [];
    for (const p of this.promotions) {
      const start = num(p.start, `the promotion of ${p.id}: first period`, 1);
      const end = num(p.end || p.start, `the promotion of ${p.id}: last period`, 1);
      const up = num(p.uplift, `the promotion of ${p.id}: uplift %`, -99);
      if (start === undefined || end === undefined || up === undefined) continue;
      if (end < start) {
        issues.push({ level: 'error', code: 'bad_plan_cell', message: `The promotion of ${p.id} ends (period ${end}) before it starts (period ${start}).`, hint: 'Give the last period on or after the first.' });
        continue;
      }
      if (end > this.h) issues.push({ level: 'warning', code: 'promotion_beyond_horizon', message: `The promotion of ${p.id} runs to period ${end}, past the horizon of ${this.h}; the part beyond is not planned.`, hint: 'Raise the horizon to plan for all of it.' });
      promotions.push({ id: p.id, start: start - 1, end: end - 1, uplift: 1 + up / 100 });
    }
    return { plan: { promotions, budget: num(this.budget, 'budget per period', 0), capacity: num(this.capacity, 'capacity per period', 0) }, issues };
  }

  /** Runs the study in the worker. */
  async run(mapping: ColumnMapping, season: number): Promise<void> {
    const { rows, issues: rowIssues } = this.rows();
    const { plan, issues: planIssues } = this.planSettings();
    const issues = [...rowIssues, ...planIssues.filter((i) => i.level === 'error')];
    if (issues.length) {
      this.messages = issues;
      return;
    }
    this.running = true;
    this.messages = [];
    this.progress = { fraction: 0, message: 'Reading the histories…' };
    try {
      const res = await replenisher().study({ freq: mapping.freq, season, h: this.h, model: this.model, simulate: this.simulate, policy: this.policy, rows, plan: $state.snapshot(plan), learn: this.learn }, proxy((p: { fraction: number; message?: string }) => (this.progress = p)));
      this.items = res.items;
      this.plan = res.plan ?? null;
      this.messages = [...planIssues.filter((i) => i.level !== 'error'), ...res.issues.filter((i) => i.code !== 'cost_defaults' || res.items.length === 0)].concat(res.issues.some((i) => i.code === 'cost_defaults') ? [{ level: 'info', code: 'cost_defaults', message: 'Costs left blank use the assortment defaults (marked “default” in the table and the export).' }] : []);
    } catch (e) {
      this.messages = [{ level: 'error', code: 'replenish_failed', message: `The replenishment study failed: ${(e as Error).message.split('\n')[0]}`, hint: 'Try a shorter replay or another model. Your data is unchanged.' }];
    } finally {
      this.running = false;
      this.progress = null;
    }
  }
}
