/**
 * Histogram gradient boosting (LightGBM-style): leaf-wise growth, missing values routed to the better
 * side, row and feature subsampling, shrinkage, early stopping, L2 / L1 / quantile / Poisson / Tweedie.
 *
 * Written here over typed arrays because no maintained JavaScript library does histogram GBDT well:
 * the npm GBDT/XGBoost ports are unmaintained, build one object per row or node, grow level-wise only,
 * and lack missing-value routing, early stopping and count objectives; WASM builds of XGBoost/LightGBM
 * are not published as maintained packages.
 */
import { createRng } from '../../data/random';
import { binFeatures } from './binFeatures';
import { gradients, initScore, linkOf, meanLoss, quantileOf, renewQuantile } from './objectives';
import { addTree } from './predictTrees';
import { allFeatures, checkShape, defined, finiteRows, sampleFeatures, sampleRows } from './sampling';
import { TreeGrower } from './TreeGrower';
import type { FitRun, Objective, TreeData, TreeEnsemble } from './types';

/** GBDT hyper-parameters; every field has a default in `GBDT_DEFAULTS`. */
export interface GbdtOptions {
  objective?: Objective;
  /** Quantile level for `objective: 'quantile'`. */
  alpha?: number;
  /** Tweedie variance power in (1, 2). */
  tweedieVariancePower?: number;
  numRounds?: number;
  learningRate?: number;
  numLeaves?: number;
  maxDepth?: number;
  minDataInLeaf?: number;
  minSumHessian?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  minGainToSplit?: number;
  /** Fraction of rows drawn (without replacement) for each tree. */
  subsample?: number;
  /** Fraction of features drawn for each tree. */
  colsample?: number;
  maxBins?: number;
  /** Per column: integer-coded categorical feature. */
  categorical?: boolean[];
  /** Stop when the validation loss has not improved for this many rounds (0 = off). */
  earlyStoppingRounds?: number;
  seed?: number;
  catSmooth?: number;
  catL2?: number;
  maxCatToOnehot?: number;
  maxCatThreshold?: number;
}

/** Defaults of `fitGbdt` (LightGBM's, except `lambda` 1 and 200 rounds). */
export const GBDT_DEFAULTS: Required<Omit<GbdtOptions, 'categorical'>> = {
  objective: 'l2',
  alpha: 0.5,
  tweedieVariancePower: 1.5,
  numRounds: 200,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: Infinity,
  minDataInLeaf: 20,
  minSumHessian: 1e-3,
  lambda: 1,
  minGainToSplit: 0,
  subsample: 1,
  colsample: 1,
  maxBins: 255,
  earlyStoppingRounds: 0,
  seed: 1,
  catSmooth: 10,
  catL2: 10,
  maxCatToOnehot: 4,
  maxCatThreshold: 32,
};

/** Fits a gradient-boosted tree ensemble; returns the trees up to the best validation iteration. */
export function fitGbdt(train: TreeData, options: GbdtOptions = {}, run: FitRun = {}): TreeEnsemble {
  const rounds = boostingRounds(train, options, run);
  let r = rounds.next();
  while (!r.done) r = rounds.next();
  return r.value;
}

/**
 * {@link fitGbdt} that hands control back to the event loop between boosting rounds (at most every
 * `yieldMs`, default 50 ms), so a worker sees a cancel message while it fits and stops after that round
 * (`run.signal.cancelled` is checked before each one; the trees so far are returned).
 */
export async function fitGbdtAsync(train: TreeData, options: GbdtOptions = {}, run: FitRun = {}, yieldMs = 50): Promise<TreeEnsemble> {
  const rounds = boostingRounds(train, options, run);
  let last = Date.now();
  let r = rounds.next();
  while (!r.done) {
    if (Date.now() - last >= yieldMs) {
      await new Promise((done) => setTimeout(done, 0));
      last = Date.now();
    }
    r = rounds.next();
  }
  return r.value;
}

