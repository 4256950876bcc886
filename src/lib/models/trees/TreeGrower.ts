/**
 * Grows one regression tree on gradient/hessian statistics from binned features.
 * Histograms (g, h, count per bin) are built for the smaller child only; the larger child's is the
 * parent's minus it, in place (LightGBM's subtraction trick). Row indices are partitioned in place.
 */
import type { BinnedFeatures } from './binFeatures';
import { findBestSplit, type LeafState, type SplitParams } from './findSplit';
import type { Tree } from './types';
import type { Rng } from '../../data/random';

/** Growth constraints of one tree. */
export interface GrowOptions extends SplitParams {
  numLeaves: number;
  maxDepth: number;
  minGainToSplit: number;
  /** `true`: split the leaf with the largest gain first (leaf-wise); `false`: depth-first, no leaf cap. */
  bestFirst: boolean;
  /** Fraction of the tree's features considered at each split (random forest). */
  colsampleByNode: number;
}

/** A grown tree plus where its training rows ended up (valid until the next `grow`). */
export interface GrownTree {
  tree: Tree;
  /** Split gain per feature. */
  gain: Float64Array;
  leafNodes: Int32Array;
  leafStart: Int32Array;
  leafEnd: Int32Array;
  /** Row indices, partitioned so that each leaf's rows are `idx[leafStart..leafEnd)`. */
  idx: Int32Array;
}

/** Grows trees over one binned data set, reusing index, gradient and histogram buffers between trees. */
export class TreeGrower {
  private readonly offsets3: Int32Array;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  private idx = new Int32Array(0);
  private tmp = new Int32Array(0);
  private gOrd = new Float64Array(0);
  private hOrd = new Float64Array(0);
  private readonly mask = new Uint8Array(256);
  private readonly nodeFeats: Int32Array;
  /** All hessians are 1: histograms skip the count slot and read counts from the hessian slot. */
  private unitHessian = false;
  private minGain = 0;

  constructor(
    private readonly binned: BinnedFeatures,
    private readonly o: GrowOptions,
  ) {
    const F = binned.bins.length;
    this.offsets3 = new Int32Array(F);
    let total = 0;
    for (let f = 0; f < F; f++) (this.offsets3[f] = 3 * total), (total += binned.numBins[f]);
    this.histSize = 3 * total;
    this.nodeFeats = new Int32Array(F);
  }

  /** Grows a tree on `rows` (may repeat, for bootstrap) using only `features`; `unitHessian` when every h is 1. */
  grow(g: Float64Array, h: Float64Array, rows: Int32Array, features: Int32Array, rng: Rng, unitHessian = false): GrownTree {
    const o = this.o;
    this.unitHessian = unitHessian;
    const m = rows.length;
    this.ensure(m);
    this.idx.set(rows);
    const maxLeaves = Math.max(1, Math.min(o.numLeaves, 2 ** Math.min(o.maxDepth, 24), Math.floor(m / Math.max(1, o.minDataInLeaf))));
    const cap = 2 * maxLeaves - 1;
    const t: Tree = {
      feature: new Int32Array(cap).fill(-1),
      threshold: new Float64Array(cap),
      left: new Int32Array(cap).fill(-1),
      right: new Int32Array(cap).fill(-1),
      flags: new Uint8Array(cap),
      value: new Float64Array(cap),
      catBits: new Uint32Array(0),
    };
    const catBits: number[] = [];
    const gain = new Float64Array(this.binned.bins.length);
    const leaves: LeafState[] = [];
    let nodes = 1;
    const root = this.newLeaf(0, 0, m, 0);
    this.build(root, g, h, features);
    let g2 = 0;
    for (let i = 0; i < m; i++) (root.g += this.gOrd[i]), (root.h += this.hOrd[i]), (g2 += this.gOrd[i] ** 2);
    root.c = m;
    // Gains this small relative to the total are rounding noise (e.g. in already pure leaves).
    this.minGain = Math.max(o.minGainToSplit, (1e-11 * g2 * m) / Math.max(root.h, 1e-300));
    const open: LeafState[] = [];
    this.consider(root, features, rng, open, leaves);
    let numLeaves = 1;
    while (open.length && numLeaves < maxLeaves) {
      let k = open.length - 1;
      if (o.bestFirst) for (let j = 0; j < open.length - 1; j++) if (open[j].gain > open[k].gain) k = j;
      const leaf = open[k];
      open.splice(k, 1);
      const f = leaf.feature;
      const mid = this.partition(leaf);
      const l = this.newLeaf(nodes, leaf.start, mid, leaf.depth + 1);
      const r = this.newLeaf(nodes + 1, mid, leaf.end, leaf.depth + 1);
      (l.g = leaf.lg), (l.h = leaf.lh), (l.c = leaf.lc);
      (r.g = leaf.g - leaf.lg), (r.h = leaf.h - leaf.lh), (r.c = leaf.c - leaf.lc);
      const n = leaf.node;
      t.feature[n] = f;
      t.left[n] = nodes;
      t.right[n] = nodes + 1;
      if (leaf.catMask) {
        t.flags[n] = 2;
        t.threshold[n] = catBits.length;
        pushCodes(catBits, leaf.catMask, this.binned.categories[f]);
      } else {
        t.flags[n] = leaf.defaultLeft ? 1 : 0;
        t.threshold[n] = leaf.bin === 0 ? -Infinity : this.binned.cuts[f][leaf.bin - 1];
      }
      gain[f] += leaf.gain;
      nodes += 2;
      numLeaves++;
      this.childHistograms(leaf, l, r, g, h, features);
      this.consider(l, features, rng, open, leaves);
      this.consider(r, features, rng, open, leaves);
    }
    for (const leaf of open) this.finish(leaf, leaves);
    for (const leaf of leaves) t.value[leaf.node] = -leaf.g / (leaf.h + o.lambda);
    t.feature = t.feature.slice(0, nodes);
    t.threshold = t.threshold.slice(0, nodes);
    t.left = t.left.slice(0, nodes);
    t.right = t.right.slice(0, nodes);
    t.flags = t.flags.slice(0, nodes);
    t.value = t.value.slice(0, nodes);
    t.catBits = Uint32Array.from(catBits);
    return {
      tree: t,
      gain,
      leafNodes: Int32Array.from(leaves, (x) => x.node),
      leafStart: Int32Array.from(leaves, (x) => x.start),
      leafEnd: Int32Array.from(leaves, (x) => x.end),
      idx: this.idx,
    };
  }

