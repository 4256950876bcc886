/** Up to four scenarios side by side, the best marked by the chosen objective. */
import type { DataIssue } from '../data/contract';
import type { UpliftResult } from './decomposeUplift';

/** What a plan is judged by. */
export type PromoObjective = 'profit' | 'revenue' | 'units';

/** One compared scenario. */
export interface ScenarioSummary {
  name: string;
  /** Net units, Δrevenue, Δgross margin, Δprofit (fees included) against the baseline. */
  netUnits: number;
  revenue: number;
  grossMargin: number;
  profit: number;
  best: boolean;
}

/** The most scenarios compared at once. */
export const MAX_SCENARIOS = 4;

/** Summarises scenarios and marks the best one (ties: the first); more than four → an issue, the first four kept. */
export function compareScenarios(results: { name: string; result: UpliftResult }[], objective: PromoObjective = 'profit'): { rows: ScenarioSummary[]; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  if (results.length > MAX_SCENARIOS)
    issues.push({ level: 'warning', code: 'too_many_scenarios', message: `${results.length} scenarios were given; only the first ${MAX_SCENARIOS} are compared.`, hint: 'Remove a scenario to compare another.' });
  const rows = results.slice(0, MAX_SCENARIOS).map(({ name, result: r }) => ({
    name, netUnits: r.total.net, revenue: r.total.delta.revenue, grossMargin: r.total.delta.grossMargin, profit: r.total.delta.profit, best: false,
  }));
  const key = (s: ScenarioSummary) => (objective === 'units' ? s.netUnits : s[objective]);
  let best = -1;
  rows.forEach((s, i) => {
    if (best < 0 || key(s) > key(rows[best])) best = i;
  });
  if (best >= 0) rows[best].best = true;
  return { rows, issues };
}
