/** Global random forest on the feature frame (conformal intervals). */
import { fitRandomForest, predictTrees, type RandomForestOptions, type TreeEnsemble } from '../trees';
import { makeGlobalModel } from './makeGlobalModel';
import type { GlobalOptions } from './types';

/** Options of the global random forest. */
export interface GlobalForestOptions extends Omit<RandomForestOptions, 'categorical'>, GlobalOptions {}

/** `random_forest`: bagged trees across all series; robust, slower than `gbdt`. */
export const randomForest = makeGlobalModel<GlobalForestOptions, TreeEnsemble>({
  name: 'random_forest',
  label: 'Random forest (global)',
  kind: 'tree',
  description: 'Bootstrap-bagged regression trees across all series on the feature frame; intervals from held-out residuals.',
  defaults: { numTrees: 60, maxDepth: 14, minDataInLeaf: 5, sampleFraction: 0.5, maxFeatures: 1 / 3, intervals: 'conformal' },
  fitMatrix: (frame, o, run) => {
    const { scaleTarget: _s, levels: _l, intervals: _i, ...rf } = o;
    void _s, void _l, void _i;
    return fitRandomForest(frame, { ...rf, seed: run.seed ?? rf.seed, categorical: frame.categorical }, { signal: run.signal });
  },
  predictMatrix: (model, frame) => predictTrees(model, frame.columns),
});
