/**
 * The next orders of `npm run replenish` (one per series, (R, S) on a forecast from the end of the history)
 * and the series of the order plan: the forecast is the selected model's under the user's plan when one
 * was given (`forecastUnderPlan`), else a per-series model's (`calibratedEndForecast`).
 */
import { addPeriods, dayToIso } from '../data/contract';
import type { BacktestRow } from '../backtest';
import type { ForecastSet } from '../forecast/contract';
import type { QuantileLevel } from '../forecast/quantiles';
import type { TrainData } from '../models/protocol';
import { periodsOfSet, residualDispersion } from './calibratedDemand';
import { isIntermittent as isIntermittentHistory } from './countDistribution';
import { calibratedEndForecast } from './endForecast';
import type { SeriesReplay } from './historyReplay';
import type { InventoryRow, ResolvedInputs } from './inputs';
import type { PlanSeries } from './orderPlan';
import { computePolicies } from './policies';
import { recommendOrders } from './recommendOrders';
import type { OrderOut, ReplenishOptions } from './replenishPipeline';

/**
 * Next orders from a forecast made at the end of the history: under the user's plan, the selected model's
 * (`underPlan`); else the chosen model when it is per-series, or the best per-series model of the backtest
 * (a global model needs the future covariates, which a plan gives).
 */
export async function nextOrders(
  train: TrainData, series: SeriesReplay[], inputsOf: Map<string, ResolvedInputs>, stock: Map<string, InventoryRow>,
  o: ReplenishOptions, selected: string, ranked: string[], btRows: BacktestRow[], levels: QuantileLevel[], knownZero?: (id: string, ds: number) => boolean,
  underPlan?: { set: ForecastSet; rows: BacktestRow[]; correlation: number },
): Promise<{ orders: OrderOut[]; plan: PlanSeries[]; set: ForecastSet }> {
  const locals = o.models.filter((m) => m.scope === 'local');
  const local = locals.find((m) => m.name === selected) ?? ranked.map((n) => locals.find((m) => m.name === n)).find(Boolean) ?? o.fallback;
  const ids = new Set(series.map((s) => s.id));
  const part: TrainData = { ...train, features: undefined, series: train.series.filter((s) => ids.has(s.id)) };
  const span = Math.round(o.leadTime) + Math.max(1, o.review);
  const ownRows = underPlan?.rows ?? btRows.filter((r) => r.model === local.name);
  const { set, calibration } = underPlan ? { set: underPlan.set, calibration: { correlation: underPlan.correlation } } : await calibratedEndForecast({ model: local, train: part, h: o.h, rows: ownRows, levels, span, knownZero });
  const model = { name: underPlan ? `${set.model} (plan ${set.plan})` : local.name };
  const out: OrderOut[] = [];
  const plan: PlanSeries[] = [];
  for (const f of set.series.filter((v) => ids.has(v.id))) {
    const x0 = inputsOf.get(f.id);
    const rep = series.find((s) => s.id === f.id);
    if (!x0 || !rep) continue;
    const fromFile = stock.get(f.id)?.onHand !== undefined;
    const onHand = fromFile ? x0.onHand : rep.policy.trace.onHand[rep.policy.trace.onHand.length - 1];
    const x = { ...x0, onHand };
    const s = part.series.find((v) => v.id === f.id)!;
    const shape = isIntermittentHistory(s.y) ? { intermittent: true, dispersion: residualDispersion(ownRows.filter((r) => r.id === f.id)) } : undefined;
    const periods = periodsOfSet(set, f.id, shape)!;
    plan.push({ inputs: x, periods });
    const pol = computePolicies({ periods, inputs: x, samples: 1000, seed: o.seed, correlation: calibration.correlation });
    const lines = recommendOrders({ policy: 'RS', policies: pol, inputs: x, means: periods.map((p) => p.mean), maxOrders: 1 });
    for (const l of lines)
      out.push({
        unique_id: f.id, order_date: dayToIso(addPeriods(f.ds[0], l.orderIn, o.freq)), quantity: l.quantity,
        arrival_date: dayToIso(addPeriods(f.ds[0], l.arrivesIn, o.freq)), position: round2(l.position), order_up_to: round2(pol.orderUpTo.value),
        on_hand: round2(onHand), on_hand_source: fromFile ? 'stock file' : 'end of simulation', model: model.name, reason: l.reason,
      });
  }
  return { orders: out, plan, set };
}


const round2 = (v: number) => Math.round(v * 100) / 100;
