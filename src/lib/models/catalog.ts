/**
 * What each registered model declares about itself, as data the page can list: its inputs (history only,
 * known-future covariates, statics), its typed options with their defaults, and what it can do (be saved,
 * tuned, explained, answer a plan, be backtested). `validateOptions` checks options at a worker boundary:
 * an unknown or ill-typed option is refused with its name.
 */
import type { AnyModelSpec } from './registry';
import { getModel, listModels } from './registry';
import { strategyOf, type LagStrategy } from './global/strategy';

/** What a model reads besides the target's own history. */
export type ModelInput = 'history' | 'known_future' | 'statics';

/** The type of one option, taken from its default. */
export type OptionType = 'number' | 'boolean' | 'string' | 'number[]';

/** One option a model takes. */
export interface OptionSpec {
  name: string;
  type: OptionType;
  default: number | boolean | string | number[];
}

/** What a model can do in the studio. */
export interface ModelCapabilities {
  /** Saved to a file / the browser and loaded back. */
  save: boolean;
  /** Has a hyper-parameter search space. */
  tune: boolean;
  /** Permutation importance and the forecast decomposition. */
  explain: boolean;
  /** Forecasts from planned known-future covariates (price, promotion…). */
  plan: boolean;
  /** Runs in the Backtest step. */
  backtest: boolean;
}

/** A model as the page lists it (JSON-serialisable). */
export interface ModelCard {
  name: string;
  label: string;
  kind: string;
  scope: 'local' | 'global';
  description: string;
  inputs: ModelInput[];
  options: OptionSpec[];
  capabilities: ModelCapabilities;
  /** The lag strategy of the feature frame this model is trained on (recursive: lags from 1, fed forecasts). */
  strategy: LagStrategy;
}

/** Global models trained on the feature frame (lags, calendar, covariates, statics). */
const FRAME = new Set(['gbdt', 'gbdt_recursive', 'tree', 'random_forest', 'linear', 'mlp']);
/** Global sequence networks (windows of each history). */
const SEQ = new Set(['lstm', 'gru', 'tide', 'transformer']);
/** Models with a search space (`models/global/tune`). */
const TUNED = new Set(['gbdt', 'random_forest', 'mlp', 'linear']);
/** Local models that read known-future covariates as regressors. */
const REGRESSORS = new Set(['arima']);
/** Options every frame model takes (`GlobalOptions`), besides its own. */
const FRAME_OPTIONS: OptionSpec[] = [
  { name: 'scaleTarget', type: 'boolean', default: true },
  { name: 'importance', type: 'boolean', default: false },
  { name: 'levels', type: 'number[]', default: [80, 95] },
  { name: 'intervals', type: 'string', default: 'conformal' },
];
/** Options of the sequence networks that are set by the caller. */
const SEQ_OPTIONS: OptionSpec[] = [{ name: 'horizon', type: 'number', default: 28 }];

function typeOf(v: unknown): OptionType | null {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return 'number[]';
  return null;
}

/** The options a model declares: its defaults (typed by their values) plus its family's common ones. */
function optionsOf(spec: AnyModelSpec): OptionSpec[] {
  const own = Object.entries((spec.defaults ?? {}) as Record<string, unknown>).flatMap(([name, v]) => {
    const type = typeOf(v);
    return type ? [{ name, type, default: v as OptionSpec['default'] }] : [];
  });
  const extra = FRAME.has(spec.name) ? FRAME_OPTIONS : SEQ.has(spec.name) ? SEQ_OPTIONS : [];
  return [...own, ...extra.filter((e) => !own.some((o) => o.name === e.name))];
}

/** The card of a registered model. */
export function modelCard(spec: AnyModelSpec): ModelCard {
  const frame = FRAME.has(spec.name);
  const inputs: ModelInput[] = frame ? ['history', 'known_future', 'statics'] : REGRESSORS.has(spec.name) ? ['history', 'known_future'] : ['history'];
  return {
    name: spec.name, label: spec.label, kind: spec.kind, scope: spec.scope, description: spec.description,
    inputs, options: optionsOf(spec), strategy: strategyOf(spec),
    capabilities: { save: frame || SEQ.has(spec.name), tune: TUNED.has(spec.name), explain: frame, plan: frame || REGRESSORS.has(spec.name), backtest: !SEQ.has(spec.name) },
  };
}

/** Every registered model's card, in registration order. */
export function modelCatalog(): ModelCard[] {
  return listModels().map(modelCard);
}

/** An option a model does not take, or one of the wrong type; `name` says which. */
export class OptionError extends Error {
  constructor(
    message: string,
    readonly option: string,
  ) {
    super(message);
    this.name = 'OptionError';
  }
}

/** Checks `options` against model `model`'s declared options; returns them, or throws an {@link OptionError}. */
export function validateOptions(model: string, options: Record<string, unknown>): Record<string, unknown> {
  const card = modelCard(getModel(model));
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const spec = card.options.find((o) => o.name === name);
    if (!spec) throw new OptionError(`The ${card.label} model has no option "${name}" (it takes: ${card.options.map((o) => o.name).join(', ') || 'none'}).`, name);
    const got = typeOf(value);
    const ok = got === spec.type && (spec.type !== 'number' || Number.isFinite(value as number));
    if (!ok) throw new OptionError(`Option "${name}" of ${card.label} must be ${spec.type === 'number[]' ? 'a list of numbers' : `a ${spec.type}`} (got ${JSON.stringify(value)}).`, name);
  }
  return options;
}
