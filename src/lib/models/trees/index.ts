export * from './types';
export * from './binFeatures';
export { fitGbdt, fitGbdtAsync, GBDT_DEFAULTS, type GbdtOptions } from './fitGbdt';
export { fitDecisionTree, DECISION_TREE_DEFAULTS, type DecisionTreeOptions } from './fitDecisionTree';
export { fitRandomForest, RANDOM_FOREST_DEFAULTS, type RandomForestOptions } from './fitRandomForest';
export { predictTrees, predictRaw } from './predictTrees';
export { treesToJson, treesFromJson, type TreeEnsembleJson } from './serializeTrees';
