/** Global single regression tree on the feature frame (conformal intervals). */
import { fitDecisionTree, predictTrees, type DecisionTreeOptions, type TreeEnsemble } from '../trees';
import { makeGlobalModel } from './makeGlobalModel';
import type { GlobalOptions } from './types';

/** Options of the global decision tree. */
export interface GlobalTreeOptions extends Omit<DecisionTreeOptions, 'categorical'>, GlobalOptions {}

/** `tree`: one depth-limited regression tree across all series; readable, fast, a weak baseline. */
export const tree = makeGlobalModel<GlobalTreeOptions, TreeEnsemble>({
  name: 'tree',
  label: 'Decision tree (global)',
  kind: 'tree',
  description: 'One regression tree across all series on the feature frame; intervals from held-out residuals.',
  defaults: { maxDepth: 10, minDataInLeaf: 20, intervals: 'conformal' },
  fitMatrix: (frame, o) => fitDecisionTree(frame, { maxDepth: o.maxDepth, minDataInLeaf: o.minDataInLeaf, minGainToSplit: o.minGainToSplit, lambda: o.lambda, maxBins: o.maxBins, categorical: frame.categorical }),
  predictMatrix: (model, frame) => predictTrees(model, frame.columns),
});