  /**
   * Histograms of the children that may still be split: the smaller child's is built, the larger one
   * takes the parent's minus it; a child that cannot split gets none.
   */
  private childHistograms(parent: LeafState, l: LeafState, r: LeafState, g: Float64Array, h: Float64Array, features: Int32Array) {
    const needs = (x: LeafState) => x.depth < this.o.maxDepth && x.c >= 2 * this.o.minDataInLeaf;
    const [small, large] = l.c <= r.c ? [l, r] : [r, l];
    const hist = parent.hist!;
    parent.hist = null;
    if (!needs(large)) {
      this.pool.push(hist);
      if (needs(small)) this.build(small, g, h, features);
      return;
    }
    // Building a small larger child directly is cheaper than a full-histogram subtraction.
    if (!needs(small) && (large.c - small.c) * features.length < this.histSize) {
      this.pool.push(hist);
      this.build(large, g, h, features);
      return;
    }
    this.build(small, g, h, features);
    const hs = small.hist!;
    for (let j = 0; j < features.length; j++) {
      const f = features[j];
      const end = this.offsets3[f] + 3 * this.binned.numBins[f];
      for (let b = this.offsets3[f]; b < end; b++) hist[b] -= hs[b];
    }
    large.hist = hist;
    if (!needs(small)) this.pool.push(hs), (small.hist = null);
  }

  private ensure(m: number) {
    if (this.idx.length >= m) return;
    this.idx = new Int32Array(m);
    this.tmp = new Int32Array(m);
    this.gOrd = new Float64Array(m);
    this.hOrd = new Float64Array(m);
  }

  private newLeaf(node: number, start: number, end: number, depth: number): LeafState {
    return { node, start, end, depth, g: 0, h: 0, c: 0, hist: null, gain: 0, feature: -1, bin: 0, defaultLeft: false, catMask: null, lg: 0, lh: 0, lc: 0 };
  }

  /** Finds the leaf's best split; keeps it open if splittable, else retires it. */
  private consider(leaf: LeafState, features: Int32Array, rng: Rng, open: LeafState[], leaves: LeafState[]) {
    const o = this.o;
    if (leaf.hist && leaf.depth < o.maxDepth && leaf.c >= 2 * o.minDataInLeaf) {
      let nf = features.length;
      let feats = features;
      if (o.colsampleByNode < 1) {
        feats = this.nodeFeats;
        feats.set(features);
        nf = Math.max(1, Math.round(nf * o.colsampleByNode));
        for (let i = 0; i < nf; i++) {
          const j = i + Math.floor(rng.next() * (features.length - i));
          const s = feats[i];
          (feats[i] = feats[j]), (feats[j] = s);
        }
      }
      findBestSplit(leaf, this.binned, this.offsets3, feats, nf, o, this.unitHessian ? 1 : 2);
      if (leaf.feature >= 0 && leaf.gain > this.minGain) {
        open.push(leaf);
        return;
      }
    }
    this.finish(leaf, leaves);
  }

