/** Best split of one leaf from its gradient/hessian/count histogram (numeric and categorical). */
import type { BinnedFeatures } from './binFeatures';

/** Regularisation and constraints used when scoring splits. */
export interface SplitParams {
  lambda: number;
  minDataInLeaf: number;
  minSumHessian: number;
  /** Added to the hessian of each category when ordering categories (LightGBM `cat_smooth`). */
  catSmooth: number;
  /** Extra L2 on categorical splits (LightGBM `cat_l2`). */
  catL2: number;
  /** Up to this many categories, try one-vs-rest splits only. */
  maxCatToOnehot: number;
  /** Most categories on the left side of a sorted-partition split. */
  maxCatThreshold: number;
}

/** A leaf being grown: its row segment, sums, histogram and best split found so far. */
export interface LeafState {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  c: number;
  hist: Float64Array | null;
  gain: number;
  feature: number;
  /** Numeric: left = bins 1..bin (plus bin 0 when defaultLeft). */
  bin: number;
  defaultLeft: boolean;
  /** Categorical: 1 for bins that go left. */
  catMask: Uint8Array | null;
  lg: number;
  lh: number;
  lc: number;
}

const order = new Int32Array(256);
const ratio = new Float64Array(256);

/**
 * Scans `features[0..nf)` of `leaf.hist` (triplets g,h,c at `offsets3[f] + 3·bin`) for the best split;
 * the count is read from slot `cSlot` (1 when hessians are all 1 and the count slot is not filled).
 */
export function findBestSplit(
  leaf: LeafState,
  binned: BinnedFeatures,
  offsets3: Int32Array,
  features: Int32Array,
  nf: number,
  p: SplitParams,
  cSlot: number,
): void {
  const hist = leaf.hist!;
  const { g: G, h: H, c: C } = leaf;
  const minD = p.minDataInLeaf;
  const minH = p.minSumHessian;
  leaf.gain = 0;
  leaf.feature = -1;
  if (C < 2 * minD) return;
  const parent = (G * G) / (H + p.lambda);
  for (let k = 0; k < nf; k++) {
    const f = features[k];
    const base = offsets3[f];
    const nb = binned.numBins[f];
    if (binned.categorical[f]) {
      categoricalSplit(leaf, hist, base, nb, f, parent, p, cSlot);
      continue;
    }
    const mg = hist[base];
    const mh = hist[base + 1];
    const mc = hist[base + cSlot];
    const lam = p.lambda;
    let lg = 0;
    let lh = 0;
    let lc = 0;
    // t = 0: only the missing rows go left.
    if (mc >= minD && C - mc >= minD && mh >= minH && H - mh >= minH) {
      const gain = (mg * mg) / (mh + lam) + ((G - mg) * (G - mg)) / (H - mh + lam) - parent;
      if (gain > leaf.gain) setNumeric(leaf, f, 0, true, gain, mg, mh, mc);
    }
    for (let t = 1; t <= nb - 2; t++) {
      const b = base + 3 * t;
      const cnt = hist[b + cSlot];
      if (cnt === 0) continue;
      lg += hist[b];
      lh += hist[b + 1];
      lc += cnt;
      if (lc + mc < minD) continue;
      if (C - lc < minD) break; // the right side only shrinks from here on
      // Missing (bin 0) on the right.
      const rc = C - lc;
      if (lc >= minD && lh >= minH && H - lh >= minH) {
        const gain = (lg * lg) / (lh + lam) + ((G - lg) * (G - lg)) / (H - lh + lam) - parent;
        if (gain > leaf.gain) setNumeric(leaf, f, t, mc === 0 && lc >= rc, gain, lg, lh, lc);
      }
      if (mc > 0 && rc - mc >= minD) {
        // Missing on the left.
        const ag = lg + mg;
        const ah = lh + mh;
        if (ah >= minH && H - ah >= minH) {
          const gain = (ag * ag) / (ah + lam) + ((G - ag) * (G - ag)) / (H - ah + lam) - parent;
          if (gain > leaf.gain) setNumeric(leaf, f, t, true, gain, ag, ah, lc + mc);
        }
      }
    }
  }
}

function setNumeric(leaf: LeafState, f: number, t: number, dl: boolean, gain: number, g: number, h: number, c: number) {
  leaf.gain = gain;
  leaf.feature = f;
  leaf.bin = t;
  leaf.defaultLeft = dl;
  leaf.catMask = null;
  leaf.lg = g;
  leaf.lh = h;
  leaf.lc = c;
}

/** One-vs-rest for few categories, else LightGBM's sorted partition by g/(h + catSmooth). */
function categoricalSplit(leaf: LeafState, hist: Float64Array, base: number, nb: number, f: number, parent: number, p: SplitParams, cs: number) {
  const { g: G, h: H, c: C } = leaf;
  const minD = p.minDataInLeaf;
  const lam = p.lambda + p.catL2;
  let m = 0;
  for (let b = 1; b < nb; b++) {
    const c = hist[base + 3 * b + cs];
    if (c > 0) {
      order[m++] = b;
      ratio[b] = hist[base + 3 * b] / (hist[base + 3 * b + 1] + p.catSmooth);
    }
  }
  if (m < 2 && hist[base + cs] === 0) return;
  const onehot = m <= p.maxCatToOnehot;
  if (!onehot) {
    const sorted = Array.from(order.subarray(0, m)).sort((a, b) => ratio[a] - ratio[b] || a - b);
    order.set(sorted);
  }
  let bestK = -1;
  let bestDir = 0;
  let best = leaf.gain;
  let bg = 0, bh = 0, bc = 0;
  const dirs = onehot ? 1 : 2;
  const maxK = onehot ? m : Math.min(m - 1, p.maxCatThreshold);
  for (let dir = 0; dir < dirs; dir++) {
    let lg = 0, lh = 0, lc = 0;
    for (let k = 0; k < maxK; k++) {
      const b = base + 3 * order[dir === 0 ? k : m - 1 - k];
      if (onehot) (lg = hist[b]), (lh = hist[b + 1]), (lc = hist[b + cs]);
      else (lg += hist[b]), (lh += hist[b + 1]), (lc += hist[b + cs]);
      if (lc < minD || C - lc < minD || lh < p.minSumHessian || H - lh < p.minSumHessian) continue;
      const gain = (lg * lg) / (lh + lam) + ((G - lg) * (G - lg)) / (H - lh + lam) - parent;
      if (gain > best) (best = gain), (bestK = k), (bestDir = dir), (bg = lg), (bh = lh), (bc = lc);
    }
  }
  if (bestK < 0) return;
  const mask = new Uint8Array(256);
  if (onehot) mask[order[bestK]] = 1;
  else for (let k = 0; k <= bestK; k++) mask[order[bestDir === 0 ? k : m - 1 - k]] = 1;
  leaf.gain = best;
  leaf.feature = f;
  leaf.bin = -1;
  leaf.defaultLeft = false;
  leaf.catMask = mask;
  leaf.lg = bg;
  leaf.lh = bh;
  leaf.lc = bc;
}
