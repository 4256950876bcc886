/**
 * Orders under a plan of the future (planned promotions, prices, holidays): the user's plan is checked
 * against the baseline plan (`validatePlan` of `src/lib/forecast`), then the backtest's chosen model —
 * global models included — is fitted once on all of the data and forecasts from that plan with its
 * calibrated quantiles (`fitForecaster` + `forecastFromPlan`, as `npm run forecast --plan` does).
 */
import { calibrateQuantiles, type BacktestResult } from '../backtest';
import type { AnyModel } from '../backtest/fitPredict';
import type { CovariateMeta, DataIssue, Freq } from '../data/contract';
import { candidateRows, ensembleMethod } from '../forecast/calibratedCoverage';
import type { ForecastSet } from '../forecast/contract';
import { createBaselinePlan } from '../forecast/plan';
import { fitForecaster, forecastFromPlan } from '../forecast/planForecaster';
import type { QuantileLevel } from '../forecast/quantiles';
import { validatePlan } from '../forecast/validatePlan';
import type { TrainData } from '../models/protocol';
import { withZeroWhen } from '../pipeline/withZeroWhen';
import type { SelectScoreResult } from '../pipeline/selectAndScore';
import type { SqlEngine } from '../pipeline/sqlEngine';

/** A plan of the future given by the user: a loaded table (text columns are fine) and its name. */
export interface UserPlan {
  /** Table holding the user's rows (`unique_id, ds, <known-future columns…>`, optional `_line`). */
  input: string;
  name: string;
  /** Fill series/dates the plan lacks from the baseline (default false: an error naming them). */
  fill?: boolean;
}

/** Checks the plan against the baseline of `sales`; the checked table, or the issues that stop it. */
export async function checkUserPlan(engine: SqlEngine, plan: UserPlan, o: { freq: Freq; h: number; covariates: CovariateMeta[] }): Promise<{ table?: string; baseline: string; issues: DataIssue[] }> {
  const base = await createBaselinePlan(engine, { freq: o.freq, h: o.h, covariates: o.covariates });
  const checked = await validatePlan(engine, { input: plan.input, baseline: base.table, covariates: o.covariates, fill: plan.fill });
  return { table: checked.table, baseline: base.table, issues: checked.issues };
}

/** Options of {@link forecastUnderPlan}. */
export interface PlanForecastOptions {
  train: TrainData;
  freq: Freq;
  h: number;
  covariates: CovariateMeta[];
  backtest: BacktestResult;
  score: SelectScoreResult;
  /** The candidate models by name. */
  models: AnyModel[];
  fallback: AnyModel;
  /** The checked plan table and the baseline the fit's own future rows come from. */
  table: string;
  baseline: string;
  name: string;
  levels: QuantileLevel[];
  zeroWhen?: { column: string; value: string };
  knownZero?: (id: string, ds: number) => boolean;
}

/** The selected candidate's forecast under the plan, quantiles calibrated on its backtest rows. */
export async function forecastUnderPlan(engine: SqlEngine, o: PlanForecastOptions): Promise<ForecastSet> {
  const chosen = o.score.selected;
  const rows = candidateRows(o.backtest, o.score, chosen);
  const calibration = calibrateQuantiles(rows, { h: o.h, knownZero: o.knownZero });
  const ens = o.score.ensembles.find((e) => e.name === chosen);
  const names = ens ? ens.members : [chosen];
  const zero = o.zeroWhen ? { column: o.zeroWhen.column, value: Number(o.zeroWhen.value) } : undefined;
  const models = names.map((n) => {
    const m = o.models.find((v) => v.name === n);
    if (!m) throw new Error(`forecastUnderPlan: ${n} is not among the candidate models`);
    return zero ? withZeroWhen(m, zero) : m;
  });
  const fitted = await fitForecaster(engine, o.train, {
    freq: o.freq, h: o.h, models, covariates: o.covariates, fallback: o.fallback, plan: o.baseline,
    ...(ens ? { ensemble: { name: ens.name, method: ensembleMethod(ens.name), members: ens.members, weights: ens.weights } } : {}),
    ...(o.zeroWhen ? { exclude: o.zeroWhen } : {}), ...(zero ? { zeroWhen: zero } : {}),
  });
  return forecastFromPlan(fitted, { table: o.table, name: o.name, levels: o.levels, calibration });
}
