/**
 * The model registry: every model the studio can run, by short name. Adding a model is one
 * `registerModel(spec)` call (in this file's list or from the model's own folder).
 */
import type { ModelSpec } from './protocol';
import { drift, movingAverage, naive, seasonalNaive } from './baselines';
import { arima, croston, ets, mstl, theta, tsb } from './statistical';

/** A ModelSpec with its options type erased, as stored in the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModelSpec = ModelSpec<any>;

const models = new Map<string, AnyModelSpec>();

/** Registers (or, on hot reload, replaces) a model under `spec.name`; returns the spec. */
export function registerModel<O>(spec: ModelSpec<O>): ModelSpec<O> {
  if (!/^[a-z][a-z0-9_]*$/.test(spec.name)) throw new Error(`registerModel: bad model name "${spec.name}"`);
  models.set(spec.name, spec as AnyModelSpec);
  return spec;
}

/** Removes the model registered as `name` (a plugin taken out, or a test's own model); true if there was one. */
export function unregisterModel(name: string): boolean {
  return models.delete(name);
}

/** The model registered as `name`; throws on an unknown name. */
export function getModel(name: string): AnyModelSpec {
  const m = models.get(name);
  if (!m) throw new Error(`unknown model "${name}"; known: ${[...models.keys()].join(', ')}`);
  return m;
}

/** Whether a model named `name` is registered. */
export function hasModel(name: string): boolean {
  return models.has(name);
}

/** All registered models, in registration order. */
export function listModels(): AnyModelSpec[] {
  return [...models.values()];
}

/** Models whose minimum length a series of `length` periods meets (to suggest alternatives to the user). */
export function modelsFor(length: number, season: number, h: number): AnyModelSpec[] {
  return listModels().filter((m) => length >= m.minLength(season, h));
}

const builtins: AnyModelSpec[] = [naive, seasonalNaive, movingAverage, drift, ets, mstl, arima, theta, croston, tsb];
for (const spec of builtins) registerModel(spec);
