/**
 * Global feature-based models (one model across all series on `TrainData.features`) and the helper that
 * turns any matrix fit/predict pair into a ModelSpec. Importing this module registers them.
 */
import { registerModel } from '../registry';
import { gbdt, gbdtRecursive } from './gbdt';
import { linear } from './linear';
import { randomForest } from './randomForest';
import { tree } from './tree';
import { gru, lstm, mlp, tide, transformer } from './neural';

export { makeGlobalModel } from './makeGlobalModel';
export type { GlobalModelDef, GlobalOptions, GlobalRun, GlobalState } from './types';
export { strategyOf, type LagStrategy } from './strategy';
export { frameRows, frameColumns, isTargetColumn, type FrameMeta, type FrameRows } from './frameRows';
export { seriesScales, selectRows, type SelectRowsOptions } from './targetScale';
export { gbdt, gbdtRecursive, thinRows, type GlobalGbdtOptions } from './gbdt';
export { isRecursive, predictRecursive, type RecursiveOptions } from './recursive';
export { tree, type GlobalTreeOptions } from './tree';
export { randomForest, type GlobalForestOptions } from './randomForest';
export { linear, type GlobalLinearOptions, type GlobalLinearState } from './linear';
export { mlp, lstm, gru, tide, transformer } from './neural';

registerModel(gbdt);
registerModel(gbdtRecursive);
registerModel(tree);
registerModel(randomForest);
registerModel(linear);
registerModel(mlp);
for (const m of [lstm, gru, tide, transformer]) registerModel(m);
