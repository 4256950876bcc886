/** A single CART-style regression tree (squared error) on the shared histogram builder. */
import { createRng } from '../../data/random';
import { binFeatures } from './binFeatures';
import { allFeatures, checkShape, defined, finiteRows } from './sampling';
import { initScore } from './objectives';
import { TreeGrower } from './TreeGrower';
import type { TreeData, TreeEnsemble } from './types';

/** Decision-tree hyper-parameters; defaults in `DECISION_TREE_DEFAULTS`. */
export interface DecisionTreeOptions {
  maxDepth?: number;
  minDataInLeaf?: number;
  /** Minimum decrease of the squared error (×2, as in GBDT gain) needed to split. */
  minGainToSplit?: number;
  /** L2 penalty on leaf values (0 = leaf means). */
  lambda?: number;
  maxBins?: number;
  categorical?: boolean[];
}

/** Defaults of `fitDecisionTree`. */
export const DECISION_TREE_DEFAULTS: Required<Omit<DecisionTreeOptions, 'categorical'>> = {
  maxDepth: 8,
  minDataInLeaf: 5,
  minGainToSplit: 0,
  lambda: 0,
  maxBins: 255,
};

/** Split constants shared by the single tree and the forest (squared error, unit hessians). */
export const CART_SPLIT = { minSumHessian: 0, catSmooth: 10, catL2: 0, maxCatToOnehot: 4, maxCatThreshold: 32 };

/**
 * Fits one tree, depth-first without a leaf cap, which yields the same tree as level-wise growth to
 * `maxDepth` while keeping only O(depth) histograms alive. No shrinkage: leaves hold row means.
 */
export function fitDecisionTree(train: TreeData, options: DecisionTreeOptions = {}): TreeEnsemble {
  const o = { ...DECISION_TREE_DEFAULTS, ...defined(options) };
  const F = train.columns.length;
  checkShape(train, F, 'train');
  const rows = finiteRows(train.y);
  const binned = binFeatures(train.columns, { maxBins: o.maxBins, categorical: options.categorical });
  const grower = new TreeGrower(binned, {
    ...CART_SPLIT,
    numLeaves: Infinity,
    maxDepth: o.maxDepth,
    minDataInLeaf: Math.max(1, o.minDataInLeaf),
    minGainToSplit: o.minGainToSplit,
    lambda: o.lambda,
    bestFirst: false,
    colsampleByNode: 1,
  });
  const base = initScore('l2', { alpha: 0.5, tweedieVariancePower: 1.5 }, train.y, rows);
  const { g, h } = residualGradients(train.y, rows, base);
  const grown = grower.grow(g, h, rows, allFeatures(F), createRng(1), true);
  return {
    kind: 'tree',
    objective: 'l2',
    numFeatures: F,
    baseScore: base,
    combine: 'sum',
    link: 'identity',
    trees: [grown.tree],
    featureGain: grown.gain,
    bestIteration: 0,
  };
}

/** Squared-error gradients around a constant `base` (leaf value −G/H = mean residual). */
export function residualGradients(y: Float32Array, rows: Int32Array, base: number): { g: Float64Array; h: Float64Array } {
  const g = new Float64Array(y.length);
  const h = new Float64Array(y.length);
  for (const r of rows) (g[r] = base - y[r]), (h[r] = 1);
  return { g, h };
}
