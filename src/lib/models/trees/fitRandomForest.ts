/** Random forest: bootstrap-bagged regression trees with per-split feature subsampling (seeded). */
import { createRng } from '../../data/random';
import { binFeatures } from './binFeatures';
import { CART_SPLIT, residualGradients } from './fitDecisionTree';
import { allFeatures, checkShape, defined, finiteRows } from './sampling';
import { initScore } from './objectives';
import { TreeGrower } from './TreeGrower';
import type { FitRun, TreeData, TreeEnsemble } from './types';

/** Random-forest hyper-parameters; defaults in `RANDOM_FOREST_DEFAULTS`. */
export interface RandomForestOptions {
  numTrees?: number;
  maxDepth?: number;
  minDataInLeaf?: number;
  /** Bootstrap sample size as a fraction of the training rows (drawn with replacement). */
  sampleFraction?: number;
  /** Fraction of features tried at each split (1/3 is the usual regression choice). */
  maxFeatures?: number;
  maxBins?: number;
  categorical?: boolean[];
  seed?: number;
}

/** Defaults of `fitRandomForest`. */
export const RANDOM_FOREST_DEFAULTS: Required<Omit<RandomForestOptions, 'categorical'>> = {
  numTrees: 100,
  maxDepth: 16,
  minDataInLeaf: 5,
  sampleFraction: 1,
  maxFeatures: 1 / 3,
  maxBins: 255,
  seed: 1,
};

/** Fits a random forest; `run.onIteration` reports each tree (`trainLoss` = in-bag MSE of that tree). */
export function fitRandomForest(train: TreeData, options: RandomForestOptions = {}, run: FitRun = {}): TreeEnsemble {
  const o = { ...RANDOM_FOREST_DEFAULTS, ...defined(options) };
  const F = train.columns.length;
  checkShape(train, F, 'train');
  const rows = finiteRows(train.y);
  const binned = binFeatures(train.columns, { maxBins: o.maxBins, categorical: options.categorical });
  const grower = new TreeGrower(binned, {
    ...CART_SPLIT,
    numLeaves: Infinity,
    maxDepth: o.maxDepth,
    minDataInLeaf: Math.max(1, o.minDataInLeaf),
    minGainToSplit: 0,
    lambda: 0,
    bestFirst: false,
    colsampleByNode: o.maxFeatures,
  });
  const base = initScore('l2', { alpha: 0.5, tweedieVariancePower: 1.5 }, train.y, rows);
  const { g, h } = residualGradients(train.y, rows, base);
  const rng = createRng(o.seed);
  const model: TreeEnsemble = {
    kind: 'forest',
    objective: 'l2',
    numFeatures: F,
    baseScore: base,
    combine: 'mean',
    link: 'identity',
    trees: [],
    featureGain: new Float64Array(F),
    bestIteration: -1,
  };
  const m = Math.max(1, Math.round(rows.length * o.sampleFraction));
  const bag = new Int32Array(m);
  for (let t = 0; t < o.numTrees && rows.length; t++) {
    if (run.signal?.cancelled) break;
    for (let i = 0; i < m; i++) bag[i] = rows[rng.int(0, rows.length)];
    bag.sort();
    const grown = grower.grow(g, h, bag, allFeatures(F), rng, true);
    model.trees.push(grown.tree);
    for (let f = 0; f < F; f++) model.featureGain[f] += grown.gain[f];
    model.bestIteration = t;
    run.onIteration?.({ iter: t, trainLoss: inBagMse(grown.tree.value, grown, train.y, base), valLoss: NaN });
  }
  return model;
}

function inBagMse(value: Float64Array, grown: { leafNodes: Int32Array; leafStart: Int32Array; leafEnd: Int32Array; idx: Int32Array }, y: Float32Array, base: number): number {
  let s = 0;
  let n = 0;
  for (let k = 0; k < grown.leafNodes.length; k++) {
    const v = base + value[grown.leafNodes[k]];
    for (let i = grown.leafStart[k]; i < grown.leafEnd[k]; i++, n++) s += (y[grown.idx[i]] - v) ** 2;
  }
  return n ? s / n : NaN;
}
