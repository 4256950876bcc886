/**
 * The price-response regression's own answer to a scenario, to set beside the forecasting model's:
 * incremental units = Σ over promoted periods of baseline × ((scenario price / base price)^elasticity × type lift − 1).
 */
import type { PromoWindow, UpliftRow } from './decomposeUplift';
import type { ElasticityEstimate } from './estimateElasticities';

/** The two answers for one promoted series. */
export interface ResponseCheck {
  unique_id: string;
  modelIncremental: number;
  regressionIncremental: number | null;
  elasticity: number | null;
  se: number | null;
  method: ElasticityEstimate['method'];
  /** Relative gap |model − regression| / |regression| (null without a regression answer). */
  gap: number | null;
  note?: string;
}

/** Compares the model's incremental units with the regression's on every promoted window. */
export function regressionUplift(rows: UpliftRow[], windows: PromoWindow[], estimates: ElasticityEstimate[], typeCode: (w: PromoWindow) => string): ResponseCheck[] {
  const byId = new Map(estimates.map((e) => [e.unique_id, e]));
  return windows.map((w) => {
    const e = byId.get(w.unique_id);
    const inWin = rows.filter((r) => r.unique_id === w.unique_id && r.ds >= w.from && r.ds <= w.to);
    const model = inWin.reduce((a, r) => a + r.scenario - r.baseline, 0);
    const lift = e?.liftByType[typeCode(w)]?.factor ?? (e && Object.keys(e.liftByType).length === 1 && e.liftByType.promo ? e.liftByType.promo.factor : 1);
    if (!e || (e.elasticity === null && !Object.keys(e.liftByType).length))
      return { unique_id: w.unique_id, modelIncremental: model, regressionIncremental: null, elasticity: null, se: null, method: e?.method ?? 'none', gap: null, note: e?.reason ?? 'no estimate for this series' };
    const el = e.elasticity ?? 0;
    const reg = inWin.reduce((a, r) => a + r.baseline * (Math.pow(r.scenarioPrice / r.basePrice, el) * lift - 1), 0);
    return {
      unique_id: w.unique_id, modelIncremental: model, regressionIncremental: reg, elasticity: e.elasticity, se: e.se, method: e.method,
      gap: Math.abs(reg) > 1e-9 ? Math.abs(model - reg) / Math.abs(reg) : null, ...(e.reason ? { note: e.reason } : {}),
    };
  });
}
