/** Models: the protocol, the registry and the built-in per-series models. */
export type * from './protocol';
export { registerModel, unregisterModel, getModel, hasModel, listModels, modelsFor, type AnyModelSpec } from './registry';
export { modelCard, modelCatalog, validateOptions, OptionError, type ModelCard, type ModelCapabilities, type ModelInput, type OptionSpec, type OptionType } from './catalog';
export * from './baselines';
export * from './statistical';
export * from './global';
export { DEFAULT_CANDIDATES } from './defaultCandidates';