/** The boosting loop as a generator: one `yield` after every round. */
function* boostingRounds(train: TreeData, options: GbdtOptions, run: FitRun): Generator<number, TreeEnsemble> {
  const o = { ...GBDT_DEFAULTS, ...defined(options) };
  const F = train.columns.length;
  checkShape(train, F, 'train');
  if (run.valid) checkShape(run.valid, F, 'valid');
  const rows = finiteRows(train.y);
  if (o.objective === 'poisson' || o.objective === 'tweedie')
    for (const r of rows) if (train.y[r] < 0) throw new Error(`fitGbdt: ${o.objective} needs y >= 0, row ${r} has ${train.y[r]}`);
  const binned = binFeatures(train.columns, { maxBins: o.maxBins, categorical: options.categorical });
  const grower = new TreeGrower(binned, { ...o, bestFirst: true, colsampleByNode: 1, minDataInLeaf: Math.max(1, o.minDataInLeaf) });
  const rng = createRng(o.seed);
  const n = train.y.length;
  const base = initScore(o.objective, o, train.y, rows);
  const raw = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const valid = run.valid;
  const vRows = valid ? finiteRows(valid.y) : null;
  const vRaw = valid ? new Float64Array(valid.y.length).fill(base) : null;
  const q = renewQuantile(o.objective, o);
  const unitHessian = linkOf(o.objective) === 'identity';
  const model: TreeEnsemble = {
    kind: 'gbdt',
    objective: o.objective,
    numFeatures: F,
    baseScore: base,
    combine: 'sum',
    link: linkOf(o.objective),
    trees: [],
    featureGain: new Float64Array(F),
    bestIteration: -1,
  };
  const gains: Float64Array[] = [];
  let best = Infinity;
  for (let iter = 0; iter < o.numRounds && rows.length; iter++) {
    if (run.signal?.cancelled) break;
    gradients(o.objective, o, train.y, raw, rows, g, h);
    const bag = o.subsample < 1 ? sampleRows(rows, o.subsample, rng) : rows;
    const feats = o.colsample < 1 ? sampleFeatures(F, o.colsample, rng) : allFeatures(F);
    const grown = grower.grow(g, h, bag, feats, rng, unitHessian);
    const { tree, leafNodes, leafStart, leafEnd, idx } = grown;
    if (q === q) {
      // L1/quantile: the leaf value is the residual quantile of its rows (gradients only pick splits).
      for (let k = 0; k < leafNodes.length; k++) {
        const res = new Float64Array(leafEnd[k] - leafStart[k]);
        for (let i = leafStart[k]; i < leafEnd[k]; i++) res[i - leafStart[k]] = train.y[idx[i]] - raw[idx[i]];
        tree.value[leafNodes[k]] = quantileOf(res, q);
      }
    }
    for (let k = 0; k < leafNodes.length; k++) tree.value[leafNodes[k]] *= o.learningRate;
    model.trees.push(tree);
    gains.push(grown.gain);
    if (bag === rows)
      for (let k = 0; k < leafNodes.length; k++) {
        const v = tree.value[leafNodes[k]];
        for (let i = leafStart[k]; i < leafEnd[k]; i++) raw[idx[i]] += v;
      }
    else addTree(tree, train.columns, raw, 1, rows, 0, rows.length);
    const trainLoss = meanLoss(o.objective, o, train.y, raw, rows);
    let valLoss = NaN;
    if (valid && vRaw && vRows) {
      addTree(tree, valid.columns, vRaw, 1, vRows, 0, vRows.length);
      valLoss = meanLoss(o.objective, o, valid.y, vRaw, vRows);
    }
    run.onIteration?.({ iter, trainLoss, valLoss });
    const score = valLoss === valLoss ? valLoss : trainLoss;
    if (score < best - 1e-12 * Math.abs(best) || model.bestIteration < 0) (best = score), (model.bestIteration = iter);
    if (valid && o.earlyStoppingRounds > 0 && iter - model.bestIteration >= o.earlyStoppingRounds) break;
    yield iter;
  }
  if (valid && o.earlyStoppingRounds > 0) model.trees.length = model.bestIteration + 1;
  else model.bestIteration = model.trees.length - 1;
  for (let i = 0; i < model.trees.length; i++) for (let f = 0; f < F; f++) model.featureGain[f] += gains[i][f];
  return model;
}