  private finish(leaf: LeafState, leaves: LeafState[]) {
    if (leaf.hist) this.pool.push(leaf.hist);
    leaf.hist = null;
    leaves.push(leaf);
  }

  /**
   * Histogram of the leaf's rows over `features`: gradients gathered in row order first, then four
   * features per pass (independent bins keep the CPU busy). With unit hessians the count is the hessian.
   */
  private build(leaf: LeafState, g: Float64Array, h: Float64Array, features: Int32Array) {
    const hist = (leaf.hist = this.pool.pop() ?? new Float64Array(this.histSize));
    const { idx, gOrd, hOrd, offsets3 } = this;
    const { bins, numBins } = this.binned;
    const { start, end } = leaf;
    const unit = this.unitHessian;
    for (let i = start, k = 0; i < end; i++, k++) {
      const r = idx[i];
      gOrd[k] = g[r];
      hOrd[k] = h[r];
    }
    for (let j = 0; j < features.length; j++) hist.fill(0, offsets3[features[j]], offsets3[features[j]] + 3 * numBins[features[j]]);
    let j = 0;
    for (; j + 3 < features.length; j += 4) {
      const [c0, c1, c2, c3] = [bins[features[j]], bins[features[j + 1]], bins[features[j + 2]], bins[features[j + 3]]];
      const [o0, o1, o2, o3] = [offsets3[features[j]], offsets3[features[j + 1]], offsets3[features[j + 2]], offsets3[features[j + 3]]];
      if (unit)
        for (let i = start, k = 0; i < end; i++, k++) {
          const r = idx[i];
          const gg = gOrd[k];
          const a = o0 + 3 * c0[r], b = o1 + 3 * c1[r], c = o2 + 3 * c2[r], d = o3 + 3 * c3[r];
          hist[a] += gg; hist[a + 1] += 1; hist[b] += gg; hist[b + 1] += 1;
          hist[c] += gg; hist[c + 1] += 1; hist[d] += gg; hist[d + 1] += 1;
        }
      else
        for (let i = start, k = 0; i < end; i++, k++) {
          const r = idx[i];
          const gg = gOrd[k], hh = hOrd[k];
          const a = o0 + 3 * c0[r], b = o1 + 3 * c1[r], c = o2 + 3 * c2[r], d = o3 + 3 * c3[r];
          hist[a] += gg; hist[a + 1] += hh; hist[a + 2] += 1; hist[b] += gg; hist[b + 1] += hh; hist[b + 2] += 1;
          hist[c] += gg; hist[c + 1] += hh; hist[c + 2] += 1; hist[d] += gg; hist[d + 1] += hh; hist[d + 2] += 1;
        }
    }
    for (; j < features.length; j++) {
      const col = bins[features[j]];
      const base = offsets3[features[j]];
      for (let i = start, k = 0; i < end; i++, k++) {
        const b = base + 3 * col[idx[i]];
        hist[b] += gOrd[k];
        hist[b + 1] += hOrd[k];
        if (!unit) hist[b + 2] += 1;
      }
    }
  }

  /** Stable in-place partition of the leaf's rows; returns the first index of the right child. */
  private partition(leaf: LeafState): number {
    const { idx, tmp, mask } = this;
    const col = this.binned.bins[leaf.feature];
    if (leaf.catMask) mask.set(leaf.catMask);
    else {
      mask.fill(0);
      mask.fill(1, 1, leaf.bin + 1);
      mask[0] = leaf.defaultLeft ? 1 : 0;
    }
    let l = leaf.start;
    let r = 0;
    // Branch-free: the side a row goes to is close to random, so branches would mispredict.
    for (let i = leaf.start; i < leaf.end; i++) {
      const row = idx[i];
      const m = mask[col[row]];
      idx[l] = row;
      tmp[r] = row;
      l += m;
      r += 1 - m;
    }
    idx.set(tmp.subarray(0, r), l);
    return l;
  }
}

/** Appends a word count and a bitset of the category codes whose bins are set in `mask`. */
function pushCodes(out: number[], mask: Uint8Array, codes: Float64Array) {
  let max = 0;
  for (let b = 1; b < codes.length; b++) if (mask[b]) max = Math.max(max, codes[b]);
  const words = (max >>> 5) + 1;
  const at = out.length;
  out.push(words);
  for (let w = 0; w < words; w++) out.push(0);
  for (let b = 1; b < codes.length; b++) if (mask[b]) out[at + 1 + (codes[b] >>> 5)] |= 1 << (codes[b] & 31);
  for (let w = 0; w < words; w++) out[at + 1 + w] >>>= 0;
}
